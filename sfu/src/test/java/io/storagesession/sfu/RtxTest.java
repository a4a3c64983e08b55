package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 4588 §4 both ways: what is wrapped is restored byte for byte. */
class RtxTest {
    @Test
    void wrappingThenRestoringGivesTheOriginalBack() {
        byte[] original = VideoPackets.h264WithExtensions(0x1234, 4321, 90_000, VideoPackets.IDR, 2, 3, 4);
        original[1] |= (byte) 0x80;
        byte[] rtx = new byte[original.length + 2];
        int n = Rtx.wrap(original, original.length, 97, 0x5555, 17, rtx);

        assertThat(n).isEqualTo(original.length + 2);
        assertThat(Rtp.payloadType(rtx, 0)).isEqualTo(97);
        assertThat(Rtp.marker(rtx, 0)).isTrue();
        assertThat(Rtp.ssrc(rtx, 0)).isEqualTo(0x5555);
        assertThat(Rtp.sequence(rtx, 0)).isEqualTo(17);
        assertThat(Rtp.timestamp(rtx, 0)).isEqualTo(90_000);

        byte[] back = new byte[original.length];
        int m = Rtx.restore(rtx, 0, n, VideoPackets.PT, 0x1234, back);
        assertThat(m).isEqualTo(original.length);
        assertThat(back).isEqualTo(original);
    }

    @Test
    void paddingOnlyRtxHasNothingToRestore() {
        byte[] probe = new byte[12 + 4];
        probe[0] = (byte) 0xA0;
        probe[1] = (byte) VideoPackets.RTX_PT;
        probe[probe.length - 1] = 4;
        assertThat(Rtx.restore(probe, 0, probe.length, VideoPackets.PT, 1, new byte[64])).isEqualTo(-1);
        assertThat(Rtx.restore(Arrays.copyOf(probe, 8), 0, 8, VideoPackets.PT, 1, new byte[64])).isEqualTo(-1);
    }
}
