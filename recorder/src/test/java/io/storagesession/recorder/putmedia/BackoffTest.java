package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final BackoffSettings settings = new BackoffSettings(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 0.2);

    @Test
    void doublesUpToTheCapAndStartsOverAfterAReset() {
        Backoff backoff = new Backoff(settings, () -> 0.5);
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterStaysWithinItsShare() {
        assertThat(new Backoff(settings, () -> 0).next()).isEqualTo(Duration.ofMillis(80));
        assertThat(new Backoff(settings, () -> 0.999_999_999).next().toMillis()).isEqualTo(119);
    }

    @Test
    void referenceConfLoads() {
        PutMediaSettings defaults = PutMediaSettings.defaults();
        assertThat(defaults.payloadHash()).isEqualTo(PayloadHashMode.UNSIGNED_PAYLOAD);
        assertThat(defaults.endpoint()).isEmpty();
        assertThat(defaults.maxBufferedMedia()).isEqualTo(Duration.ofSeconds(60));
    }
}
