package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where video frames go: by arrival, and always after the frame before, whatever the arrival clock learns. */
class MasterTimelineTest {
    private static final int SSRC = 0x1234;
    private static final int TICKS_PER_FRAME = 3000;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aFrameAfterTheTransitDropsLandsAfterItsPredecessorNotOnIt() {
        MasterTimeline timeline = new MasterTimeline(RecorderSettings.from(ConfigFactory.defaultReference()),
                new RecorderCounters(), 0);
        // frame 0 arrives late (transit 100 ms); frame 1 arrives 33 ms early relative to it, so the clock's offset
        // drops by one frame interval and frame 1 would land exactly where frame 0 did
        timeline.videoPacket(SSRC, 0, 1_000 * MS);
        long first = timeline.placeVideo(0, 1_000 * MS);
        timeline.videoPacket(SSRC, TICKS_PER_FRAME, 1_000 * MS);
        long second = timeline.placeVideo(TICKS_PER_FRAME, 1_000 * MS);
        timeline.videoPacket(SSRC, 2 * TICKS_PER_FRAME, 1_033 * MS);
        long third = timeline.placeVideo(2 * TICKS_PER_FRAME, 1_033 * MS);
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(third - first).as("later frames follow the arrival clock again").isEqualTo(33);
    }

    @Test
    void aNewRecordingStartsFresh() {
        MasterTimeline timeline = new MasterTimeline(RecorderSettings.from(ConfigFactory.defaultReference()),
                new RecorderCounters(), 0);
        timeline.videoPacket(SSRC, 0, 5_000 * MS);
        long before = timeline.placeVideo(0, 5_000 * MS);
        timeline.reset();
        timeline.videoPacket(SSRC, 0, 1_000 * MS);
        assertThat(timeline.placeVideo(0, 1_000 * MS)).isLessThan(before);
    }
}
