package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.storagesession.mediastore.TokenSeal;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HlsSettingsTest {
    @Test
    void referenceConfDocumentsEverySettingWithKvsDefaults() {
        HlsSettings s = HlsSettings.from(ConfigFactory.load());
        assertThat(s.liveFreshness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.discontinuityTolerance()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.corsAllowedOrigin()).isEqualTo("*");
        assertThat(s.publicBaseUrl()).isEmpty();
        assertThat(s.tokenKey()).as("a random key when none is configured").hasSize(TokenSeal.KEY_BYTES);
        assertThat(HlsSettings.from(ConfigFactory.load()).tokenKey()).isNotEqualTo(s.tokenKey());
    }

    @Test
    void aConfiguredKeyIsUsedAndAShortOneRefused() {
        byte[] key = new byte[40];
        key[3] = 9;
        HlsSettings s = HlsSettings.from(ConfigFactory.parseString("media-store.hls.token-key = \""
                + Base64.getEncoder().encodeToString(key) + "\"\nmedia-store.hls.public-base-url = \"https://m.example/\"")
                .withFallback(ConfigFactory.load()));
        assertThat(s.tokenKey()).isEqualTo(key);
        assertThat(s.publicBaseUrl()).isEqualTo("https://m.example");
        assertThatThrownBy(() -> HlsSettings.from(ConfigFactory.parseString("media-store.hls.token-key = \"AAAA\"")
                .withFallback(ConfigFactory.load()))).isInstanceOf(IllegalArgumentException.class);
    }
}
