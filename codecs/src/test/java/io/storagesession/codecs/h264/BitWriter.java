package io.storagesession.codecs.h264;

import java.io.ByteArrayOutputStream;

/**
 * Writes H.264 syntax for the tests (ITU-T H.264 §7.2, §9.1): fixed-width fields and Exp-Golomb codes, then the
 * RBSP trailing bits and the emulation prevention bytes (§7.4.1) that make it a NAL unit payload. The reader under
 * test must undo all of it.
 */
final class BitWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int used;

    BitWriter u(int n, long value) {
        for (int i = n - 1; i >= 0; i--) {
            bit((int) (value >>> i) & 1);
        }
        return this;
    }

    BitWriter flag(boolean f) {
        return bit(f ? 1 : 0);
    }

    BitWriter ue(long value) {
        long v = value + 1;
        int bits = 64 - Long.numberOfLeadingZeros(v);
        u(bits - 1, 0);
        return u(bits, v);
    }

    BitWriter se(long value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    private BitWriter bit(int b) {
        current = current << 1 | b;
        if (++used == Byte.SIZE) {
            bytes.write(current);
            current = 0;
            used = 0;
        }
        return this;
    }

    /** rbsp_trailing_bits, then the NAL unit: header byte and payload with emulation prevention. */
    byte[] nalUnit(int header) {
        bit(1);
        while (used != 0) {
            bit(0);
        }
        byte[] rbsp = bytes.toByteArray();
        ByteArrayOutputStream nal = new ByteArrayOutputStream();
        nal.write(header);
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                nal.write(3);
                zeros = 0;
            }
            nal.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return nal.toByteArray();
    }
}
