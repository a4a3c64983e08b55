package io.storagesession.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retransmission schedule derived from RFC 7675 §5.1's interval, and settings that could never work refused. */
class ConsentSettingsTest {
    @Test
    void atTheRfcIntervalEachCheckRetransmitsEvery500msAndGivesUpWhenTheNextMayBegin() {
        ConsentSettings rfc = new ConsentSettings(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(rfc.shortestPeriod()).isEqualTo(Duration.ofSeconds(4));
        assertThat(rfc.retransmitInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(rfc.retransmissions()).isEqualTo(7);
        // ice4j sends at 0, 0.5 s, ..., 3.5 s and gives up one interval after the last: at 4 s, the earliest next check.
        assertThat(rfc.retransmitInterval().multipliedBy(rfc.retransmissions() + 1L)).isEqualTo(rfc.shortestPeriod());
    }

    @Test
    void testSizedIntervalsStillRetransmitOnceBeforeTheNextCheck() {
        ConsentSettings quick = new ConsentSettings(Duration.ofMillis(400), Duration.ofSeconds(2));
        assertThat(quick.retransmitInterval()).isEqualTo(Duration.ofMillis(160));
        assertThat(quick.retransmissions()).isEqualTo(1);
    }

    @Test
    void aTimeoutWithinOneRandomizedIntervalOrANonPositiveIntervalIsRefused() {
        assertThatThrownBy(() -> new ConsentSettings(Duration.ofSeconds(5), Duration.ofSeconds(6)))
                .hasMessageContaining("consent-timeout");
        assertThatThrownBy(() -> new ConsentSettings(Duration.ZERO, Duration.ofSeconds(30)))
                .hasMessageContaining("consent-interval");
    }
}
