package io.storagesession.codecs.h264;

/**
 * Turns in-order H.264 RTP payloads back into NAL units, as RFC 6184 packetization-mode 1 (non-interleaved, §6.3)
 * allows a sender to send them: single NAL unit packets (§5.6), STAP-A aggregates (§5.7.1) and FU-A fragments (§5.8).
 *
 * <p>The rest is refused and counted: STAP-B, MTAP16, MTAP24 and FU-B belong to the interleaved mode the server never
 * offers; types 0, 30 and 31 are reserved (§5.4) and ignored. A STAP-A whose sizes overrun the payload (or are zero),
 * an FU-A with both start and end bits, without a start, or cut short by a loss or a timestamp change, and a NAL unit
 * whose forbidden_zero_bit is set (§5.3) are never passed on partially: the sink hears {@link NalUnitSink#damaged()}
 * instead, so the access unit around it is not emitted. FU-A fragments are passed on as they come and joined by the
 * sink, in the access unit it builds anyway: one copy of each byte, and no buffer here. Not thread-safe.
 */
public final class H264Depacketizer implements RtpPayloadSink {
    private static final int FORBIDDEN_BIT = 0x80;
    private static final int NRI_MASK = 0x60;
    private static final int TYPE_MASK = 0x1F;
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;
    /** The NAL unit header of the payload, or the FU indicator (§5.8). */
    private static final int INDICATOR_BYTES = 1;
    /** FU indicator and FU header. */
    private static final int FU_HEADER_BYTES = 2;
    /** STAP-A NAL unit size field (§5.7.1). */
    private static final int STAP_SIZE_BYTES = 2;

    private final NalUnitSink sink;
    private final H264Counters counters;
    private final int maxNalBytes;
    /** Bytes of the fragmented NAL unit passed on so far, header included, to keep it within the limit. */
    private int fragmentLength;
    private int fragmentType;
    private int fragmentTimestamp;
    private boolean fragmenting;

    public H264Depacketizer(H264Settings settings, H264Counters counters, NalUnitSink sink) {
        this.sink = sink;
        this.counters = counters;
        this.maxNalBytes = settings.maxAccessUnitBytes() - Integer.BYTES;
    }

    @Override
    public void lost(int packets) {
        abandonFragments();
        sink.damaged();
    }

    @Override
    public void restarted() {
        abandonFragments();
        sink.restarted();
    }

    @Override
    public void payload(int timestamp, boolean marker, byte[] buf, int off, int len) {
        if (len < INDICATOR_BYTES) {
            return;
        }
        if (fragmenting && timestamp != fragmentTimestamp) {
            abandonFragments();
            sink.damaged();
        }
        int indicator = buf[off] & 0xFF;
        int type = indicator & TYPE_MASK;
        if ((indicator & FORBIDDEN_BIT) != 0) {
            malformed();
        } else if (type >= NalUnitType.FIRST_SINGLE && type <= NalUnitType.LAST_SINGLE) {
            single(timestamp, buf, off, len);
        } else if (type == NalUnitType.STAP_A) {
            aggregate(timestamp, buf, off, len);
        } else if (type == NalUnitType.FU_A) {
            fragment(timestamp, indicator, buf, off, len);
        } else if (type == NalUnitType.STAP_B || type == NalUnitType.MTAP16 || type == NalUnitType.MTAP24
                || type == NalUnitType.FU_B) {
            counters.payloadUnsupported++;
            abandonFragments();
            sink.damaged();
        } else {
            counters.payloadReservedType++;
        }
        if (marker && fragmenting) {
            // the access unit ends in the middle of a fragmented NAL unit: its end will never come
            abandonFragments();
            sink.damaged();
        }
        sink.packetEnd(timestamp, marker);
    }

    private void single(int timestamp, byte[] buf, int off, int len) {
        if (interruptsFragments()) {
            sink.damaged();
        }
        if (len > maxNalBytes) {
            counters.nalTooLarge++;
            sink.damaged();
            return;
        }
        sink.nalUnit(timestamp, buf, off, len);
    }

    /** §5.7.1: every size must be non-zero and fit, and every aggregated NAL unit valid, or nothing is passed on. */
    private void aggregate(int timestamp, byte[] buf, int off, int len) {
        if (interruptsFragments()) {
            sink.damaged();
        }
        int end = off + len;
        int p = off + INDICATOR_BYTES;
        int count = 0;
        while (p < end) {
            if (p + STAP_SIZE_BYTES > end) {
                malformed();
                return;
            }
            int size = (buf[p] & 0xFF) << Byte.SIZE | buf[p + 1] & 0xFF;
            p += STAP_SIZE_BYTES;
            if (size == 0 || size > end - p || !validHeader(buf[p])) {
                malformed();
                return;
            }
            p += size;
            count++;
        }
        if (count == 0) {
            malformed();
            return;
        }
        for (p = off + INDICATOR_BYTES; p < end; ) {
            int size = (buf[p] & 0xFF) << Byte.SIZE | buf[p + 1] & 0xFF;
            p += STAP_SIZE_BYTES;
            sink.nalUnit(timestamp, buf, p, size);
            p += size;
        }
    }

    /** §5.8: a start fragment rebuilds the NAL header from the indicator's F/NRI and the FU header's type. */
    private void fragment(int timestamp, int indicator, byte[] buf, int off, int len) {
        if (len <= FU_HEADER_BYTES) {
            malformed();
            return;
        }
        int header = buf[off + INDICATOR_BYTES] & 0xFF;
        boolean start = (header & FU_START) != 0;
        boolean end = (header & FU_END) != 0;
        int nalType = header & TYPE_MASK;
        if (start && end || !validType(nalType)) {
            malformed();
            return;
        }
        int data = off + FU_HEADER_BYTES;
        int dataLength = len - FU_HEADER_BYTES;
        if (start) {
            if (interruptsFragments()) {
                sink.damaged();
            }
            fragmenting = true;
            fragmentTimestamp = timestamp;
            fragmentType = nalType;
            fragmentLength = 1 + dataLength;
            if (!fits(fragmentLength)) {
                return;
            }
            sink.fragmentStart(timestamp, (byte) (indicator & (FORBIDDEN_BIT | NRI_MASK) | nalType), buf, data,
                    dataLength);
        } else if (!fragmenting) {
            // the start was lost (reported already), or came before the stream did (not reported: say so now)
            counters.fragmentsDropped++;
            sink.damaged();
            return;
        } else if (nalType != fragmentType) {
            malformed();
            return;
        } else if (!fits((long) fragmentLength + dataLength)) {
            return;
        } else {
            fragmentLength += dataLength;
            sink.fragment(buf, data, dataLength);
        }
        if (end) {
            fragmenting = false;
            sink.fragmentEnd();
        }
    }

    /**
     * Whether the fragmented NAL unit, grown to {@code length} bytes, is within the limit; if not, it is abandoned and
     * counted, and the sink hears of the damage.
     */
    private boolean fits(long length) {
        if (length <= maxNalBytes) {
            return true;
        }
        counters.nalTooLarge++;
        abandonFragments();
        sink.damaged();
        return false;
    }

    /** A packet other than the next fragment arrived while a NAL unit was being joined: that NAL unit is lost. */
    private boolean interruptsFragments() {
        if (!fragmenting) {
            return false;
        }
        abandonFragments();
        return true;
    }

    private void abandonFragments() {
        if (fragmenting) {
            counters.fragmentsDropped++;
            fragmenting = false;
        }
    }

    private void malformed() {
        counters.payloadMalformed++;
        abandonFragments();
        sink.damaged();
    }

    private static boolean validHeader(byte header) {
        return (header & FORBIDDEN_BIT) == 0 && validType(header & TYPE_MASK);
    }

    /** A NAL unit type that can stand alone in a NAL unit: 1-23 (aggregates and fragments do not nest, §5.7, §5.8). */
    private static boolean validType(int type) {
        return type >= NalUnitType.FIRST_SINGLE && type <= NalUnitType.LAST_SINGLE;
    }
}
