package io.storagesession.codecs.h264;

/**
 * Reads the bits of a NAL unit's payload (its RBSP, ITU-T H.264 §7.3.1): fixed-width fields and the Exp-Golomb codes
 * of §9.1, dropping the emulation prevention bytes (a 0x03 after two zero bytes, §7.4.1) as it goes, so nothing is
 * copied. Running past the end never throws: it sets {@link #overrun()} and yields zeros, and the caller checks once.
 * Reused across NAL units.
 */
final class RbspReader {
    private static final int EMULATION_PREVENTION = 0x03;
    /** Zero bytes that make a following 0x03 an emulation prevention byte. */
    private static final int ZEROS_BEFORE_EMULATION = 2;
    /** An Exp-Golomb code with more leading zeros than this does not fit the 32-bit values H.264 uses (§9.1). */
    private static final int MAX_LEADING_ZEROS = 31;
    private static final int BYTE_MASK = 0xFF;

    private byte[] buf;
    private int pos;
    private int end;
    private int current;
    private int bitsLeft;
    private int zeros;
    private boolean overrun;

    /** Starts reading these bytes (the NAL unit after its header byte). */
    void reset(byte[] data, int off, int len) {
        buf = data;
        pos = off;
        end = off + len;
        bitsLeft = 0;
        zeros = 0;
        overrun = false;
    }

    /** A read went past the end, or an Exp-Golomb code was too long: what was read is not to be trusted. */
    boolean overrun() {
        return overrun;
    }

    int bit() {
        if (bitsLeft == 0 && !load()) {
            overrun = true;
            return 0;
        }
        bitsLeft--;
        return current >>> bitsLeft & 1;
    }

    boolean flag() {
        return bit() != 0;
    }

    /** u(n) for n up to 31. */
    int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    /** ue(v), §9.1; values beyond 2^31 - 2 set {@link #overrun()}. */
    int ue() {
        int leadingZeros = 0;
        while (bit() == 0) {
            if (overrun || ++leadingZeros > MAX_LEADING_ZEROS - 1) {
                overrun = true;
                return 0;
            }
        }
        return (1 << leadingZeros) - 1 + bits(leadingZeros);
    }

    /** se(v), §9.1.1: 1, -1, 2, -2, ... for codes 1, 2, 3, 4, ... */
    int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) >>> 1 : -(k >>> 1);
    }

    private boolean load() {
        while (pos < end) {
            int b = buf[pos++] & BYTE_MASK;
            if (zeros >= ZEROS_BEFORE_EMULATION && b == EMULATION_PREVENTION) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            current = b;
            bitsLeft = Byte.SIZE;
            return true;
        }
        return false;
    }
}
