package io.storagesession.sfu;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.h264.H264Probe;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MasterVideoReader;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.ParticipantId;
import io.storagesession.metrics.CounterExport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The SFU's media plane (ARCHITECTURE.md "Media rules"): it feeds the session's {@link MasterStream} the master's
 * video and RTCP, and is the stream's first subscriber ({@code Viewers}): the master's H.264 goes to every connected
 * viewer untouched but for SSRC, sequence number, timestamp and header extension ids ({@link ViewerVideo}); never
 * transcoded. Other subscribers (the recorder) read the same stream through {@link #subscribe}. Loss is repaired on
 * both legs: the stream NACKs the master and restores its RTX, and each viewer's NACKs are answered from the master's
 * history with that viewer's rewrite. A viewer joining, or a viewer's PLI or FIR
 * (RFC 4585 §6.3.1, RFC 5104 §4.3.1), or a loss that cannot be repaired makes the server ask the master for a
 * keyframe, at most once per {@code keyframe-request-interval}. The media tick drives NACK retries, REMB to the
 * master and sender reports to the viewers. Bad RTP and RTCP are dropped and counted in {@link #counters}. Confined
 * to the session executor; viewers are kept in a list walked by index, so the packet path allocates nothing.
 */
public final class VideoForwarder implements MediaPlane {
    private static final int NACK_ITEM = 4;
    /** FIR's FCI is one 8-byte entry at least (RFC 5104 §4.3.1.1). */
    private static final int FIR_MIN = RtcpCompound.FEEDBACK_HEADER + 8;
    private static final int KEYFRAME_NALS = (1 << H264Probe.NAL_IDR) | (1 << H264Probe.NAL_SPS);

    private final VideoSettings settings;
    private final LongSupplier nanoTime;
    final VideoCounters counters = new VideoCounters();
    private final MasterStream master;
    private final List<ParticipantId> viewerIds = new ArrayList<>();
    private final List<ViewerVideo> viewers = new ArrayList<>();
    /**
     * The master's recent packets, once for all viewers' NACKs; made with the first viewer, it grows to the master's
     * bit rate × retransmission.max-age.
     */
    private MasterHistory history;

    private final CounterExport export;

    public VideoForwarder(SfuSettings settings, LongSupplier nanoTime) {
        this(settings, nanoTime, CounterExport.NONE);
    }

    /** @param export where this session's {@link VideoCounters} are published (one per session) */
    public VideoForwarder(SfuSettings settings, LongSupplier nanoTime, CounterExport export) {
        this.settings = settings.video();
        this.nanoTime = nanoTime;
        this.master = new MasterStream(this.settings, counters);
        this.export = export;
        master.subscribe(new Viewers());
    }

    /**
     * Subscribes to the session's master stream (the recorder does): the master's repaired video and its sender
     * reports, after the viewers' own reading.
     */
    public void subscribe(MasterVideoReader reader) {
        master.subscribe(reader);
    }

    /**
     * Asks the master for a keyframe (PLI), throttled like every other request; the recorder calls it to start a
     * recording, to end a fragment in time, and after loss it could not repair.
     */
    public void requestKeyframe() {
        master.requestKeyframe(nanoTime.getAsLong());
    }

    @Override
    public void connected(ParticipantId participant, MediaOut out) {
        if (participant.isMaster()) {
            master.connected(out);
            return;
        }
        int existing = viewerIds.indexOf(participant);
        if (history == null) {
            history = new MasterHistory(settings);
        }
        ViewerVideo viewer = new ViewerVideo(out, settings, counters, master.answer(), history);
        if (existing >= 0) {
            viewers.set(existing, viewer);
        } else {
            viewerIds.add(participant);
            viewers.add(viewer);
        }
        master.requestKeyframe(nanoTime.getAsLong());
    }

    @Override
    public void disconnected(ParticipantId participant) {
        if (participant.isMaster()) {
            master.disconnected();
            return;
        }
        int i = viewerIds.indexOf(participant);
        if (i >= 0) {
            viewerIds.remove(i);
            viewers.remove(i);
        }
    }

    @Override
    public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
        if (from.isMaster() && kind == MediaKind.VIDEO) {
            master.receive(buf, off, len, nanoTime.getAsLong());
        }
    }

    /**
     * The viewers' reading of the master stream: each accepted packet goes into the history (for their NACKs) and to
     * every viewer; a viewer still waiting for a keyframe makes the master ask for one.
     */
    private final class Viewers implements MasterVideoReader {
        @Override
        public void masterConnected(MediaOut out) {
            for (int i = 0; i < viewers.size(); i++) {
                viewers.get(i).masterChanged(out.videoParameters());
            }
        }

        @Override
        public void masterRestarted() {
            for (int i = 0; i < viewers.size(); i++) {
                viewers.get(i).sourceRestarted();
            }
        }

        @Override
        public void masterVideo(byte[] packet, int at, int length, long now) {
            if (viewers.isEmpty()) {
                counters.forwarded++;
                return;
            }
            boolean keyframeStart = (H264Probe.nalTypes(packet, at, length) & KEYFRAME_NALS) != 0;
            history.store(Rtp.ssrc(packet, at), Rtp.sequence(packet, at), packet, at, length, now);
            boolean anyWaiting = false;
            for (int i = 0; i < viewers.size(); i++) {
                ViewerVideo viewer = viewers.get(i);
                viewer.forward(packet, at, length, keyframeStart, now);
                anyWaiting |= viewer.waitingForKeyframe();
            }
            counters.forwarded++;
            if (anyWaiting && !keyframeStart) {
                master.requestKeyframe(now);
            }
        }
    }

    @Override
    public void rtcp(ParticipantId from, RtcpCompound rtcp) {
        long now = nanoTime.getAsLong();
        if (from.isMaster()) {
            master.rtcp(rtcp, now);
            return;
        }
        int index = viewerIds.indexOf(from);
        ViewerVideo viewer = index >= 0 ? viewers.get(index) : null;
        for (int packet = 0; packet < rtcp.count(); packet++) {
            feedback(viewer, rtcp, packet, now);
        }
        if (rtcp.malformed()) {
            counters.rtcpMalformed++;
        }
    }

    /** One packet of a viewer's compound RTCP: NACKs are answered, PLI and FIR forwarded as a keyframe request. */
    private void feedback(ViewerVideo viewer, RtcpCompound rtcp, int packet, long now) {
        int type = rtcp.type(packet);
        int format = rtcp.format(packet);
        int bytes = rtcp.length(packet);
        int at = rtcp.offset(packet);
        byte[] buf = rtcp.buffer();
        if (!rtcp.knownType(packet)) {
            counters.rtcpUnknownType++;
            return;
        }
        if (type == RtcpCompound.RTPFB && format == RtcpCompound.FMT_NACK) {
            if (bytes < RtcpCompound.FEEDBACK_HEADER + NACK_ITEM) {
                counters.rtcpMalformed++;
                return;
            }
            if (viewer == null || rtcp.mediaSsrc(packet) != viewer.ssrc()) {
                return;
            }
            for (int item = at + RtcpCompound.FEEDBACK_HEADER; item < at + bytes; item += NACK_ITEM) {
                counters.viewerNackItems++;
                int entry = Bytes.readInt(buf, item);
                viewer.retransmit(entry >>> Short.SIZE, entry & 0xFFFF, now);
            }
        } else if (type == RtcpCompound.PSFB && (format == RtcpCompound.FMT_PLI || format == RtcpCompound.FMT_FIR)) {
            if (bytes < (format == RtcpCompound.FMT_FIR ? FIR_MIN : RtcpCompound.FEEDBACK_HEADER)) {
                counters.rtcpMalformed++;
                return;
            }
            master.requestKeyframe(now);
        }
    }

    @Override
    public void tick(long nanoTime) {
        if (history != null) {
            counters.historyOverwritten = history.overwritten();
        }
        export.tick(counters, nanoTime);
        master.tick(nanoTime);
        SenderReportClock clock = master.clock();
        for (int i = 0; i < viewers.size(); i++) {
            if (viewers.get(i).senderReport(clock, nanoTime)) {
                counters.senderReportsSent++;
            }
        }
    }

    @Override
    public void close() {
        if (history != null) {
            counters.historyOverwritten = history.overwritten();
        }
        export.flush(counters);
        viewers.clear();
        viewerIds.clear();
        master.disconnected();
    }
}
