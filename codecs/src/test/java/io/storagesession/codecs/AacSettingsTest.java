package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AacSettingsTest {
    @Test
    void theDefaultsAreFfmpegsNativeEncoderAt48kHzMono64kbps() {
        AacSettings settings = AacSettings.defaults();
        assertThat(settings.encoder()).isEqualTo("aac");
        assertThat(settings.coder()).isEqualTo("twoloop");
        assertThat(settings.sampleRate()).isEqualTo(Opus.SAMPLE_RATE);
        assertThat(settings.channels()).isEqualTo(1);
        assertThat(settings.bitRate()).isEqualTo(64_000);
        assertThat(settings.maxGapSamples()).isEqualTo(9_600);
    }

    @Test
    void valuesAnAacStreamCannotCarryAreRefusedWhenRead() {
        Duration gap = Duration.ofMillis(200);
        assertThatThrownBy(() -> new AacSettings("aac", "twoloop", 47_000, 1, 64_000, gap))
                .hasMessageContaining("codecs.aac.sample-rate");
        assertThatThrownBy(() -> new AacSettings("aac", "twoloop", 48_000, 3, 64_000, gap))
                .hasMessageContaining("codecs.aac.channels");
        assertThatThrownBy(() -> new AacSettings("aac", "twoloop", 48_000, 1, 0, gap))
                .hasMessageContaining("codecs.aac.bit-rate");
        assertThatThrownBy(() -> new AacSettings(" ", "twoloop", 48_000, 1, 64_000, gap))
                .hasMessageContaining("codecs.aac.encoder");
        assertThatThrownBy(() -> new AacSettings("aac", "", 48_000, 1, 64_000, gap))
                .hasMessageContaining("codecs.aac.coder");
        assertThatThrownBy(() -> new AacSettings("aac", "twoloop", 48_000, 1, 64_000, Duration.ofMillis(-1)))
                .hasMessageContaining("codecs.aac.max-gap");
    }
}
