package io.storagesession.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * RFC 7675 §5.1's timing, with a probe standing in for the network: checks spaced by the interval randomized to
 * 0.8–1.2 times it, consent kept by answers, and lost exactly {@code timeout} after the last answer — once, after
 * which no check goes out. Timers run on virtual time ({@link ManualTimers}), so every instant is exact.
 */
class ConsentFreshnessTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final int GAPS = 50;

    private final ManualTimers timers = new ManualTimers();
    /** The session's executor: here the test's own thread, on which the timers run too. */
    private final Executor session = Runnable::run;
    private final AtomicInteger expirations = new AtomicInteger();
    private final AtomicLong expiredAt = new AtomicLong(-1);
    private final ConsentFreshness consent = new ConsentFreshness(new ConsentSettings(INTERVAL, TIMEOUT), timers,
            session, timers::nanoTime, () -> {
                expiredAt.set(timers.nanoTime());
                expirations.incrementAndGet();
            });

    @Test
    void checksAreSpacedByTheIntervalRandomizedBetweenEightAndTwelveTenths() {
        List<Long> sent = new ArrayList<>();
        consent.start(() -> {
            sent.add(timers.nanoTime());
            consent.answered();
            return true;
        });
        timers.advance(INTERVAL.multipliedBy(12).dividedBy(10).multipliedBy(GAPS + 1));
        assertThat(sent).hasSizeGreaterThan(GAPS);
        List<Duration> gaps = new ArrayList<>();
        long previous = 0;
        for (long at : sent) {
            gaps.add(Duration.ofNanos(at - previous));
            previous = at;
        }
        assertThat(gaps).as("the first check one interval after the start, then each after the one before")
                .allSatisfy(gap -> assertThat(gap).isBetween(INTERVAL.multipliedBy(8).dividedBy(10),
                        INTERVAL.multipliedBy(12).dividedBy(10)));
        Duration spread = Duration.ofNanos(gaps.stream().mapToLong(Duration::toNanos).max().orElseThrow()
                - gaps.stream().mapToLong(Duration::toNanos).min().orElseThrow());
        assertThat(spread).as("randomized, not a fixed period: %s", gaps).isGreaterThan(INTERVAL.dividedBy(10));
        assertThat(expirations).hasValue(0);
        assertThat(consent.checksSent()).isEqualTo(sent.size());
        assertThat(consent.answers()).isEqualTo(sent.size());
    }

    @Test
    void consentLapsesOnceExactlyTimeoutAfterTheLastAnswerAndChecksStop() {
        AtomicLong lastAnswer = new AtomicLong(-1);
        AtomicInteger checks = new AtomicInteger();
        consent.start(() -> {
            if (checks.incrementAndGet() <= 3) {
                lastAnswer.set(timers.nanoTime());
                consent.answered();
            }
            return true;
        });
        timers.advance(INTERVAL.multipliedBy(3).plus(TIMEOUT).multipliedBy(2));
        assertThat(expirations).as("expired once").hasValue(1);
        assertThat(lastAnswer.get()).as("three checks answered first").isPositive();
        assertThat(Duration.ofNanos(expiredAt.get() - lastAnswer.get())).isEqualTo(TIMEOUT);
        int checksAtExpiry = checks.get();
        assertThat(timers.pending()).as("no timer left after expiry").isZero();
        timers.advance(TIMEOUT.multipliedBy(10));
        assertThat(expirations).as("expired once").hasValue(1);
        assertThat(checks).as("no check after expiry").hasValue(checksAtExpiry);
    }

    @Test
    void aStoppedConsentNeitherChecksNorExpires() {
        AtomicInteger checks = new AtomicInteger();
        consent.start(() -> checks.incrementAndGet() > 0);
        consent.stop();
        assertThat(timers.pending()).as("both timers cancelled").isZero();
        timers.advance(TIMEOUT.multipliedBy(10));
        assertThat(checks).hasValue(0);
        assertThat(expirations).hasValue(0);
    }

    @Test
    void withoutAnyAnswerConsentLapsesTimeoutAfterItWasGranted() {
        consent.start(() -> true);
        timers.advance(TIMEOUT.minusNanos(1));
        assertThat(expirations).as("not before the timeout").hasValue(0);
        timers.advance(Duration.ofNanos(1));
        assertThat(expirations).hasValue(1);
        assertThat(expiredAt).hasValue(TIMEOUT.toNanos());
    }
}
