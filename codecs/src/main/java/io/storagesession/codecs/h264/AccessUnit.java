package io.storagesession.codecs.h264;

/**
 * One whole access unit (ITU-T H.264 §7.4.1.2.3: the NAL units of one picture) as Matroska's {@code V_MPEG4/ISO/AVC}
 * wants it: each NAL unit preceded by its length as a 4-byte big-endian integer (ISO/IEC 14496-15 §5.3.2, with the
 * avcC record's lengthSizeMinusOne = 3), no start codes. A reused view over the assembler's buffer: valid only during
 * {@link AccessUnitSink#accessUnit}.
 */
public final class AccessUnit {
    /** Bytes of each NAL unit's length prefix. */
    public static final int LENGTH_PREFIX_BYTES = 4;

    private byte[] data;
    private int length;
    private int timestamp;
    private boolean keyframe;

    void set(byte[] data, int length, int timestamp, boolean keyframe) {
        this.data = data;
        this.length = length;
        this.timestamp = timestamp;
        this.keyframe = keyframe;
    }

    /** The RTP timestamp shared by the access unit's packets (90 kHz for video, RFC 6184 §5.1), as 32 bits. */
    public int timestamp() {
        return timestamp;
    }

    /** The RTP timestamp as the unsigned number it is. */
    public long unsignedTimestamp() {
        return Integer.toUnsignedLong(timestamp);
    }

    /** It contains a slice of an IDR picture: decoding can start here (a Matroska keyframe). */
    public boolean keyframe() {
        return keyframe;
    }

    /** The buffer holding the length-prefixed NAL units, from index 0. */
    public byte[] data() {
        return data;
    }

    /** Bytes of {@link #data()} in use. */
    public int length() {
        return length;
    }

    /** The length of the NAL unit whose prefix starts at {@code prefixOffset}: walk with offset + 4 + length. */
    public int nalUnitLength(int prefixOffset) {
        int n = 0;
        for (int i = 0; i < LENGTH_PREFIX_BYTES; i++) {
            n = n << Byte.SIZE | data[prefixOffset + i] & 0xFF;
        }
        return n;
    }
}
