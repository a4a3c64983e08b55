package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** reference.conf's codecs.h264 block is read and checked at start, not on the media path. */
class H264SettingsTest {
    private static final Duration WAIT = Duration.ofMillis(150);
    private static final int RING = 32 * 1024;
    private static final int RING_MAX = 512 * 1024;

    @Test
    void readsReferenceConf() {
        H264Settings s = H264Settings.defaults();
        assertThat(s.jitterWait()).isEqualTo(Duration.ofMillis(150));
        assertThat(s.jitterCapacity()).isEqualTo(512);
        assertThat(s.ringSize()).isEqualTo(512);
        assertThat(s.jitterInitialBytes()).isEqualTo(32 * 1024);
        assertThat(s.jitterMaxBytes()).isEqualTo(512 * 1024);
        assertThat(s.maxPacketBytes()).isEqualTo(1500);
        assertThat(s.maxDropout()).isEqualTo(3000);
        assertThat(s.maxAccessUnitBytes()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void overridesApply() {
        H264Settings s = H264Settings.from(ConfigFactory.parseString(
                        "codecs.h264.jitter { wait = 80ms, initial-bytes = 4096, max-bytes = 1 MiB }")
                .withFallback(ConfigFactory.defaultReference()));
        assertThat(s.jitterWait()).isEqualTo(Duration.ofMillis(80));
        assertThat(s.jitterInitialBytes()).isEqualTo(4096);
        assertThat(s.jitterMaxBytes()).isEqualTo(1 << 20);
    }

    @Test
    void refusesValuesThatCannotWork() {
        assertThatThrownBy(() -> settings(Duration.ZERO, 512, RING, RING_MAX, 1500, 3000, 1 << 20))
                .hasMessageContaining("codecs.h264.jitter.wait");
        assertThatThrownBy(() -> settings(WAIT, 0, RING, RING_MAX, 1500, 3000, 1 << 20))
                .hasMessageContaining("capacity");
        assertThatThrownBy(() -> settings(WAIT, 40_000, RING, RING_MAX, 1500, 3000, 1 << 20))
                .hasMessageContaining("capacity");
        assertThatThrownBy(() -> settings(WAIT, 512, 0, RING_MAX, 1500, 3000, 1 << 20))
                .hasMessageContaining("initial-bytes");
        assertThatThrownBy(() -> settings(WAIT, 512, RING_MAX * 2, RING_MAX, 1500, 3000, 1 << 20))
                .hasMessageContaining("initial-bytes");
        assertThatThrownBy(() -> settings(WAIT, 512, 1024, 1024, 1500, 3000, 1 << 20))
                .as("a ring smaller than the largest packet").hasMessageContaining("max-bytes");
        assertThatThrownBy(() -> settings(WAIT, 512, RING, RING_MAX, 12, 3000, 1 << 20))
                .hasMessageContaining("packet");
        assertThatThrownBy(() -> settings(WAIT, 512, RING, RING_MAX, 1500, 40_000, 1 << 20))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> settings(WAIT, 512, RING, RING_MAX, 1500, 3000, 4))
                .hasMessageContaining("access-unit");
    }

    @Test
    void ringSizesTooLargeForAnIntAreRefusedNotTruncated() {
        assertThatThrownBy(() -> H264Settings.from(ConfigFactory.parseString("codecs.h264.jitter.max-bytes = 5 GiB")
                .withFallback(ConfigFactory.defaultReference()))).hasMessageContaining("max-bytes");
    }

    @Test
    void ringSizeIsThePowerOfTwoAtOrAboveTheCapacity() {
        assertThat(settings(WAIT, 1, RING, RING_MAX, 1500, 3000, 64).ringSize()).isEqualTo(1);
        assertThat(settings(WAIT, 2, RING, RING_MAX, 1500, 3000, 64).ringSize()).isEqualTo(2);
        assertThat(settings(WAIT, 300, RING, RING_MAX, 1500, 3000, 64).ringSize()).isEqualTo(512);
        assertThat(settings(WAIT, 32768, RING, RING_MAX, 1500, 3000, 64).ringSize()).isEqualTo(32768);
    }

    private static H264Settings settings(Duration wait, int capacity, int initialBytes, int maxBytes,
                                         int maxPacketBytes, int maxDropout, int maxAccessUnitBytes) {
        return new H264Settings(wait, capacity, initialBytes, maxBytes, maxPacketBytes, maxDropout, maxAccessUnitBytes,
                16 * 1024);
    }
}
