package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** reference.conf's codecs.h264 block is read and checked at start, not on the media path. */
class H264SettingsTest {
    @Test
    void readsReferenceConf() {
        H264Settings s = H264Settings.defaults();
        assertThat(s.jitterWait()).isEqualTo(Duration.ofMillis(150));
        assertThat(s.jitterCapacity()).isEqualTo(512);
        assertThat(s.ringSize()).isEqualTo(512);
        assertThat(s.maxPacketBytes()).isEqualTo(1500);
        assertThat(s.maxDropout()).isEqualTo(3000);
        assertThat(s.maxAccessUnitBytes()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void overridesApply() {
        H264Settings s = H264Settings.from(ConfigFactory.parseString("codecs.h264.jitter.wait = 80ms")
                .withFallback(ConfigFactory.defaultReference()));
        assertThat(s.jitterWait()).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void refusesValuesThatCannotWork() {
        Duration wait = Duration.ofMillis(150);
        assertThatThrownBy(() -> new H264Settings(Duration.ZERO, 512, 1500, 3000, 1 << 20))
                .hasMessageContaining("codecs.h264.jitter.wait");
        assertThatThrownBy(() -> new H264Settings(wait, 0, 1500, 3000, 1 << 20)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new H264Settings(wait, 40_000, 1500, 3000, 1 << 20)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new H264Settings(wait, 512, 12, 3000, 1 << 20)).hasMessageContaining("packet");
        assertThatThrownBy(() -> new H264Settings(wait, 512, 1500, 40_000, 1 << 20)).hasMessageContaining("dropout");
        assertThatThrownBy(() -> new H264Settings(wait, 512, 1500, 3000, 4)).hasMessageContaining("access-unit");
    }

    @Test
    void ringSizeIsThePowerOfTwoAtOrAboveTheCapacity() {
        Duration wait = Duration.ofMillis(150);
        assertThat(new H264Settings(wait, 1, 1500, 3000, 64).ringSize()).isEqualTo(1);
        assertThat(new H264Settings(wait, 2, 1500, 3000, 64).ringSize()).isEqualTo(2);
        assertThat(new H264Settings(wait, 300, 1500, 3000, 64).ringSize()).isEqualTo(512);
        assertThat(new H264Settings(wait, 32768, 1500, 3000, 64).ringSize()).isEqualTo(32768);
    }
}
