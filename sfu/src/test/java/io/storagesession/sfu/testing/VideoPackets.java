package io.storagesession.sfu.testing;

import io.storagesession.codecs.rtp.Bytes;

/** H.264 RTP packets built by hand, the way libwebrtc lays them out (RFC 3550 §5.1, RFC 6184, RFC 8285). */
public final class VideoPackets {
    public static final int PT = 102;
    public static final int RTX_PT = 103;
    /** NAL header bytes: SPS (starts a keyframe in libwebrtc's STAP-A-less order), IDR slice, non-IDR slice. */
    public static final int SPS = 0x67;
    public static final int IDR = 0x65;
    public static final int SLICE = 0x41;
    private static final int PAYLOAD = 20;

    private VideoPackets() {
    }

    /** A single-NAL packet with {@code PAYLOAD} bytes of payload whose first byte is {@code nal}. */
    public static byte[] h264(int ssrc, int sequence, long timestamp, int nal) {
        byte[] p = new byte[12 + PAYLOAD];
        header(p, PT, ssrc, sequence, timestamp);
        p[12] = (byte) nal;
        for (int i = 13; i < p.length; i++) {
            p[i] = (byte) (sequence + i);
        }
        return p;
    }

    /**
     * The same with a one-byte-form extension block (RFC 8285 §4.2) holding, in order, abs-send-time (id
     * {@code absId}, 3 bytes), transport-cc ({@code tccId}, 2 bytes) and mid ({@code midId}, "0").
     */
    public static byte[] h264WithExtensions(int ssrc, int sequence, long timestamp, int nal, int absId, int tccId,
                                            int midId) {
        byte[] body = h264(ssrc, sequence, timestamp, nal);
        int block = 4 + 12;
        byte[] p = new byte[body.length + block];
        System.arraycopy(body, 0, p, 0, 12);
        p[0] |= 0x10;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[14] = 0;
        p[15] = 3;
        p[16] = (byte) ((absId << 4) | 2);
        p[17] = 1;
        p[18] = 2;
        p[19] = 3;
        p[20] = (byte) ((tccId << 4) | 1);
        p[21] = (byte) (sequence >>> 8);
        p[22] = (byte) sequence;
        p[23] = (byte) (midId << 4);
        p[24] = '0';
        System.arraycopy(body, 12, p, 12 + block, body.length - 12);
        return p;
    }

    /** The RTX packet (RFC 4588 §4) repairing {@code original}: new PT, SSRC and sequence number, OSN in front. */
    public static byte[] rtx(byte[] original, int rtxSsrc, int rtxSequence) {
        int header = 12 + ((original[0] & 0x10) != 0 ? 4 + 4 * (((original[14] & 0xFF) << 8) | (original[15] & 0xFF))
                : 0);
        byte[] p = new byte[original.length + 2];
        System.arraycopy(original, 0, p, 0, header);
        p[header] = original[2];
        p[header + 1] = original[3];
        System.arraycopy(original, header, p, header + 2, original.length - header);
        p[1] = (byte) ((original[1] & 0x80) | RTX_PT);
        Bytes.writeShort(p, 2, rtxSequence);
        Bytes.writeInt(p, 8, rtxSsrc);
        return p;
    }

    private static void header(byte[] p, int pt, int ssrc, int sequence, long timestamp) {
        p[0] = (byte) 0x80;
        p[1] = (byte) pt;
        Bytes.writeShort(p, 2, sequence);
        Bytes.writeInt(p, 4, (int) timestamp);
        Bytes.writeInt(p, 8, ssrc);
    }
}
