package io.storagesession.mixer;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.rtp.AudioLevelExtension;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.RtpParameters;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RTP stream one listener receives (RFC 3550 §5.1, RFC 7587): the server's SSRC for it, the Opus payload type it
 * accepted, sequence numbers without gaps, and an RTP clock that advances 960 per tick whether a packet went out or
 * not — so forwarded and encoded payloads interleave seamlessly and a silence shows as a timestamp gap, as after a
 * sender's DTX. The first packet after silence carries the marker bit (RFC 3551 §4.1). When the listener accepted the
 * RFC 6464 extension at a one-byte id, each packet carries the mix's level. Nothing is allocated per packet.
 */
final class ListenerAudio {
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;

    private final MediaOut out;
    private final AudioCounters counters;
    private final int ssrc;
    private final int payloadType;
    private final int levelId;
    private final byte[] packet = new byte[Rtp.FIXED_HEADER + AudioLevelExtension.BYTES + Opus.MAX_PACKET_BYTES
            + MediaOut.TRAILER_ROOM];
    private final byte[] report = new byte[RtcpFeedback.SR_LENGTH + MediaOut.TRAILER_ROOM];
    private int sequence;
    private int timestamp;
    private boolean talking;
    /** What went out, for sender reports (RFC 3550 §6.4.1: packets and payload octets, both wrapping at 2^32). */
    private long packets;
    private long octets;
    private long lastReportNanos;
    private boolean reported;

    ListenerAudio(MediaOut out, AudioCounters counters) {
        RtpParameters answer = out.audioParameters();
        this.out = out;
        this.counters = counters;
        this.ssrc = out.audioSsrc();
        this.payloadType = answer.payloadTypes().isEmpty() ? OfferCodecs.OPUS_PAYLOAD_TYPE : answer.payloadTypes().get(0);
        int id = answer.extensions().getOrDefault(OfferCodecs.AUDIO_LEVEL.uri(), 0);
        this.levelId = id >= 1 && id <= AudioLevelExtension.MAX_ID ? id : 0;
        // random initial sequence number and timestamp (RFC 3550 §5.1)
        this.sequence = ThreadLocalRandom.current().nextInt(SEQUENCE_MASK + 1);
        this.timestamp = ThreadLocalRandom.current().nextInt();
    }

    /** Sends one Opus payload for this tick's frame, with the mix's RFC 6464 level. */
    void send(byte[] payload, int off, int len, int level) {
        if (len > Opus.MAX_PACKET_BYTES) {
            return;
        }
        // the first packet of a talk spurt carries the marker bit (RFC 3551 §4.1)
        int at = Rtp.writeHeader(packet, 0, !talking, payloadType, sequence, timestamp, ssrc);
        if (levelId > 0) {
            // the V bit is set: the mixer sends only while someone talks
            at += AudioLevelExtension.append(packet, 0, levelId, true, level < 0 ? AudioLevel.SILENCE : level);
        }
        System.arraycopy(payload, off, packet, at, len);
        if (out.sendRtp(MediaKind.AUDIO, packet, 0, at + len)) {
            packets++;
            octets += len;
        } else {
            counters.refused++;
        }
        sequence = (sequence + 1) & SEQUENCE_MASK;
        talking = true;
    }

    /**
     * The lone talker's frame for this tick was lost: its sequence number is skipped, so the listener sees the loss
     * (RFC 3550 §6.4.1 counts it) and conceals it, as it would in a forwarded stream.
     */
    void lost() {
        sequence = (sequence + 1) & SEQUENCE_MASK;
    }

    /** Nothing to hear this tick: the next packet starts a talk spurt. */
    void silent() {
        talking = false;
    }

    /**
     * A sender report for this listener's stream, at most once per {@code interval}, once it has sent something:
     * this tick's RTP timestamp is stamped with {@code ntp}, the master's NTP time of the audio this tick plays, so the
     * mix shares a timeline with the master's forwarded video (RFC 3550 §6.4.1, §7.3 on mixers' reports).
     */
    void report(long nanoTime, long ntp, long intervalNanos) {
        if (packets == 0 || (reported && nanoTime - lastReportNanos < intervalNanos)) {
            return;
        }
        int length = RtcpFeedback.senderReport(report, 0, ssrc, ntp, timestamp & TIMESTAMP_MASK, packets, octets);
        if (out.sendRtcp(report, 0, length)) {
            reported = true;
            lastReportNanos = nanoTime;
        }
    }

    /** The end of a tick: the RTP clock moves one frame on, sent or not. */
    void advance() {
        timestamp += Opus.FRAME_SAMPLES;
    }
}
