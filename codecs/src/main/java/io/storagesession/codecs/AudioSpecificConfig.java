package io.storagesession.codecs;

import java.util.Arrays;

/**
 * Reduces the AudioSpecificConfig an AAC encoder reports (its extradata, ISO/IEC 14496-3 §1.6.2.1) to the 2-byte
 * AAC LC form that KVS expects as an {@code A_AAC} track's CodecPrivate (KVS-WIRE.md §5).
 *
 * <p>FFmpeg's native encoder writes 5 bytes: the 2-byte config proper (object type 2, sampling frequency index,
 * channel configuration, then GASpecificConfig's three zero flags) followed by a backward-compatible extension,
 * syncExtensionType {@code 0x2B7} with extensionAudioObjectType 5 (SBR) and sbrPresentFlag 0 (§1.6.2.1 and §1.6.5,
 * "explicit backward compatible signalling"): it only tells an HE-AAC decoder that no SBR follows. A plain LC decoder
 * ignores it, and a decoder given the 2 bytes alone finds no SBR data in the stream either, so both forms decode the
 * same; the 2 bytes are what the KVS producer SDK writes and what a 2-byte-minded reader can parse.
 */
final class AudioSpecificConfig {
    /** The config proper for AAC LC with an indexed sampling frequency: 5 + 4 + 4 + 3 bits. */
    static final int AAC_LC_BYTES = 2;
    /** ISO/IEC 14496-3 Table 1.1: audio object type 2 is AAC LC; 5 is SBR. */
    private static final int OBJECT_TYPE_AAC_LC = 2;
    private static final int OBJECT_TYPE_SBR = 5;
    /** §1.6.2.1: the sync word announcing a backward-compatible extension after GASpecificConfig. */
    private static final int SYNC_EXTENSION_TYPE = 0x2B7;
    private static final int OBJECT_TYPE_BITS = 5;
    private static final int FREQUENCY_INDEX_BITS = 4;
    private static final int CHANNEL_CONFIGURATION_BITS = 4;
    private static final int GA_SPECIFIC_FLAG_BITS = 3;
    private static final int SYNC_EXTENSION_BITS = 11;
    /** Index 15 means "an explicit 24-bit frequency follows", which the 2-byte form cannot hold. */
    private static final int EXPLICIT_FREQUENCY_INDEX = 15;
    private static final int BYTE_MASK = 0xFF;

    private AudioSpecificConfig() {
    }

    /**
     * The 2-byte AAC LC config at the head of {@code extradata}.
     *
     * @throws IllegalStateException when {@code extradata} is not AAC LC with an indexed frequency and plain
     *     GASpecificConfig, or carries anything after it but the "no SBR" extension
     */
    static byte[] aacLc(byte[] extradata) {
        if (extradata.length < AAC_LC_BYTES) {
            throw new IllegalStateException("AudioSpecificConfig of " + extradata.length + " bytes is too short");
        }
        Bits bits = new Bits(extradata);
        int objectType = bits.read(OBJECT_TYPE_BITS);
        int frequencyIndex = bits.read(FREQUENCY_INDEX_BITS);
        bits.read(CHANNEL_CONFIGURATION_BITS);
        int gaFlags = bits.read(GA_SPECIFIC_FLAG_BITS);
        if (objectType != OBJECT_TYPE_AAC_LC || frequencyIndex == EXPLICIT_FREQUENCY_INDEX || gaFlags != 0) {
            throw new IllegalStateException("not a plain AAC LC AudioSpecificConfig: " + hex(extradata));
        }
        if (extradata.length > AAC_LC_BYTES && !(bits.read(SYNC_EXTENSION_BITS) == SYNC_EXTENSION_TYPE
                && bits.read(OBJECT_TYPE_BITS) == OBJECT_TYPE_SBR && bits.read(1) == 0)) {
            throw new IllegalStateException("AudioSpecificConfig extension other than \"no SBR\": " + hex(extradata));
        }
        return Arrays.copyOf(extradata, AAC_LC_BYTES);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & BYTE_MASK));
        }
        return s.toString();
    }

    /** MSB-first bit reader; reads past the end give zeros, which no check above accepts as a valid extension. */
    private static final class Bits {
        private final byte[] bytes;
        private int position;

        Bits(byte[] bytes) {
            this.bytes = bytes;
        }

        int read(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                int index = position / Byte.SIZE;
                int bit = index < bytes.length ? (bytes[index] >>> (Byte.SIZE - 1 - position % Byte.SIZE)) & 1 : 0;
                value = (value << 1) | bit;
                position++;
            }
            return value;
        }
    }
}
