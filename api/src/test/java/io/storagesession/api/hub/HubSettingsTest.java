package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reference.conf must default to the AWS limits of KVS-WIRE.md §2, and nonsense values must not start a server. */
class HubSettingsTest {
    @Test
    void referenceDefaultsAreTheAwsLimits() {
        HubSettings s = HubSettings.from(ConfigFactory.defaultReference());
        assertThat(s.maxViewersPerChannel()).isEqualTo(10);
        assertThat(s.connectsPerSecondPerChannel()).isEqualTo(3);
        assertThat(s.sdpMessagesPerSecond()).isEqualTo(5);
        assertThat(s.iceCandidatesPerSecond()).isEqualTo(20);
        assertThat(s.maxPayloadBytes()).isEqualTo(10 * 1024);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.maxConnectionDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(s.goAwayGrace()).isEqualTo(Duration.ofMinutes(1));
        // A frame carrying the largest accepted payload must fit: base64 grows it by 4/3, plus the JSON envelope.
        assertThat(s.maxFrameBytes()).isGreaterThan(s.maxPayloadBytes() * 4 / 3 + 1024);
    }

    @Test
    void rejectsNonPositiveValuesAndMessagesSmallerThanFrames() {
        assertThatThrownBy(() -> HubSettings.from(ConfigFactory.parseMap(Map.of("signaling.hub.max-viewers-per-channel", 0))
                .withFallback(ConfigFactory.defaultReference()))).hasMessageContaining("max-viewers-per-channel");
        assertThatThrownBy(() -> HubSettings.from(ConfigFactory.parseMap(Map.of("signaling.hub.idle-timeout", "0s"))
                .withFallback(ConfigFactory.defaultReference()))).hasMessageContaining("idle-timeout");
        assertThatThrownBy(() -> HubSettings.from(ConfigFactory.parseMap(Map.of("signaling.hub.max-message-bytes", 1000))
                .withFallback(ConfigFactory.defaultReference()))).hasMessageContaining("max-message-bytes");
    }
}
