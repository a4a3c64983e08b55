package io.storagesession.mediastore.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvStreamParser;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The ingest (MkvStreamParser and PutMediaFragments, as every PutMedia upload runs them) allocates nothing per block
 * once its arrays have grown: a recording of 240 fragments of 2 s (video every 40 ms, audio every 20 ms: 150 blocks a
 * fragment, each with producer Tags) is fed in 8 KiB chunks, as HTTP delivers it; the last sixth is measured (the JIT has compiled the rest by then) with the
 * JVM's per-thread allocation counter. Each fragment's array is given back at once, as the store does once it is
 * written.
 */
class IngestAllocationTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 240;
    private static final int CHUNK = 8192;
    /**
     * What a fragment may still cost: the handful of small objects made once per fragment (the acknowledgement's
     * record, a cursor over the Timecode and the Tags, the tag names read as strings). Garbage per block would be
     * kilobytes per fragment, and a copied payload tens of kilobytes.
     */
    private static final long MAX_BYTES_PER_FRAGMENT = 1024;

    private long completed;

    @Test
    void aSteadyUploadAllocatesNothingPerBlock() throws MkvException {
        MediaStoreSettings settings = MediaStoreSettings.defaults();
        MediaStoreSettings.Limits limits = settings.limits();
        FragmentPayloads payloads = new FragmentPayloads(2, settings.putMedia().initialFragmentBufferBytes(),
                settings.putMedia().maxRetainedFragmentBufferBytes());
        PutMediaFragments.Listener store = new PutMediaFragments.Listener() {
            @Override
            public void fragmentStarted(long clusterTimecode, long producerTimestampMillis) {
            }

            @Override
            public void fragmentComplete(PutMediaFragments.AssembledFragment fragment) {
                completed++;
                payloads.give(fragment.payload());
            }
        };
        MkvStreamParser parser = new MkvStreamParser(new PutMediaFragments(limits, ProducerClock.of(false, null),
                store, payloads), new MkvStreamParser.Limits(limits.maxHeaderElementBytes(), limits.maxFragmentBytes(),
                limits.maxSkippedElementBytes()), settings.putMedia().elementBuffer());
        byte[] body = TestMkv.recording(T0, FRAGMENTS, 2000, 3).all();
        int half = body.length / 6 * 5;
        feed(parser, body, 0, half);
        long fragmentsBefore = completed;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        feed(parser, body, half, body.length);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long fragments = completed - fragmentsBefore;

        assertThat(fragments).isGreaterThanOrEqualTo(FRAGMENTS / 6 - 1);
        System.out.printf("ingest: %d bytes allocated for %d fragments (%d blocks each): %d bytes per fragment%n",
                allocated, fragments, 150, allocated / fragments);
        assertThat(allocated).as("bytes allocated for %d fragments", fragments)
                .isLessThan(fragments * MAX_BYTES_PER_FRAGMENT);
    }

    private static void feed(MkvStreamParser parser, byte[] body, int from, int to) throws MkvException {
        for (int at = from; at < to; at += CHUNK) {
            parser.feed(body, at, Math.min(CHUNK, to - at));
        }
    }
}
