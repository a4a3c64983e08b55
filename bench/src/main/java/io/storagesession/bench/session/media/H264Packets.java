package io.storagesession.bench.session.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The sender's half of RFC 6184 packetization-mode 1, as libwebrtc does it: a NAL unit that fits goes alone in a
 * single NAL unit packet (§5.6), a larger one is cut into FU-A fragments (§5.8) of at most {@code maxPayload} bytes.
 * Only payloads are made here; the RTP header is written per send, so timestamps and sequence numbers stay live.
 */
public final class H264Packets {
    private static final int FU_A = 28;
    private static final int FU_INDICATOR_NRI_MASK = 0xE0;
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;
    /** FU indicator and FU header. */
    private static final int FU_HEADER_BYTES = 2;

    private H264Packets() {
    }

    /** The RTP payloads of one access unit, in sending order; the last one is the one to carry the marker bit. */
    public static List<byte[]> payloads(List<byte[]> accessUnit, int maxPayload) {
        if (maxPayload <= FU_HEADER_BYTES) {
            throw new IllegalArgumentException("maxPayload must exceed the FU-A headers: " + maxPayload);
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] nal : accessUnit) {
            if (nal.length <= maxPayload) {
                out.add(nal);
            } else {
                fragment(nal, maxPayload, out);
            }
        }
        return out;
    }

    private static void fragment(byte[] nal, int maxPayload, List<byte[]> out) {
        int chunk = maxPayload - FU_HEADER_BYTES;
        int pos = 1;
        while (pos < nal.length) {
            int n = Math.min(chunk, nal.length - pos);
            byte[] p = new byte[FU_HEADER_BYTES + n];
            p[0] = (byte) (nal[0] & FU_INDICATOR_NRI_MASK | FU_A);
            int header = AnnexB.type(nal);
            if (pos == 1) {
                header |= FU_START;
            }
            if (pos + n == nal.length) {
                header |= FU_END;
            }
            p[1] = (byte) header;
            System.arraycopy(nal, pos, p, FU_HEADER_BYTES, n);
            out.add(p);
            pos += n;
        }
    }
}
