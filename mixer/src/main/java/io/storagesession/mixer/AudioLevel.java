package io.storagesession.mixer;

import io.storagesession.codecs.rtp.Bytes;

/**
 * The client-to-mixer audio level header extension (RFC 6464): one byte, the V (voice activity) bit and the level
 * in -dBov (0 loudest, 127 silence), carried in an RTP header extension of the one-byte (RFC 8285 §4.2, profile
 * 0xBEDE) or two-byte (§4.3) form. Reads validate every element length against the extension block, so a hostile
 * packet yields {@link #MALFORMED}, never an exception. Allocation-free. The mixer's own packets carry the level
 * through {@link io.storagesession.codecs.rtp.AudioLevelExtension}, the writer it shares with the load generator.
 */
final class AudioLevel {
    /** No level in the packet (no extension, or not this id). */
    static final int ABSENT = -1;
    /** The extension block or an element in it runs past its length. */
    static final int MALFORMED = -2;
    /** The quietest level RFC 6464 can express: digital silence. */
    static final int SILENCE = 127;

    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    private static final int TWO_BYTE_PROFILE = 0x1000;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    private static final int FIXED_HEADER = 12;
    private static final int CSRC_BYTES = 4;
    private static final int WORD = 4;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int LEVEL_MASK = 0x7F;
    private static final int ONE_BYTE_PADDING = 0;
    private static final int ONE_BYTE_STOP = 15;
    private static final int NIBBLE = 4;
    private static final int LOW_NIBBLE = 0x0F;

    private AudioLevel() {
    }

    /**
     * The level (0–127) of the element with {@code id} in an RTP packet whose header was already checked to fit in
     * {@code len} ({@code Rtp.payloadOffset >= 0}); {@link #ABSENT} or {@link #MALFORMED} otherwise.
     */
    static int read(byte[] buf, int off, int len, int id) {
        if (id <= 0 || (buf[off] & EXTENSION_BIT) == 0) {
            return ABSENT;
        }
        int at = off + FIXED_HEADER + (buf[off] & CSRC_COUNT_MASK) * CSRC_BYTES;
        int profile = Bytes.readShort(buf, at);
        int words = Bytes.readShort(buf, at + 2);
        int start = at + WORD;
        int end = start + words * WORD;
        if (end > off + len) {
            return MALFORMED;
        }
        if (profile == ONE_BYTE_PROFILE) {
            return oneByte(buf, start, end, id);
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return twoByte(buf, start, end, id);
        }
        return ABSENT;
    }

    private static int oneByte(byte[] buf, int at, int end, int id) {
        while (at < end) {
            int b = buf[at] & 0xFF;
            int elementId = b >>> NIBBLE;
            if (elementId == ONE_BYTE_PADDING) {
                at++;
                continue;
            }
            if (elementId == ONE_BYTE_STOP) {
                return ABSENT;
            }
            int length = (b & LOW_NIBBLE) + 1;
            if (at + 1 + length > end) {
                return MALFORMED;
            }
            if (elementId == id) {
                return buf[at + 1] & LEVEL_MASK;
            }
            at += 1 + length;
        }
        return ABSENT;
    }

    private static int twoByte(byte[] buf, int at, int end, int id) {
        while (at < end) {
            int elementId = buf[at] & 0xFF;
            if (elementId == 0) {
                at++;
                continue;
            }
            if (at + 2 > end) {
                return MALFORMED;
            }
            int length = buf[at + 1] & 0xFF;
            if (at + 2 + length > end) {
                return MALFORMED;
            }
            if (elementId == id) {
                return length == 0 ? MALFORMED : buf[at + 2] & LEVEL_MASK;
            }
            at += 2 + length;
        }
        return ABSENT;
    }

    /** The RFC 6464 level (-dBov, 0–127) of 16-bit PCM: its RMS relative to a full-scale square wave. */
    static int of(short[] pcm, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += pcm[i] * pcm[i];
        }
        if (sum == 0) {
            return SILENCE;
        }
        double rms = Math.sqrt((double) sum / n) / Short.MAX_VALUE;
        int level = (int) Math.round(-20 * Math.log10(rms));
        return Math.max(0, Math.min(SILENCE, level));
    }
}
