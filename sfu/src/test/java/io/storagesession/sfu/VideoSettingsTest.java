package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** reference.conf reads as documented; values that would break the media path are refused at start. */
class VideoSettingsTest {
    @Test
    void referenceConfHasTheSessionQuotaAndRfcDefaults() {
        VideoSettings video = SfuSettings.defaults().video();
        assertThat(video.maxBitrate()).isEqualTo(1_000_000L);
        assertThat(video.nackMaxDropout()).isEqualTo(3000);
        assertThat(video.nackMaxMisorder()).isEqualTo(100);
        assertThat(video.keyframeRequestInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(video.retransmissionHistoryInitialBytes()).isEqualTo(16 * 1024);
        assertThat(video.retransmissionHistoryMaxBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void overridesAreTaken() {
        SfuSettings s = SfuSettings.from(ConfigFactory.parseString("mixer.video.max-bitrate = 2500000")
                .withFallback(ConfigFactory.defaultReference()));
        assertThat(s.video().maxBitrate()).isEqualTo(2_500_000L);
    }

    @Test
    void badValuesAreRefused() {
        for (String bad : new String[] {"max-bitrate = 0", "nack.max-dropout = 10", "retransmission.max-packets = 0",
                "nack.retry-interval = 0ms", "max-packet-bytes = 8", "nack.max-misorder = 40000",
                "retransmission.history-initial-bytes = 0", "retransmission.history-initial-bytes = 1 MiB",
                "retransmission.history-max-bytes = 1000", "retransmission.history-max-bytes = 5 GiB"}) {
            assertThatThrownBy(() -> SfuSettings.from(ConfigFactory.parseString("mixer.video." + bad)
                    .withFallback(ConfigFactory.defaultReference())))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
