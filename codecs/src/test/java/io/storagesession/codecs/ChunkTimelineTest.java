package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkTimelineTest {
    @Test
    void theFirstChunkAnchorsAndLaterOnesFollowOnOrLeaveAShortGap() {
        ChunkTimeline timeline = new ChunkTimeline(100);
        assertThat(timeline.gapBefore(-5_000)).isZero();
        timeline.taken(-5_000, 960);
        assertThat(timeline.anchor()).isEqualTo(-5_000);
        assertThat(timeline.gapBefore(-4_040)).isZero();
        timeline.taken(-4_040, 960);
        assertThat(timeline.gapBefore(-3_080 + 100)).isEqualTo(100);
    }

    @Test
    void aStepBackALongJumpOrAnOverflowingOneIsRefused() {
        ChunkTimeline timeline = new ChunkTimeline(100);
        timeline.gapBefore(Long.MIN_VALUE + 10);
        timeline.taken(Long.MIN_VALUE + 10, 10);
        assertThatThrownBy(() -> timeline.gapBefore(Long.MIN_VALUE + 19)).hasMessageContaining("steps back");
        assertThatThrownBy(() -> timeline.gapBefore(Long.MIN_VALUE + 121)).hasMessageContaining("max-gap");
        assertThatThrownBy(() -> timeline.gapBefore(Long.MAX_VALUE)).hasMessageContaining("max-gap");
        assertThat(timeline.gapBefore(Long.MIN_VALUE + 120)).isEqualTo(100);
    }
}
