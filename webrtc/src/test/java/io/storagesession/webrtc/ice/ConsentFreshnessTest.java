package io.storagesession.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7675 §5.1's timing, with a probe standing in for the network: checks spaced by the interval randomized to
 * 0.8–1.2 times it, consent kept by answers, and lost exactly {@code timeout} after the last answer — once, after
 * which no check goes out.
 */
class ConsentFreshnessTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    /** Room for the timer and executor threads on a loaded machine. */
    private static final long SLACK_MILLIS = 150;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService session = Executors.newSingleThreadExecutor();
    private final AtomicInteger expirations = new AtomicInteger();
    private final AtomicLong expiredAt = new AtomicLong();
    private final ConsentFreshness consent = new ConsentFreshness(new ConsentSettings(INTERVAL, TIMEOUT), timers,
            session, System::nanoTime, () -> {
                expiredAt.set(System.nanoTime());
                expirations.incrementAndGet();
            });

    @AfterEach
    void stop() {
        timers.shutdownNow();
        session.shutdownNow();
    }

    @Test
    void checksAreSpacedByTheIntervalRandomizedBetweenEightAndTwelveTenths() {
        List<Long> sent = new CopyOnWriteArrayList<>();
        session.execute(() -> consent.start(() -> {
            sent.add(System.nanoTime());
            consent.answered();
            return true;
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() >= 21);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < 21; i++) {
            gaps.add(Duration.ofNanos(sent.get(i) - sent.get(i - 1)).toMillis());
        }
        long min = gaps.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = gaps.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(min).as("gaps %s", gaps).isGreaterThanOrEqualTo(INTERVAL.toMillis() * 8 / 10 - 1);
        assertThat(max - min).as("randomized, not a fixed period: %s", gaps).isGreaterThan(INTERVAL.toMillis() / 10);
        assertThat(expirations).hasValue(0);
    }

    @Test
    void consentLapsesOnceExactlyTimeoutAfterTheLastAnswerAndChecksStop() throws Exception {
        AtomicLong lastAnswer = new AtomicLong();
        AtomicInteger checks = new AtomicInteger();
        session.execute(() -> consent.start(() -> {
            if (checks.incrementAndGet() <= 3) {
                lastAnswer.set(System.nanoTime());
                consent.answered();
            }
            return true;
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> expirations.get() == 1);
        long afterLastAnswer = Duration.ofNanos(expiredAt.get() - lastAnswer.get()).toMillis();
        assertThat(afterLastAnswer).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + SLACK_MILLIS);
        int checksAtExpiry = checks.get();
        Thread.sleep(TIMEOUT.multipliedBy(2).toMillis());
        assertThat(expirations).as("expired once").hasValue(1);
        assertThat(checks).as("no check after expiry").hasValue(checksAtExpiry);
    }

    @Test
    void aStoppedConsentNeitherChecksNorExpires() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        session.execute(() -> consent.start(() -> checks.incrementAndGet() > 0));
        session.execute(consent::stop);
        Thread.sleep(TIMEOUT.multipliedBy(2).toMillis());
        assertThat(checks).hasValue(0);
        assertThat(expirations).hasValue(0);
    }
}
