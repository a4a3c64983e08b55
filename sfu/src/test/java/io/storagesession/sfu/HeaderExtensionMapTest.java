package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.media.Direction;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.RtpParameters;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8285 rewriting in place: the viewer's ids, nothing it refused, never transport-cc. */
class HeaderExtensionMapTest {
    private static final String ABS = OfferCodecs.ABS_SEND_TIME.uri();
    private static final String TCC = OfferCodecs.TRANSPORT_CC.uri();
    private static final String MID = OfferCodecs.SDES_MID.uri();

    private static RtpParameters answer(Map<String, Integer> extensions) {
        return new RtpParameters(Direction.RECVONLY, List.of(102), Map.of(103, 102), List.of(), extensions);
    }

    private final RtpParameters master = answer(Map.of(ABS, 2, TCC, 3, MID, 4));

    @Test
    void idsAreTheViewersAndTransportCcIsPaddedOut() {
        HeaderExtensionMap map = new HeaderExtensionMap();
        map.map(master, answer(Map.of(ABS, 9, TCC, 5, MID, 1)));
        byte[] p = VideoPackets.h264WithExtensions(1, 300, 0, VideoPackets.SLICE, 2, 3, 4);
        byte[] before = p.clone();

        assertThat(map.rewrite(p, p.length)).isTrue();

        assertThat(p[16] & 0xFF).as("abs-send-time as id 9, length kept").isEqualTo((9 << 4) | 2);
        assertThat(new byte[] {p[17], p[18], p[19]}).containsExactly(before[17], before[18], before[19]);
        assertThat(new byte[] {p[20], p[21], p[22]}).as("transport-cc: padding").containsExactly(0, 0, 0);
        assertThat(p[23] & 0xFF).isEqualTo(1 << 4);
        assertThat(p[24]).isEqualTo((byte) '0');
        assertThat(p.length).isEqualTo(before.length);
    }

    @Test
    void extensionsTheViewerDidNotAcceptArePaddedOut() {
        HeaderExtensionMap map = new HeaderExtensionMap();
        map.map(master, answer(Map.of(MID, 4)));
        byte[] p = VideoPackets.h264WithExtensions(1, 300, 0, VideoPackets.SLICE, 2, 3, 4);

        map.rewrite(p, p.length);

        for (int i = 16; i < 23; i++) {
            assertThat(p[i]).isZero();
        }
        assertThat(p[23] & 0xFF).isEqualTo(4 << 4);
    }

    @Test
    void anIdAboveFourteenCannotBeWrittenInTheOneByteFormSoItIsPaddedOut() {
        HeaderExtensionMap map = new HeaderExtensionMap();
        map.map(master, answer(Map.of(ABS, 20, MID, 4)));
        byte[] p = VideoPackets.h264WithExtensions(1, 300, 0, VideoPackets.SLICE, 2, 3, 4);

        map.rewrite(p, p.length);

        assertThat(p[16]).isZero();
    }

    @Test
    void twoByteFormIdsAreRewrittenToo() {
        HeaderExtensionMap map = new HeaderExtensionMap();
        map.map(answer(Map.of(ABS, 200)), answer(Map.of(ABS, 201)));
        byte[] p = new byte[12 + 4 + 8 + 2];
        p[0] = (byte) 0x90;
        p[12] = 0x10;
        p[13] = 0x00;
        p[15] = 2;
        p[16] = (byte) 200;
        p[17] = 3;
        p[18] = 7;
        p[19] = 8;
        p[20] = 9;

        assertThat(map.rewrite(p, p.length)).isTrue();

        assertThat(p[16] & 0xFF).isEqualTo(201);
        assertThat(p[18]).isEqualTo((byte) 7);
    }

    @Test
    void anElementThatOverrunsTheBlockBlanksTheRestAndIsReported() {
        HeaderExtensionMap map = new HeaderExtensionMap();
        map.map(master, answer(Map.of(ABS, 2, MID, 4)));
        byte[] p = VideoPackets.h264WithExtensions(1, 300, 0, VideoPackets.SLICE, 2, 3, 4);
        p[23] = (byte) ((4 << 4) | 0x0F);

        assertThat(map.rewrite(p, p.length)).isFalse();

        assertThat(p[16] & 0xFF).isEqualTo((2 << 4) | 2);
        for (int i = 23; i < 28; i++) {
            assertThat(p[i]).isZero();
        }
    }
}
