package io.storagesession.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The soak's judge on made-up tables: a server that stays flat and lets go of everything passes every target, and each
 * way a real leak shows — memory that keeps growing after the warm-up, a thread or descriptor per churned session, a
 * session or TURN allocation never released, a viewer with loss, a participant that never connected — fails its own
 * target and no other.
 */
class SoakJudgeTest {
    private static final double FLAT_PERCENT = 10;
    private static final double MAX_LOSS = 0.5;
    private static final double WARMUP_SECONDS = 600;
    private static final int MINUTES = 60;
    private static final long BASE_THREADS = 36;
    private static final long BASE_FDS = 48;
    private static final SoakJudge JUDGE = new SoakJudge(FLAT_PERCENT, MAX_LOSS, WARMUP_SECONDS);

    @Test
    void aServerThatStaysFlatAndLetsGoOfEverythingPassesEveryTarget() {
        Map<String, Boolean> verdicts = judge(minutes(m -> 300 + (m % 3) * 5, m -> 120 + (m % 2) * 4, 0.1),
                after(BASE_THREADS, BASE_FDS, 0, 0), List.of());

        assertThat(verdicts).doesNotContainValue(false).hasSize(7);
    }

    @Test
    void memoryThatGrowsTwoPercentAMinuteAfterTheWarmUpFailsRssAndHeap() {
        Map<String, Boolean> verdicts = judge(minutes(m -> 300 * Math.pow(1.02, m), m -> 120 * Math.pow(1.02, m), 0.1),
                after(BASE_THREADS, BASE_FDS, 0, 0), List.of());

        assertThat(failed(verdicts)).containsExactlyInAnyOrder("RSS flat after warm-up",
                "heap after GC flat after warm-up");
    }

    @Test
    void growthDuringTheWarmUpAloneIsNotJudged() {
        Map<String, Boolean> verdicts = judge(minutes(m -> m <= 10 ? 100 + 20 * m : 300, m -> m <= 10 ? 40 + 8 * m
                : 120, 0.1), after(BASE_THREADS, BASE_FDS, 0, 0), List.of());

        assertThat(failed(verdicts)).isEmpty();
    }

    @Test
    void threadsOrDescriptorsAboveTheBaselineAfterEveryoneLeftFail() {
        Map<String, Boolean> verdicts = judge(minutes(m -> 300, m -> 120, 0.1),
                after(BASE_THREADS + 2, BASE_FDS + 30, 0, 0), List.of());

        assertThat(failed(verdicts)).containsExactlyInAnyOrder("threads back to baseline", "fds back to baseline");
    }

    @Test
    void aSessionOrTurnAllocationStillHeldAfterEveryoneLeftFails() {
        assertThat(failed(judge(minutes(m -> 300, m -> 120, 0.1), after(BASE_THREADS, BASE_FDS, 1, 0), List.of())))
                .containsExactly("no leaked sessions or TURN allocations");
        assertThat(failed(judge(minutes(m -> 300, m -> 120, 0.1), after(BASE_THREADS, BASE_FDS, 0, 4), List.of())))
                .containsExactly("no leaked sessions or TURN allocations");
    }

    @Test
    void oneViewerWindowAboveTheLossTargetFailsEvenWhenTheAverageIsLow() {
        List<SoakMinute> minutes = minutes(m -> 300, m -> 120, 0.1);
        SoakMinute lossy = minutes.get(30);
        minutes.set(30, new SoakMinute(lossy.label(), lossy.elapsedSeconds(), lossy.sessions(), lossy.participants(),
                lossy.connected(), lossy.server(), new ViewerLoss.Minute(1_000_000, 1_000, 0, 192, 0.8, "s-7/viewer-2"),
                lossy.churn()));

        assertThat(failed(judge(minutes, after(BASE_THREADS, BASE_FDS, 0, 0), List.of())))
                .containsExactly("viewer loss ≤ target in every window");
    }

    @Test
    void viewersThatNeverReceivedVideoCannotPassTheLossTarget() {
        assertThat(failed(judge(minutes(m -> 300, m -> 120, -1), after(BASE_THREADS, BASE_FDS, 0, 0), List.of())))
                .containsExactly("viewer loss ≤ target in every window");
    }

    @Test
    void aParticipantThatFailedFailsTheConnectTarget() {
        assertThat(failed(judge(minutes(m -> 300, m -> 120, 0.1), after(BASE_THREADS, BASE_FDS, 0, 0),
                List.of("soak-x-3/viewer-5 FAILED (DTLS failed)")))).containsExactly("every participant connected");
    }

    @Test
    void tooFewSamplesAfterTheWarmUpCannotShowFlatness() {
        List<SoakMinute> minutes = minutes(m -> 300, m -> 120, 0.1).subList(0, 10);

        assertThat(failed(judge(minutes, after(BASE_THREADS, BASE_FDS, 0, 0), List.of())))
                .containsExactlyInAnyOrder("RSS flat after warm-up", "heap after GC flat after warm-up");
    }

    @Test
    void aWarmUpGivenAsAShareOfTheDurationIsThatShare() {
        assertThat(SoakSettings.share("17%", Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(612));
        assertThat(SoakSettings.share("10m", Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(10));
        assertThat(LoadSettings.duration("PT4M")).isEqualTo(Duration.ofMinutes(4));
        assertThat(LoadSettings.duration("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aVerdictOnThreadsOrFilesNamesWhatChanged() {
        assertThat(SoakJudge.change(Map.of("session-#", 2L, "socket", 7L), Map.of("session-#", 2L, "socket", 6L,
                ".seg", 5L))).isEqualTo(" (+5 .seg, -1 socket)");
        assertThat(SoakJudge.change(Map.of("socket", 7L), Map.of("socket", 7L))).isEmpty();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(SoakJudge.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(SoakJudge.median(new double[] {5, 1, 3})).isEqualTo(3);
    }

    private static Map<String, Boolean> judge(List<SoakMinute> minutes, SoakMinute after, List<String> failures) {
        SoakMinute baseline = new SoakMinute(SoakMinute.BASELINE, 0, 0, 0, 0,
                new ServerFigures(250, 60, BASE_THREADS, BASE_FDS, 0, 0, 0, 0, Map.of(), Map.of()),
                ViewerLoss.Minute.EMPTY,
                ChurnCounts.ZERO);
        return JUDGE.judge(baseline, minutes, after, failures).stream()
                .collect(Collectors.toMap(SoakJudge.Verdict::target, SoakJudge.Verdict::passed));
    }

    private static List<String> failed(Map<String, Boolean> verdicts) {
        return verdicts.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    /**
     * An hour of minutes with these RSS and heap curves; every minute's worst viewer at {@code worstLoss} (-1: none).
     */
    private static List<SoakMinute> minutes(IntToDoubleFunction rss, IntToDoubleFunction heap, double worstLoss) {
        List<SoakMinute> rows = new ArrayList<>();
        for (int m = 1; m <= MINUTES; m++) {
            ViewerLoss.Minute loss = worstLoss < 0 ? ViewerLoss.Minute.EMPTY
                    : new ViewerLoss.Minute(1_200_000, 600, 0, 192, worstLoss, "s-1/viewer-1");
            rows.add(new SoakMinute(Integer.toString(m), m * 60.0, 64, 256, 256,
                    new ServerFigures(rss.applyAsDouble(m), heap.applyAsDouble(m), 52, 1100, 64, 256, 256, 20,
                            Map.of(), Map.of()), loss,
                    new ChurnCounts(4, 4, 4, 4, 0, 0)));
        }
        return rows;
    }

    private static SoakMinute after(long threads, long fds, double sessions, double turnAllocations) {
        return new SoakMinute(SoakMinute.AFTER, 3700, 0, 0, 0,
                new ServerFigures(280, 70, threads, fds, sessions, 0, turnAllocations, 0, Map.of(), Map.of()),
                ViewerLoss.Minute.EMPTY,
                ChurnCounts.ZERO);
    }
}
