package io.storagesession.mediastore.hls;

/**
 * The CRC-32 of MPEG-2 PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value 0xFFFFFFFF,
 * most significant bit first, no final inversion — unlike {@link java.util.zip.CRC32}, which reflects.
 */
final class Crc32Mpeg {
    private static final int POLYNOMIAL = 0x04C11DB7;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            int c = i << 24;
            for (int bit = 0; bit < Byte.SIZE; bit++) {
                c = (c & 0x8000_0000) != 0 ? (c << 1) ^ POLYNOMIAL : c << 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32Mpeg() {
    }

    static long of(byte[] data) {
        int crc = 0xFFFF_FFFF;
        for (byte b : data) {
            crc = (crc << Byte.SIZE) ^ TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc & 0xFFFF_FFFFL;
    }
}
