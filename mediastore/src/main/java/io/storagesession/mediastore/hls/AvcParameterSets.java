package io.storagesession.mediastore.hls;

/**
 * The SPS and PPS NAL units of an avcC record (ISO/IEC 14496-15 §5.3.3.1), written as Annex B for a transport stream,
 * which carries parameter sets in band (ISO/IEC 14496-10 Annex B).
 */
final class AvcParameterSets {
    private static final int SPS_COUNT_OFFSET = 5;
    private static final int COUNT_MASK_SPS = 0x1F;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private AvcParameterSets() {
    }

    static void writeAnnexB(Mp4Buffer out, byte[] avcC) {
        if (avcC.length <= SPS_COUNT_OFFSET) {
            return;
        }
        int at = SPS_COUNT_OFFSET;
        int sps = avcC[at++] & COUNT_MASK_SPS;
        at = copy(out, avcC, at, sps);
        if (at < avcC.length) {
            int pps = avcC[at++] & 0xFF;
            copy(out, avcC, at, pps);
        }
    }

    private static int copy(Mp4Buffer out, byte[] avcC, int at, int count) {
        for (int i = 0; i < count && at + 2 <= avcC.length; i++) {
            int n = ((avcC[at] & 0xFF) << 8) | (avcC[at + 1] & 0xFF);
            at += 2;
            if (at + n > avcC.length) {
                return avcC.length;
            }
            out.bytes(START_CODE);
            out.bytes(avcC, at, n);
            at += n;
        }
        return at;
    }
}
