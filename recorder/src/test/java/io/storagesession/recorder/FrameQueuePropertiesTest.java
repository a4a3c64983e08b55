package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The byte ring of {@link FrameQueue}: whatever the sizes and the order of adds and removes, frames come back intact, in order. */
class FrameQueuePropertiesTest {
    @Property(tries = 300)
    void framesComeBackIntactAndInOrder(@ForAll @Size(max = 200) List<@IntRange(min = 1, max = 700) Integer> sizes,
                                        @ForAll @Size(max = 200) List<Boolean> removeFirst) {
        FrameQueue queue = new FrameQueue(8, 1024, 1024);
        Deque<byte[]> expected = new ArrayDeque<>();
        long timecode = 0;
        for (int i = 0; i < sizes.size(); i++) {
            if (i < removeFirst.size() && removeFirst.get(i) && !queue.isEmpty()) {
                check(queue, expected);
            }
            byte[] frame = new byte[sizes.get(i)];
            Arrays.fill(frame, (byte) i);
            frame[0] = (byte) (i >> 8);
            while (!queue.roomFor(frame.length)) {
                check(queue, expected);
            }
            queue.add(++timecode, false, null, frame, 0, frame.length);
            expected.add(frame);
            assertThat(queue.newestTimecode()).isEqualTo(timecode);
        }
        while (!queue.isEmpty()) {
            check(queue, expected);
        }
        assertThat(expected).isEmpty();
    }

    @Property(tries = 50)
    void aFrameLargerThanTheRingGrowsIt(@ForAll @IntRange(min = 1025, max = 5000) int size) {
        FrameQueue queue = new FrameQueue(4, 1024, 1024);
        byte[] frame = new byte[size];
        Arrays.fill(frame, (byte) 7);
        assertThat(queue.roomFor(size)).isTrue();
        assertThat(queue.ringBytes()).isGreaterThanOrEqualTo(size);
        queue.add(1, true, null, frame, 0, size);
        assertThat(Arrays.copyOfRange(queue.oldestData(), queue.oldestOffset(), queue.oldestOffset() + size))
                .isEqualTo(frame);
    }

    private static void check(FrameQueue queue, Deque<byte[]> expected) {
        byte[] want = expected.removeFirst();
        assertThat(queue.oldestLength()).isEqualTo(want.length);
        assertThat(Arrays.copyOfRange(queue.oldestData(), queue.oldestOffset(), queue.oldestOffset() + want.length))
                .isEqualTo(want);
        queue.removeOldest();
    }
}
