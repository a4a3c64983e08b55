package io.storagesession.mediastore.clip;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.archive.ArchivedFrame;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a clip's fragments land: the first one's earliest frame at 0, the next ones keeping their producer distance
 * (gaps included), and one whose producer time went back moved to just after the previous fragment's last frame, so
 * decode times never go back.
 */
class ClipTimelineTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long GAP = 33;

    @Test
    void startsTheClipAtItsFirstFragmentsEarliestFrameAndKeepsProducerDistancesAndGaps() {
        ClipTimeline timeline = new ClipTimeline(GAP);

        long first = timeline.shift(frames(T0 + 5, T0, T0 + 1960));
        long second = timeline.shift(frames(T0 + 2000, T0 + 3960));
        long afterGap = timeline.shift(frames(T0 + 60_000, T0 + 61_960));

        assertThat(T0 + first).isZero();
        assertThat(second).isEqualTo(first);
        assertThat(T0 + 60_000 + afterGap).isEqualTo(60_000);
    }

    @Test
    void movesAFragmentWhoseProducerTimeWentBackToJustAfterThePreviousOne() {
        ClipTimeline timeline = new ClipTimeline(GAP);
        timeline.shift(frames(T0, T0 + 1960));

        long back = timeline.shift(frames(T0 - 50_000, T0 - 48_040));
        long next = timeline.shift(frames(T0 - 48_000, T0 - 46_040));

        assertThat(T0 - 50_000 + back).isEqualTo(1960 + GAP);
        assertThat(T0 - 48_000 + next).as("the moved fragment's successor follows it").isEqualTo(1960 + GAP + 2000);
    }

    @Test
    void movesAFragmentThatStartsAtThePreviousOnesLastFrame() {
        ClipTimeline timeline = new ClipTimeline(GAP);
        timeline.shift(frames(T0, T0 + 2000));

        long same = timeline.shift(frames(T0 + 2000, T0 + 3960));

        assertThat(T0 + 2000 + same).isEqualTo(2000 + GAP);
    }

    private static List<ArchivedFrame> frames(long... timecodes) {
        return Arrays.stream(timecodes).mapToObj(t -> new ArchivedFrame(1, t, false, new byte[] {1})).toList();
    }
}
