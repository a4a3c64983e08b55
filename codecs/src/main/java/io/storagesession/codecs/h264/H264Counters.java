package io.storagesession.codecs.h264;

/**
 * What the H.264 receive path dropped and why, from RTP packet to access unit: one set per stream, shared by its
 * {@link VideoJitterBuffer}, {@link H264Depacketizer}, {@link AccessUnitAssembler} and {@link AvcConfig}, so a
 * metrics exporter reads one object. Plain fields: a stream is confined to one thread (the recorder's).
 */
public final class H264Counters {
    long rtpMalformed;
    long rtpTooLarge;
    long rtpWrongPayloadType;
    long rtpDuplicate;
    long rtpLate;
    long rtpSequenceJump;
    long sequenceRestarts;
    long packetsLost;
    long packetsOverwritten;
    long paddingOnly;
    long payloadMalformed;
    long payloadUnsupported;
    long payloadReservedType;
    long fragmentsDropped;
    long nalTooLarge;
    long accessUnitsEmitted;
    long accessUnitsDamaged;
    long accessUnitsBeforeKeyframe;
    long accessUnitsOutOfOrder;
    long parameterSetsMalformed;
    long accessUnitsWithoutParameterSets;

    /** RTP packets dropped: shorter than their header, not version 2, or with bad CSRC, extension or padding sizes. */
    public long rtpMalformed() {
        return rtpMalformed;
    }

    /** RTP packets dropped: longer than {@code jitter.max-packet-bytes}. */
    public long rtpTooLarge() {
        return rtpTooLarge;
    }

    /** RTP packets dropped: a payload type other than the one expected. */
    public long rtpWrongPayloadType() {
        return rtpWrongPayloadType;
    }

    /** RTP packets dropped: already buffered. */
    public long rtpDuplicate() {
        return rtpDuplicate;
    }

    /** RTP packets dropped: behind what was already delivered (a gap already declared lost, or a stale copy). */
    public long rtpLate() {
        return rtpLate;
    }

    /** RTP packets dropped: a sequence number jump (RFC 3550 A.1) that the next packet did not confirm. */
    public long rtpSequenceJump() {
        return rtpSequenceJump;
    }

    /** Jumps confirmed by the next packet: the sender restarted its sequence. */
    public long sequenceRestarts() {
        return sequenceRestarts;
    }

    /** Sequence numbers declared lost after the jitter wait, or skipped to make room. */
    public long packetsLost() {
        return packetsLost;
    }

    /**
     * Held packets whose payload was overwritten before its gap was settled, because the jitter buffer's byte ring had
     * reached {@code jitter.max-bytes}; each is also counted in {@link #packetsLost}.
     */
    public long packetsOverwritten() {
        return packetsOverwritten;
    }

    /** Packets without payload (libwebrtc's padding for bandwidth probes): they fill their sequence slot only. */
    public long paddingOnly() {
        return paddingOnly;
    }

    /** Payloads dropped: bad STAP-A sizes, bad FU-A headers, forbidden bit set (RFC 6184 §5.3, §5.7.1, §5.8). */
    public long payloadMalformed() {
        return payloadMalformed;
    }

    /** Payloads dropped: STAP-B, MTAP16, MTAP24 or FU-B, which packetization-mode 1 does not allow (§6.3). */
    public long payloadUnsupported() {
        return payloadUnsupported;
    }

    /** Payloads ignored: NAL unit types 0, 30 and 31, reserved by RFC 6184 §5.4 Table 1. */
    public long payloadReservedType() {
        return payloadReservedType;
    }

    /** FU-A fragments thrown away because their NAL unit could not be completed. */
    public long fragmentsDropped() {
        return fragmentsDropped;
    }

    /** NAL units (or access units) larger than {@code max-access-unit-bytes}. */
    public long nalTooLarge() {
        return nalTooLarge;
    }

    /** Whole access units the assembler emitted (before {@link H264Receiver}'s parameter set check). */
    public long accessUnitsEmitted() {
        return accessUnitsEmitted;
    }

    /** Access units dropped because part of them was lost or malformed. */
    public long accessUnitsDamaged() {
        return accessUnitsDamaged;
    }

    /** Whole access units dropped while waiting for a keyframe (their references were lost). */
    public long accessUnitsBeforeKeyframe() {
        return accessUnitsBeforeKeyframe;
    }

    /** Access units dropped because their timestamp was not after the last one emitted. */
    public long accessUnitsOutOfOrder() {
        return accessUnitsOutOfOrder;
    }

    /** Whole access units {@link H264Receiver} held back because no valid SPS and PPS had been seen yet. */
    public long accessUnitsWithoutParameterSets() {
        return accessUnitsWithoutParameterSets;
    }

    /** SPS or PPS NAL units ignored because they could not be parsed or were too long for avcC. */
    public long parameterSetsMalformed() {
        return parameterSetsMalformed;
    }
}
