package io.storagesession.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.testing.LogCapture;
import io.storagesession.api.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RefusalLogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LogCapture log = new LogCapture();

    @AfterEach
    void stop() {
        log.close();
    }

    private RefusalLog refusals(int maxRemembered) {
        return new RefusalLog(LoggerFactory.getLogger(RefusalLogTest.class),
                new RefusalLogSettings(Duration.ofMinutes(10), maxRemembered), clock);
    }

    @Test
    void aRefusalIsLoggedWithChannelParticipantAndReasonOncePerParticipantAndReason() {
        RefusalLog refusals = refusals(100);
        assertThat(refusals.refused(Level.WARN, "door", "viewer v1", "answer refused", () -> "VP8 only")).isTrue();
        assertThat(refusals.refused(Level.WARN, "door", "viewer v1", "answer refused", () -> "VP8 only")).isFalse();
        assertThat(refusals.refused(Level.WARN, "door", "viewer v2", "answer refused", () -> "VP8 only")).isTrue();
        assertThat(refusals.refused(Level.INFO, "door", "viewer v1", "candidate refused", () -> "tcp")).isTrue();
        assertThat(refusals.refused(Level.INFO, "porch", "viewer v1", "candidate refused", () -> "tcp")).isTrue();

        assertThat(log.lines("WARN", "channel door, viewer v1: answer refused: VP8 only")).hasSize(1);
        assertThat(log.lines("channel door, viewer v2: answer refused: VP8 only")).hasSize(1);
        assertThat(log.lines("INFO", "channel door, viewer v1: candidate refused: tcp")).hasSize(1);
        assertThat(log.lines("channel porch, viewer v1: candidate refused: tcp")).hasSize(1);
    }

    @Test
    void theSameRefusalIsLoggedAgainAfterTheRepeatIntervalWithHowManyWentUnlogged() {
        RefusalLog refusals = refusals(100);
        for (int i = 0; i < 4; i++) {
            refusals.refused(Level.INFO, "door", "master", "JoinStorageSession refused", () -> "quota");
        }
        clock.advance(Duration.ofMinutes(9));
        assertThat(refusals.refused(Level.INFO, "door", "master", "JoinStorageSession refused", () -> "quota"))
                .isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(refusals.refused(Level.INFO, "door", "master", "JoinStorageSession refused", () -> "quota"))
                .isTrue();
        assertThat(log.lines("channel door, master: JoinStorageSession refused: quota")).hasSize(2);
        assertThat(log.lines("master: JoinStorageSession refused: quota (4 more like it since it was last logged)"))
                .hasSize(1);
    }

    @Test
    void theDetailIsOnlyBuiltForALineThatIsWritten() {
        RefusalLog refusals = refusals(100);
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            refusals.refused(Level.INFO, "door", "master", "frame dropped", () -> "n" + built.incrementAndGet());
        }
        assertThat(built).hasValue(1);
    }

    @Test
    void memoryIsBoundedAndTheLeastRecentIsForgottenFirst() {
        RefusalLog refusals = refusals(2);
        assertThat(refusals.refused(Level.INFO, "door", "viewer a", "r", () -> "d")).isTrue();
        assertThat(refusals.refused(Level.INFO, "door", "viewer b", "r", () -> "d")).isTrue();
        assertThat(refusals.refused(Level.INFO, "door", "viewer a", "r", () -> "d")).as("a is remembered").isFalse();
        assertThat(refusals.refused(Level.INFO, "door", "viewer c", "r", () -> "d")).isTrue();
        assertThat(refusals.refused(Level.INFO, "door", "viewer a", "r", () -> "d")).as("a was used last").isFalse();
        assertThat(refusals.refused(Level.INFO, "door", "viewer b", "r", () -> "d")).as("b was forgotten").isTrue();
    }

    @Test
    void longAttackerSuppliedNamesAreShortened() {
        refusals(10).refused(Level.INFO, "door", "viewer " + "x".repeat(5000), "r", () -> "d");
        assertThat(log.lines("channel door, viewer xxx")).singleElement()
                .satisfies(line -> assertThat(line.length()).isLessThan(400));
    }
}
