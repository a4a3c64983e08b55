package io.storagesession.mixer;

import io.storagesession.session.media.H264Probe;
import io.storagesession.session.media.MediaKind;
import io.storagesession.session.media.MediaOut;
import io.storagesession.session.media.MediaPlane;
import io.storagesession.session.media.ParticipantId;
import io.storagesession.session.media.RtcpFeedback;
import io.storagesession.session.sdp.OfferCodecs;
import io.storagesession.session.transport.Rtp;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The SFU half of the media plane (ARCHITECTURE.md "Media rules"): the master's H.264 goes to every connected viewer
 * untouched but for SSRC, sequence number and timestamp ({@link ViewerVideo}); never transcoded. A viewer joining,
 * or a viewer's PLI or FIR (RFC 4585 §6.3.1, RFC 5104 §4.3.1), makes the server ask the master for a keyframe with a
 * PLI, at most once per {@code keyframe-request-interval}. RTX retransmissions from the master are not forwarded:
 * the retransmission cache and NACK handling come with the rest of the media plane. Confined to the session
 * executor.
 */
public final class VideoForwarder implements MediaPlane {
    private static final int RTCP_PSFB = 206;
    private static final int FMT_PLI = 1;
    private static final int FMT_FIR = 4;
    private static final int FMT_MASK = 0x1F;
    private static final int RTCP_HEADER = 4;
    private static final int WORD = 4;
    private static final int KEYFRAME_NALS = (1 << H264Probe.NAL_IDR) | (1 << H264Probe.NAL_SPS);

    private final MixerSettings settings;
    private final LongSupplier nanoTime;
    private final Map<ParticipantId, ViewerVideo> viewers = new HashMap<>();
    private final byte[] rtcp = new byte[RtcpFeedback.RR_LENGTH + RtcpFeedback.PLI_LENGTH + MediaOut.TRAILER_ROOM];
    private MediaOut master;
    private int masterVideoSsrc;
    private boolean masterVideoSeen;
    private long lastKeyframeRequestNanos;
    private boolean keyframeRequested;
    private boolean keyframeWanted;
    long keyframeRequests;

    public VideoForwarder(MixerSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    @Override
    public void connected(ParticipantId participant, MediaOut out) {
        if (participant.isMaster()) {
            master = out;
            masterVideoSeen = false;
        } else {
            viewers.put(participant, new ViewerVideo(out, settings.maxPacketBytes()));
            requestKeyframe();
        }
    }

    @Override
    public void disconnected(ParticipantId participant) {
        if (participant.isMaster()) {
            master = null;
            masterVideoSeen = false;
        } else {
            viewers.remove(participant);
        }
    }

    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
        if (!from.isMaster() || kind != MediaKind.VIDEO || !OfferCodecs.isH264(Rtp.payloadType(buf, off))) {
            return;
        }
        masterVideoSsrc = Rtp.ssrc(buf, off);
        masterVideoSeen = true;
        if (keyframeWanted) {
            requestKeyframe();
        }
        boolean keyframeStart = (H264Probe.nalTypes(buf, off, len) & KEYFRAME_NALS) != 0;
        boolean anyWaiting = false;
        for (ViewerVideo viewer : viewers.values()) {
            viewer.forward(buf, off, len, keyframeStart);
            anyWaiting |= viewer.waitingForKeyframe();
        }
        if (anyWaiting && !keyframeStart) {
            requestKeyframe();
        }
    }

    @Override
    public void rtcp(ParticipantId from, byte[] buf, int off, int len) {
        if (from.isMaster()) {
            return;
        }
        int at = off;
        int end = off + len;
        while (at + RTCP_HEADER <= end) {
            int fmt = buf[at] & FMT_MASK;
            int type = buf[at + 1] & 0xFF;
            int bytes = ((((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF)) + 1) * WORD;
            if (type == RTCP_PSFB && (fmt == FMT_PLI || fmt == FMT_FIR)) {
                requestKeyframe();
            }
            at += bytes;
        }
    }

    /** A PLI to the master (RR + PLI, a valid compound packet), throttled; remembered until the master can get it. */
    private void requestKeyframe() {
        long now = nanoTime.getAsLong();
        if (master == null || !masterVideoSeen) {
            keyframeWanted = true;
            return;
        }
        if (keyframeRequested && now - lastKeyframeRequestNanos < settings.keyframeRequestInterval().toNanos()) {
            return;
        }
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, master.videoSsrc());
        n += RtcpFeedback.pli(rtcp, n, master.videoSsrc(), masterVideoSsrc);
        if (master.sendRtcp(rtcp, 0, n)) {
            keyframeRequests++;
            keyframeRequested = true;
            keyframeWanted = false;
            lastKeyframeRequestNanos = now;
        }
    }

    @Override
    public void close() {
        viewers.clear();
        master = null;
    }
}
