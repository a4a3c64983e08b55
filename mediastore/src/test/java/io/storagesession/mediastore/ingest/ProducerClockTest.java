package io.storagesession.mediastore.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvException;
import org.junit.jupiter.api.Test;

/** x-amzn-producer-start-timestamp as the KVS producers write it (KVS-WIRE.md §4). */
class ProducerClockTest {
    @Test
    void millisAfterTheDotCountAsMillisecondsPaddedOrNot() {
        assertThat(ProducerClock.parseStartMillis("1700000000.005")).isEqualTo(1_700_000_000_005L);
        assertThat(ProducerClock.parseStartMillis("1700000000.5")).as("C producer: 5 ms unpadded")
                .isEqualTo(1_700_000_000_005L);
        assertThat(ProducerClock.parseStartMillis("1700000000.50")).isEqualTo(1_700_000_000_050L);
        assertThat(ProducerClock.parseStartMillis("1700000000.500")).isEqualTo(1_700_000_000_500L);
        assertThat(ProducerClock.parseStartMillis("1700000000")).isEqualTo(1_700_000_000_000L);
        assertThat(ProducerClock.parseStartMillis("1700000000.")).isEqualTo(1_700_000_000_000L);
        assertThat(ProducerClock.parseStartMillis("1700000000.123456")).as("a decimal fraction is cut to ms")
                .isEqualTo(1_700_000_000_123L);
        assertThat(ProducerClock.parseStartMillis(" 0 ")).isZero();
    }

    @Test
    void malformedTimestampsAreRefused() {
        for (String bad : new String[] {"", "yesterday", "-1.000", "1e9", "1.2.3", "99999999999999999999"}) {
            assertThat(ProducerClock.parseStartMillis(bad)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void relativeTimecodesAreAddedToTheStartAndNeedIt() throws MkvException {
        assertThat(ProducerClock.of(true, "1700000000.250").producerMillis(1000)).isEqualTo(1_700_000_001_250L);
        assertThat(ProducerClock.of(false, null).producerMillis(1234)).isEqualTo(1234);
        assertThatThrownBy(() -> ProducerClock.of(true, null).producerMillis(0))
                .isInstanceOfSatisfying(MkvException.class,
                        e -> assertThat(e.errorId()).isEqualTo(ErrorIds.INVALID_PRODUCER_TIMESTAMP));
        assertThatThrownBy(() -> ProducerClock.of(false, "garbage").producerMillis(0))
                .isInstanceOf(MkvException.class);
    }
}
