package io.storagesession.mixer;

import io.storagesession.session.media.MediaOut;
import io.storagesession.session.media.RtcpFeedback;
import io.storagesession.session.sdp.MediaAnswer;
import io.storagesession.session.transport.Bytes;
import io.storagesession.session.transport.Rtp;
import java.util.Arrays;
import java.util.Map;

/**
 * The master's video as the server receives it, and everything the server says back about it: which packets are
 * its primary H.264 stream and which its RTX (RFC 4588, restored to the original before anyone sees them); NACKs for
 * what got lost ({@link NackGenerator}); PLIs when a loss cannot be repaired or a viewer needs a keyframe (RFC 4585
 * §6.3.1, throttled); REMB capping it at the session quota (draft-alvestrand-rmcat-remb-03); and the NTP/RTP
 * mapping of its sender reports ({@link MasterClock}). Every packet is checked before use; what fails is dropped and
 * counted in {@link VideoCounters}. Confined to the session executor; nothing allocated per packet.
 */
final class MasterVideo {
    private static final int PAYLOAD_TYPES = 128;
    private static final int NONE = -1;
    private static final int VERSION_MASK = 0xC0;
    private static final int VERSION_2 = 0x80;
    /** SR: header, sender SSRC, NTP (8), RTP timestamp, packet and octet counts (RFC 3550 §6.4.1). */
    private static final int WORD = 4;
    /** REMB for one SSRC (draft-alvestrand-rmcat-remb-03 §2.2): five words of header and bit rate, one SSRC. */
    private static final int REMB_ONE_SSRC = 6 * WORD;

    private final VideoSettings settings;
    private final VideoCounters counters;
    private final NackGenerator nacks;
    private final MasterClock clock = new MasterClock();
    private RecordingVideo recording = RecordingVideo.NONE;
    /** The master's answer as tables: H.264 payload types it may send, and RTX type → repaired type. */
    private final boolean[] videoTypes = new boolean[PAYLOAD_TYPES];
    private final int[] rtxRepairs = new int[PAYLOAD_TYPES];
    private long[] announcedSsrcs = new long[0];
    private final byte[] restored;
    private final byte[] rtcp;
    private final int[] nackItems;
    private final int[] rembSsrcs = new int[1];
    private MediaOut out;
    private int ssrc;
    private boolean ssrcKnown;
    private int rtxSsrc;
    private boolean rtxSsrcKnown;
    private boolean restarted;
    private boolean keyframeWanted;
    private boolean keyframeRequested;
    private long lastKeyframeRequestNanos;
    private boolean rembSent;
    private long lastRembNanos;

    /** The packet {@link #accept} let through: the lent buffer itself, or {@link #restored} for RTX. */
    private byte[] packet;
    private int packetOffset;
    private int packetLength;

    MasterVideo(VideoSettings settings, VideoCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.nacks = new NackGenerator(settings);
        this.restored = new byte[settings.maxPacketBytes()];
        this.nackItems = new int[nacks.maxItems()];
        this.rtcp = new byte[Math.max(nacks.maxNackBytes(), RtcpFeedback.RR_LENGTH + REMB_ONE_SSRC)
                + MediaOut.TRAILER_ROOM];
    }

    void connected(MediaOut master) {
        out = master;
        MediaAnswer answer = master.videoAnswer();
        Arrays.fill(videoTypes, false);
        Arrays.fill(rtxRepairs, NONE);
        for (int pt : answer.payloadTypes()) {
            if (pt >= 0 && pt < PAYLOAD_TYPES) {
                videoTypes[pt] = true;
            }
        }
        for (Map.Entry<Integer, Integer> e : answer.rtx().entrySet()) {
            if (e.getKey() >= 0 && e.getKey() < PAYLOAD_TYPES && e.getValue() >= 0 && e.getValue() < PAYLOAD_TYPES
                    && videoTypes[e.getValue()]) {
                rtxRepairs[e.getKey()] = e.getValue();
            }
        }
        announcedSsrcs = answer.ssrcs().stream().mapToLong(Long::longValue).toArray();
        ssrcKnown = false;
        rtxSsrcKnown = false;
        nacks.reset();
        clock.reset();
        rembSent = false;
        keyframeRequested = false;
    }

    void disconnected() {
        out = null;
        ssrcKnown = false;
        rtxSsrcKnown = false;
        nacks.reset();
        clock.reset();
    }

    MediaAnswer answer() {
        return out == null ? null : out.videoAnswer();
    }

    /**
     * Checks a video packet from the master and tracks its sequence number; true when it should be forwarded — then
     * it is at {@link #packet()}, {@link #offset()}, {@link #length()} (restored from RTX if it came as RTX).
     */
    boolean accept(byte[] buf, int off, int len, long now) {
        restarted = false;
        if (out == null) {
            return false;
        }
        if (Rtp.payloadOffset(buf, off, len) < 0 || (buf[off] & VERSION_MASK) != VERSION_2
                || len > settings.maxPacketBytes()) {
            counters.rtpMalformed++;
            return false;
        }
        int type = Rtp.payloadType(buf, off);
        int streamSsrc = Rtp.ssrc(buf, off);
        if (videoTypes[type]) {
            if (!ssrcKnown) {
                if (!announced(streamSsrc) || rtxSsrcKnown && streamSsrc == rtxSsrc) {
                    counters.rtpUnknownSsrc++;
                    return false;
                }
                ssrc = streamSsrc;
                ssrcKnown = true;
                sendRemb(now);
                if (keyframeWanted) {
                    requestKeyframe(now);
                }
            } else if (streamSsrc != ssrc) {
                counters.rtpUnknownSsrc++;
                return false;
            }
            packet = buf;
            packetOffset = off;
            packetLength = len;
        } else if (rtxRepairs[type] != NONE) {
            if (!ssrcKnown || streamSsrc == ssrc || rtxSsrcKnown && streamSsrc != rtxSsrc || !announced(streamSsrc)) {
                counters.rtpUnknownSsrc++;
                return false;
            }
            rtxSsrc = streamSsrc;
            rtxSsrcKnown = true;
            int restoredLength = Rtx.restore(buf, off, len, rtxRepairs[type], ssrc, restored);
            if (restoredLength < 0) {
                counters.rtxPadding++;
                return false;
            }
            packet = restored;
            packetOffset = 0;
            packetLength = restoredLength;
        } else {
            counters.rtpUnknownPayloadType++;
            return false;
        }
        return track(Rtp.sequence(packet, packetOffset), now);
    }

    private boolean track(int sequence, long now) {
        int outcome = nacks.received(sequence);
        boolean forward = true;
        switch (outcome) {
            case NackGenerator.NEW -> {
                if (nacks.missingCount() > 0) {
                    sendNacks(now);
                }
            }
            case NackGenerator.RECOVERED -> counters.recovered++;
            case NackGenerator.RESTARTED -> {
                counters.sequenceRestarts++;
                restarted = true;
            }
            case NackGenerator.DUPLICATE -> {
                counters.rtpDuplicate++;
                forward = false;
            }
            default -> {
                counters.rtpSequenceJump++;
                forward = false;
            }
        }
        afterLoss(now);
        return forward;
    }

    /** Whether the packet just accepted restarted the master's sequence: viewers must rebase at a keyframe. */
    boolean restarted() {
        return restarted;
    }

    byte[] packet() {
        return packet;
    }

    int offset() {
        return packetOffset;
    }

    int length() {
        return packetLength;
    }

    /** The master's primary video SSRC, once its first packet came. */
    boolean ssrcKnown() {
        return ssrcKnown;
    }

    int ssrc() {
        return ssrc;
    }

    void record(RecordingVideo sink) {
        this.recording = sink;
    }

    MasterClock clock() {
        return clock;
    }

    /** Takes the master's sender reports; everything else in its RTCP is for others (the audio mixer) or ignored. */
    void rtcp(byte[] buf, int off, int len, long now) {
        int end = off + len;
        int at = off;
        while (at < end) {
            int bytes = RtcpCompound.length(buf, at, end);
            if (bytes < 0) {
                counters.rtcpMalformed++;
                return;
            }
            int type = RtcpCompound.type(buf, at);
            if (!RtcpCompound.knownType(type)) {
                counters.rtcpUnknownType++;
            } else if (type == RtcpCompound.SR) {
                if (!RtcpCompound.holdsSenderInfo(bytes)) {
                    counters.rtcpMalformed++;
                } else if (ssrcKnown && RtcpCompound.senderSsrc(buf, at) == ssrc) {
                    clock.senderReport(ssrc, RtcpCompound.senderNtp(buf, at),
                            RtcpCompound.senderRtpTimestamp(buf, at) & 0xFFFF_FFFFL, now);
                    recording.masterSenderReport(ssrc, RtcpCompound.senderNtp(buf, at),
                            RtcpCompound.senderRtpTimestamp(buf, at));
                    counters.masterSenderReports++;
                }
            }
            at += bytes;
        }
    }

    /** The media tick: NACK retries, a keyframe request still owed, the periodic REMB. */
    void tick(long now) {
        if (out == null || !ssrcKnown) {
            return;
        }
        if (nacks.missingCount() > 0) {
            sendNacks(now);
        }
        afterLoss(now);
        if (keyframeWanted) {
            requestKeyframe(now);
        }
        if (!rembSent || now - lastRembNanos >= settings.rembInterval().toNanos()) {
            sendRemb(now);
        }
    }

    /** A PLI to the master (RR + PLI, a valid compound packet), throttled; remembered until it can be sent. */
    void requestKeyframe(long now) {
        if (out == null || !ssrcKnown) {
            keyframeWanted = true;
            return;
        }
        if (keyframeRequested && now - lastKeyframeRequestNanos < settings.keyframeRequestInterval().toNanos()) {
            return;
        }
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, out.videoSsrc());
        n += RtcpFeedback.pli(rtcp, n, out.videoSsrc(), ssrc);
        if (out.sendRtcp(rtcp, 0, n)) {
            counters.keyframeRequests++;
            keyframeRequested = true;
            keyframeWanted = false;
            lastKeyframeRequestNanos = now;
        }
    }

    private void afterLoss(long now) {
        counters.lostForGood += nacks.takeLost();
        if (nacks.takeKeyframeNeeded()) {
            requestKeyframe(now);
        }
    }

    private void sendNacks(long now) {
        int items = nacks.due(now, nackItems);
        if (items == 0) {
            return;
        }
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, out.videoSsrc());
        n += RtcpFeedback.nack(rtcp, n, out.videoSsrc(), ssrc, nackItems, items);
        if (out.sendRtcp(rtcp, 0, n)) {
            counters.nacksSent++;
            for (int i = 0; i < items; i++) {
                counters.packetsNacked += 1 + Integer.bitCount(nackItems[i] & 0xFFFF);
            }
        }
    }

    private void sendRemb(long now) {
        rembSsrcs[0] = ssrc;
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, out.videoSsrc());
        n += RtcpFeedback.remb(rtcp, n, out.videoSsrc(), settings.maxBitrate(), rembSsrcs);
        if (out.sendRtcp(rtcp, 0, n)) {
            counters.rembsSent++;
        }
        rembSent = true;
        lastRembNanos = now;
    }

    /** With no {@code a=ssrc} in the answer any SSRC may be the stream; otherwise only an announced one. */
    private boolean announced(int streamSsrc) {
        if (announcedSsrcs.length == 0) {
            return true;
        }
        for (long announcedSsrc : announcedSsrcs) {
            if (announcedSsrc == (streamSsrc & 0xFFFF_FFFFL)) {
                return true;
            }
        }
        return false;
    }
}
