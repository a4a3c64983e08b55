package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.store.TimestampKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFragmentsTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final long IDLE = 60_000;

    private final InMemoryArchiveSource source = new InMemoryArchiveSource(
            new ArchivedStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
    private final LiveFragments live = new LiveFragments(source, IDLE);

    private void add(int i) {
        long t = T0 + i * 2000L;
        source.add(new ArchivedFragment(new ArchivedFragmentInfo(String.valueOf(100 + i), t, t, 2000, 10, i, 0),
                List.of(new ArchivedFrame(1, t, true, new byte[1]))));
    }

    private List<String> newest(int limit, long now) {
        return live.newest(HlsTestServer.STREAM_ARN, limit, now).result().stream()
                .map(ArchivedFragmentInfo::fragmentNumber).toList();
    }

    @Test
    void reloadsAreServedFromPersistedEventsNotFromTheStore() {
        for (int i = 0; i < 4; i++) {
            add(i);
        }
        assertThat(newest(3, T0)).containsExactly("101", "102", "103");
        add(4);
        add(5);
        assertThat(newest(3, T0 + 1000)).containsExactly("103", "104", "105");
        assertThat(newest(10, T0 + 2000)).containsExactly("100", "101", "102", "103", "104", "105");
        assertThat(source.listings.get()).as("the store is listed once, when the stream is first watched").isEqualTo(1);
    }

    @Test
    void aStreamNobodyWatchesIsDroppedWithItsSubscription() {
        add(0);
        newest(5, T0);
        assertThat(source.listeners()).isEqualTo(1);
        live.newest("arn:aws:kinesisvideo:us-west-2:123456789012:stream/other/1", 5, T0 + IDLE + 1);
        assertThat(live.watchedStreams()).as("the other stream, just asked for").isEqualTo(1);
        assertThat(source.listeners()).isEqualTo(1);
        live.close();
        assertThat(source.listeners()).isZero();
    }

    @Test
    void discontinuitiesThatSlideOutOfTheWindowStillCount() {
        long gapMillis = 500;
        long tolerance = 50;
        int capacity = HlsSessionRequest.MAX_RESULTS;
        for (int i = 0; i < capacity; i++) {
            // fragment 2 starts late: one discontinuity at the boundary into it
            long t = T0 + i * 2000L + (i >= 2 ? gapMillis : 0);
            source.add(new ArchivedFragment(new ArchivedFragmentInfo(String.valueOf(100 + i), t, t, 2000, 10, i, 0),
                    List.of(new ArchivedFrame(1, t, true, new byte[1]))));
        }
        ArchivedFragmentInfo first = live.newest(HlsTestServer.STREAM_ARN, 3, T0).result().get(0);
        assertThat(live.discontinuitiesThrough(HlsTestServer.STREAM_ARN, first, TimestampKind.PRODUCER_TIMESTAMP,
                tolerance)).isEqualTo(1);
        assertThat(live.discontinuitiesThrough(HlsTestServer.STREAM_ARN, first, TimestampKind.PRODUCER_TIMESTAMP,
                gapMillis)).as("a gap within a larger tolerance is none").isZero();

        for (int i = capacity; i < capacity + 10; i++) {
            long t = T0 + i * 2000L + gapMillis;
            source.add(new ArchivedFragment(new ArchivedFragmentInfo(String.valueOf(100 + i), t, t, 2000, 10, i, 0),
                    List.of(new ArchivedFrame(1, t, true, new byte[1]))));
        }
        assertThat(newest(capacity, T0)).as("the oldest ten slid out").first().isEqualTo(String.valueOf(110));
        assertThat(live.discontinuitiesThrough(HlsTestServer.STREAM_ARN, first, TimestampKind.PRODUCER_TIMESTAMP,
                tolerance)).as("the same number for the same fragment").isEqualTo(1);
        assertThat(live.discontinuitiesThrough("arn:aws:kinesisvideo:us-west-2:123456789012:stream/unwatched/1",
                first, TimestampKind.PRODUCER_TIMESTAMP, tolerance)).isZero();
    }

    @Test
    void aRepeatedOrLateFragmentKeepsTheOrder() {
        add(0);
        add(2);
        newest(5, T0);
        add(1);
        add(2);
        assertThat(newest(5, T0)).containsExactly("100", "101", "102");
    }
}
