package io.storagesession.sfu;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.RtpParameters;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The master's video as one viewer receives it: under the SSRC the server announced to that viewer, with sequence
 * numbers and timestamps that continue across master changes (RFC 3550 §5.1, §8.2: a new source under our SSRC must
 * look like one stream), starting at a keyframe so the viewer's decoder never sees a picture without its references,
 * and with only the header extensions the viewer accepted ({@link HeaderExtensionMap}). Every packet sent is noted in
 * a {@link RetransmissionBuffer} (which master packet, under which number and timestamp; the bytes stay once per
 * session in the {@link MasterHistory}) to answer the viewer's NACKs — as RTX (RFC 4588 §4) when the viewer accepted RTX for
 * the payload type and was told our RTX SSRC, else as the original packet again. Sender reports (RFC 3550 §6.4.1)
 * carry this stream's counts and the master's NTP/RTP mapping moved by this viewer's timestamp offset. Owns its
 * buffers; confined to the session executor.
 */
final class ViewerVideo {
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;
    /** 90 kHz clock ticks put between the last frame of one master and the first of the next (one 30 fps frame). */
    private static final long TIMESTAMP_GAP = 3000;
    private static final int PAYLOAD_TYPES = 128;
    private static final int NONE = -1;
    /** A BLP covers the 16 packets after the PID (RFC 4585 §6.2.1). */
    private static final int BLP_BITS = 16;
    private static final int SEQUENCE_OFFSET = 2;
    private static final int TIMESTAMP_OFFSET = 4;
    private static final int SSRC_OFFSET = 8;

    private final MediaOut out;
    private final VideoCounters counters;
    private final RetransmissionBuffer sent;
    private final HeaderExtensionMap extensions = new HeaderExtensionMap();
    /** H.264 payload type → the viewer's RTX payload type for it (its answer's apt pairs), or NONE. */
    private final int[] rtxTypes = new int[PAYLOAD_TYPES];
    private final boolean rtxSsrcAnnounced;
    private final int rtxSsrc;
    private final MasterHistory history;
    private final byte[] sendBuffer;
    /** A packet rebuilt from the history for a retransmission, before it is wrapped as RTX. */
    private final byte[] restored;
    private final byte[] rtcp = new byte[RtcpFeedback.SR_LENGTH + MediaOut.TRAILER_ROOM];
    private final long senderReportIntervalNanos;
    private boolean waitingForKeyframe = true;
    private boolean rebaseNeeded;
    private int sourceSsrc;
    private boolean started;
    private int sequenceOffset;
    private long timestampOffset;
    /** The newest master sequence number forwarded, and how far it is past the one this viewer started at (capped
     * at 2^16 - 1): an older packet further behind than that (recovered late) is from before the start. */
    private int highestSequence;
    private int sinceStart;
    private int lastSequence;
    private long lastTimestamp;
    private int rtxSequence;
    private long lastSenderReportNanos;
    private boolean senderReportSent;
    /** Packets and payload octets sent on the video SSRC, retransmissions not included (RFC 3550 §6.4.1). */
    long packetsSent;
    long octetsSent;
    long forwarded;

    ViewerVideo(MediaOut out, VideoSettings settings, VideoCounters counters, RtpParameters masterAnswer,
                MasterHistory history) {
        this.out = out;
        this.counters = counters;
        this.history = history;
        this.sent = new RetransmissionBuffer(settings.retransmissionInitialPackets(),
                settings.retransmissionMaxPackets(), settings.retransmissionMaxAge().toNanos(),
                settings.retransmissionMinInterval().toNanos());
        this.sendBuffer = new byte[settings.maxPacketBytes() + Rtx.OSN_BYTES + MediaOut.TRAILER_ROOM];
        this.restored = new byte[settings.maxPacketBytes()];
        this.senderReportIntervalNanos = settings.senderReportInterval().toNanos();
        OptionalInt announced = out.videoRtxSsrc();
        this.rtxSsrcAnnounced = announced.isPresent();
        this.rtxSsrc = announced.orElse(0);
        this.rtxSequence = ThreadLocalRandom.current().nextInt(SEQUENCE_MASK + 1);
        Arrays.fill(rtxTypes, NONE);
        for (Map.Entry<Integer, Integer> e : out.videoParameters().rtx().entrySet()) {
            if (e.getValue() >= 0 && e.getValue() < PAYLOAD_TYPES) {
                rtxTypes[e.getValue()] = e.getKey();
            }
        }
        masterChanged(masterAnswer);
    }

    /** A master connected: its header extension ids may differ from the last one's. */
    void masterChanged(RtpParameters masterAnswer) {
        if (masterAnswer != null) {
            extensions.map(masterAnswer, out.videoParameters());
        }
    }

    boolean waitingForKeyframe() {
        return waitingForKeyframe;
    }

    int ssrc() {
        return out.videoSsrc();
    }

    /** The master's sequence restarted: continue our numbering from the next keyframe, as for a new master. */
    void sourceRestarted() {
        rebaseNeeded = true;
    }

    /**
     * Forwards one of the master's video packets, kept in the history; {@code keyframeStart} says it begins an IDR
     * access unit.
     */
    void forward(byte[] packet, int off, int len, boolean keyframeStart, long now) {
        int ssrc = Rtp.ssrc(packet, off);
        int sequence = Rtp.sequence(packet, off);
        if (!started || ssrc != sourceSsrc || rebaseNeeded) {
            if (!keyframeStart) {
                waitingForKeyframe = true;
                return;
            }
            rebase(ssrc, sequence, Rtp.timestamp(packet, off));
        } else if (waitingForKeyframe && !keyframeStart) {
            return;
        }
        if (waitingForKeyframe) {
            highestSequence = sequence;
            sinceStart = 0;
            waitingForKeyframe = false;
        }
        int ahead = (short) (sequence - highestSequence);
        if (ahead > 0) {
            highestSequence = sequence;
            sinceStart = Math.min(sinceStart + ahead, SEQUENCE_MASK);
        } else if (-ahead > sinceStart) {
            return;
        }
        int viewerSequence = (sequence + sequenceOffset) & SEQUENCE_MASK;
        long timestamp = (Rtp.timestamp(packet, off) + timestampOffset) & TIMESTAMP_MASK;
        int slot = sent.claim(viewerSequence, now);
        if (!rewrite(packet, off, len, sendBuffer, viewerSequence, (int) timestamp)) {
            counters.extensionsMalformed++;
        }
        sent.stored(slot, viewerSequence, ssrc, sequence, (int) timestamp);
        if ((short) (viewerSequence - lastSequence) > 0) {
            lastSequence = viewerSequence;
            lastTimestamp = timestamp;
        }
        int payload = Math.max(0, Rtp.payloadLength(sendBuffer, 0, len));
        if (out.sendRtp(MediaKind.VIDEO, sendBuffer, 0, len)) {
            forwarded++;
            packetsSent++;
            octetsSent += payload;
        }
    }

    /**
     * The master's packet as this viewer gets it, into {@code into} at 0: our sequence number, timestamp and SSRC, and
     * the viewer's extension ids; false when the extensions were malformed (the packet is still usable).
     */
    private boolean rewrite(byte[] packet, int off, int len, byte[] into, int sequence, int timestamp) {
        System.arraycopy(packet, off, into, 0, len);
        Bytes.writeShort(into, SEQUENCE_OFFSET, sequence);
        Bytes.writeInt(into, TIMESTAMP_OFFSET, timestamp);
        Bytes.writeInt(into, SSRC_OFFSET, out.videoSsrc());
        return extensions.rewrite(into, len);
    }

    /** Answers one generic NACK entry (RFC 4585 §6.2.1): packet {@code pid} and those set in {@code blp}. */
    void retransmit(int pid, int blp, long now) {
        resend(pid, now);
        for (int bit = 0; bit < BLP_BITS; bit++) {
            if ((blp & (1 << bit)) != 0) {
                resend((pid + bit + 1) & SEQUENCE_MASK, now);
            }
        }
    }

    private void resend(int sequence, long now) {
        int slot = sent.find(sequence, now);
        if (slot == RetransmissionBuffer.MISSING) {
            counters.retransmissionsMissing++;
            return;
        }
        if (slot == RetransmissionBuffer.TOO_SOON) {
            counters.retransmissionsThrottled++;
            return;
        }
        int source = history.find(sent.sourceSsrc(slot), sent.sourceSequence(slot));
        if (source == MasterHistory.MISSING) {
            counters.retransmissionsMissing++;
            return;
        }
        int len = history.length(source);
        rewrite(history.packet(source), history.offset(source), len, restored, sequence, sent.timestamp(slot));
        byte[] original = restored;
        int rtxType = rtxTypes[Rtp.payloadType(original, 0)];
        int n;
        if (rtxSsrcAnnounced && rtxType != NONE) {
            n = Rtx.wrap(original, len, rtxType, rtxSsrc, rtxSequence, sendBuffer);
            rtxSequence = (rtxSequence + 1) & SEQUENCE_MASK;
        } else {
            System.arraycopy(original, 0, sendBuffer, 0, len);
            n = len;
        }
        if (n > 0 && out.sendRtp(MediaKind.VIDEO, sendBuffer, 0, n)) {
            counters.retransmissions++;
            sent.resent(slot, now);
        } else {
            counters.retransmissionsRefused++;
        }
    }

    /**
     * Sends a sender report if one is due and means something: the viewer has had video from the master whose SR
     * the clock holds. Returns whether one was sent. Before the master's first SR none is sent: a mapping made up
     * from the server's clock would differ from the one the master's SR gives a moment later (by the master's
     * capture delay and clock offset), and a viewer that synchronised audio and video on the first would then see
     * its wallclock jump; receivers simply do not synchronise until the first SR.
     */
    boolean senderReport(SenderReportClock clock, long now) {
        if (!started || waitingForKeyframe || !clock.knows(sourceSsrc)
                || senderReportSent && now - lastSenderReportNanos < senderReportIntervalNanos) {
            return false;
        }
        long rtpTimestamp = (clock.rtpAt(now) + timestampOffset) & TIMESTAMP_MASK;
        int n = RtcpFeedback.senderReport(rtcp, 0, out.videoSsrc(), clock.ntpAt(now), rtpTimestamp, packetsSent,
                octetsSent);
        lastSenderReportNanos = now;
        senderReportSent = true;
        return out.sendRtcp(rtcp, 0, n);
    }

    /** A new source (first master, a master that rejoined or restarted): continue right after the last packet. */
    private void rebase(int ssrc, int sequence, long timestamp) {
        int nextSequence = started ? (lastSequence + 1) & SEQUENCE_MASK : sequence;
        long nextTimestamp = started ? (lastTimestamp + TIMESTAMP_GAP) & TIMESTAMP_MASK : timestamp;
        sequenceOffset = (nextSequence - sequence) & SEQUENCE_MASK;
        timestampOffset = (nextTimestamp - timestamp) & TIMESTAMP_MASK;
        if (!started) {
            lastSequence = (nextSequence - 1) & SEQUENCE_MASK;
        }
        sourceSsrc = ssrc;
        started = true;
        rebaseNeeded = false;
        waitingForKeyframe = true;
    }
}
