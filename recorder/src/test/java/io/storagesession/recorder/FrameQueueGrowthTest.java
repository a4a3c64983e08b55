package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How {@link FrameQueue}'s ring grows: to what the frames waiting need, keeping them in order, never past its bound,
 * and not at all once a steady stream has found its size.
 */
class FrameQueueGrowthTest {
    private static final int SLOTS = 48;

    @Test
    void aKeyframeLargerThanTheRingGrowsItWhileDeltaFramesWait() {
        FrameQueue queue = new FrameQueue(SLOTS, 1024, 64 * 1024);
        Deque<byte[]> expected = new ArrayDeque<>();
        for (int i = 0; i < 4; i++) {
            add(queue, expected, frame(i, 200));
        }
        byte[] keyframe = frame(4, 5000);
        assertThat(queue.roomFor(keyframe.length)).as("room made by growing, not by writing frames out").isTrue();
        add(queue, expected, keyframe);

        assertThat(queue.size()).isEqualTo(5);
        assertThat(queue.ringBytes()).isGreaterThanOrEqualTo(4 * 200 + 5000).isLessThanOrEqualTo(64 * 1024);
        drainAndCheck(queue, expected);
    }

    @Test
    void aRingAtItsBoundMakesTheCallerWriteTheOldestOut() {
        FrameQueue queue = new FrameQueue(SLOTS, 1024, 4096);
        Deque<byte[]> expected = new ArrayDeque<>();
        int i = 0;
        while (queue.roomFor(700)) {
            add(queue, expected, frame(i++, 700));
        }
        assertThat(queue.ringBytes()).isEqualTo(4096);
        assertThat(queue.size()).isEqualTo(4096 / 700);
        check(queue, expected);
        assertThat(queue.roomFor(700)).isTrue();
        add(queue, expected, frame(i, 700));
        assertThat(queue.ringBytes()).isEqualTo(4096);
        drainAndCheck(queue, expected);
    }

    @Test
    void aSingleFrameLargerThanTheBoundStillGoesThroughAlone() {
        FrameQueue queue = new FrameQueue(SLOTS, 1024, 4096);
        Deque<byte[]> expected = new ArrayDeque<>();
        add(queue, expected, frame(0, 100));
        assertThat(queue.roomFor(10_000)).isFalse();
        check(queue, expected);
        assertThat(queue.roomFor(10_000)).isTrue();
        add(queue, expected, frame(1, 10_000));
        drainAndCheck(queue, expected);
    }

    @Test
    void addingWithoutRoomIsRefused() {
        FrameQueue queue = new FrameQueue(SLOTS, 1024, 1024);
        queue.add(1, false, null, new byte[600], 0, 600);
        assertThatThrownBy(() -> queue.add(2, false, null, new byte[600], 0, 600))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * An hour of 1 Mbps video at 30 frames/s with a keyframe a second, each frame waiting three frames (100 ms) for
     * the later audio: the ring grows during the first seconds and never again, to a few times the window.
     */
    @Test
    void aLongSteadyRunStopsGrowing() {
        FrameQueue queue = new FrameQueue(SLOTS, 1024, 1024 * 1024);
        Random random = new Random(5);
        byte[] source = new byte[64 * 1024];
        int wait = 3;
        int delta = 1_000_000 / 8 / 37;
        int settled = 0;
        for (int i = 0; i < 3600 * 30; i++) {
            int len = (i % 30 == 0 ? 8 * delta : delta) * (80 + random.nextInt(41)) / 100;
            assertThat(queue.roomFor(len)).as("room for frame %d without writing one out early", i).isTrue();
            queue.add(i, i % 30 == 0, null, source, 0, len);
            while (queue.size() > wait) {
                queue.removeOldest();
            }
            if (i == 30 * 30) {
                settled = queue.ringBytes();
            }
        }
        assertThat(queue.ringBytes()).as("ring after an hour").isEqualTo(settled);
        assertThat(settled).isLessThanOrEqualTo(128 * 1024);
    }

    private static byte[] frame(int i, int len) {
        byte[] frame = new byte[len];
        Arrays.fill(frame, (byte) i);
        frame[len - 1] = (byte) (len >> 8);
        return frame;
    }

    private static void add(FrameQueue queue, Deque<byte[]> expected, byte[] frame) {
        queue.add(expected.size() + 1000L, false, null, frame, 0, frame.length);
        expected.add(frame);
    }

    private static void drainAndCheck(FrameQueue queue, Deque<byte[]> expected) {
        while (!queue.isEmpty()) {
            check(queue, expected);
        }
        assertThat(expected).isEmpty();
    }

    private static void check(FrameQueue queue, Deque<byte[]> expected) {
        byte[] want = expected.removeFirst();
        int at = queue.oldestOffset();
        assertThat(Arrays.copyOfRange(queue.oldestData(), at, at + queue.oldestLength())).isEqualTo(want);
        queue.removeOldest();
    }
}
