package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanarFrameTest {
    @Test
    void interleavedSamplesAreSpreadOverPlanesAtFullScale() {
        PlanarFrame frame = new PlanarFrame(2, 4);
        short[] pcm = {Short.MIN_VALUE, Short.MAX_VALUE, 16_384, -16_384, 0, 1};
        assertThat(frame.take(pcm, 0, 3)).isEqualTo(3);
        assertThat(frame.full()).isFalse();
        byte[] le = {0x00, (byte) 0x80, (byte) 0xFF, 0x7F};
        assertThat(frame.takeLittleEndian(le, 0, 5)).as("only one sample still fits").isEqualTo(1);
        assertThat(frame.full()).isTrue();
        assertThat(frame.plane(0)).containsExactly(-1f, 0.5f, 0f, -1f);
        assertThat(frame.plane(1)).containsExactly(32_767f / 32_768, -0.5f, 1f / 32_768, 32_767f / 32_768);
    }

    @Test
    void silenceAndPaddingFillWhatIsLeftAndClearStartsOver() {
        PlanarFrame frame = new PlanarFrame(1, 4);
        frame.take(new short[] {16_384, 16_384, 16_384, 16_384}, 0, 4);
        frame.clear();
        assertThat(frame.empty()).isTrue();
        assertThat(frame.take(new short[] {8_192}, 0, 1)).isEqualTo(1);
        assertThat(frame.takeSilence(1)).isEqualTo(1);
        frame.padWithSilence();
        assertThat(frame.full()).isTrue();
        assertThat(frame.plane(0)).containsExactly(0.25f, 0f, 0f, 0f);
        assertThat(frame.takeSilence(Long.MAX_VALUE)).as("a full frame takes nothing").isZero();
    }
}
