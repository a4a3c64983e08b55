package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resend buffer as a ring of reused records: fragments leave in any order (PERSISTED out of order, a rejection in
 * the middle), the ring grows past its first size without losing the order, the media bound drops the oldest, and
 * every fragment that leaves gives its chunks back and its record for reuse exactly once.
 */
class UnpersistedFragmentsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int CHUNK = 32;

    private final ChunkPool pool = new ChunkPool(CHUNK, 1024);
    private final List<PendingFragment> recycled = new ArrayList<>();
    private final PutMediaMetrics metrics = new PutMediaMetrics(PutMediaMetrics.Export.NONE);
    private final UploadLosses losses = new UploadLosses(StreamId.ofName("s"), metrics, UploadHealth.NONE);

    private PendingFragment fragment(long timecode) {
        PendingFragment f = new PendingFragment(pool, x -> { });
        f.bytes.write(new byte[CHUNK + 1], 0, CHUNK + 1);
        f.handedOver(timecode, timecode);
        return f;
    }

    @Test
    void fragmentsLeaveInAnyOrderAndTheRestKeepTheirs() {
        UnpersistedFragments fragments = new UnpersistedFragments(Duration.ofHours(1), recycled::add);
        int count = 100;
        for (int i = 0; i < count; i++) {
            fragments.add(fragment(T0 + i), losses);
        }
        assertThat(fragments.size()).isEqualTo(count);
        assertThat(fragments.mediaMillis()).isEqualTo(count - 1);
        assertThat(fragments.persisted(T0 + 50)).isEqualTo(T0 + 50);
        assertThat(fragments.persisted(T0 + 50)).as("already gone").isEqualTo(UnpersistedFragments.NOT_FOUND);
        assertThat(fragments.persisted(T0 + 1000)).isEqualTo(UnpersistedFragments.NOT_FOUND);
        assertThat(fragments.rejected(T0 + 99, 4006, losses)).isTrue();
        assertThat(fragments.persisted(T0)).isEqualTo(T0);
        assertThat(fragments.oldestTimecode()).isEqualTo(T0 + 1);
        assertThat(fragments.mediaMillis()).isEqualTo(97);
        for (int i = 1; i < 99; i++) {
            if (i != 50) {
                assertThat(fragments.persisted(T0 + i)).as("fragment %d", i).isEqualTo(T0 + i);
            }
        }
        assertThat(fragments.isEmpty()).isTrue();
        assertThat(recycled).hasSize(count).doesNotHaveDuplicates().allMatch(f -> f.bytes.length() == 0);
        assertThat(pool.freeCount()).as("every chunk back").isEqualTo(2 * count);
        assertThat(metrics.fragmentsRejected()).isOne();
    }

    @Test
    void theBoundDropsTheOldestAndARecordComesBackForReuse() {
        UnpersistedFragments fragments = new UnpersistedFragments(Duration.ofMillis(10), recycled::add);
        for (int i = 0; i <= 10; i++) {
            fragments.add(fragment(T0 + i), losses);
        }
        assertThat(recycled).isEmpty();
        fragments.add(fragment(T0 + 13), losses);
        assertThat(recycled).extracting(f -> f.timecode).containsExactly(T0, T0 + 1, T0 + 2);
        assertThat(fragments.oldestTimecode()).isEqualTo(T0 + 3);
        assertThat(metrics.fragmentsDropped()).isEqualTo(3);

        PendingFragment reused = recycled.get(0);
        reused.bytes.write(new byte[5], 0, 5);
        reused.handedOver(T0 + 14, 0);
        fragments.add(reused, losses);
        assertThat(fragments.persisted(T0 + 14)).isZero();
        assertThat(fragments.removeAll()).isEqualTo(8);
        assertThat(fragments.isEmpty()).isTrue();
        assertThat(pool.freeCount()).as("every chunk back; the reused record took a free one").isEqualTo(2 * 12);
    }
}
