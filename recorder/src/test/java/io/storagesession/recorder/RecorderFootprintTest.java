package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.FragmentBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What one recording keeps in memory for the stream the heap budget is set for (docs/architecture.md "Capacity"): a
 * 1 Mbps master at 30 frames/s with a keyframe a second (eight times a delta frame), and the Opus mix every 20 ms
 * reaching the recorder {@value #MIX_LAG_MILLIS} ms after the video of the same instant. Ten minutes of it go through a
 * {@link Recording} with the shipped settings into a sink that takes each fragment's chunks of a real
 * {@link ChunkPool} and keeps the last fragment, as an upload keeps it until PERSISTED, giving the one before back to
 * the pool. The recording's own buffers must settle at what this stream needs and stay there, interleaving must never
 * write a frame early, the fragment being written and the one kept must each hold less than one chunk more than their
 * bytes — about half a fragment on average for the one being written, not an array sized for the largest — every
 * chunk must be back in the pool once the last fragment is, and after the warm-up hardly any chunk is made.
 */
class RecorderFootprintTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final int FPS = 30;
    private static final int BITS_PER_SECOND = 1_000_000;
    /** A keyframe is this many delta frames: 29 deltas and one keyframe make a second's bytes. */
    private static final int KEYFRAME_WEIGHT = 8;
    private static final int AUDIO_FRAME_MILLIS = 20;
    private static final int OPUS_FRAME_BYTES = 80;
    private static final long MIX_LAG_MILLIS = 80;
    private static final long SECONDS = 600;
    private static final long WARM_UP_SECONDS = 30;
    /** What the interleaving rings may need for this stream: 100 ms of video and a keyframe, with room to wrap. */
    private static final int WINDOW_BYTES = 128 * 1024;
    /** Frame sizes vary by up to this share either way. */
    private static final double SIZE_JITTER = 0.2;

    /** Keeps the last fragment handed over, as an upload keeps it until PERSISTED, and gives the one before back. */
    private static final class KeepingSink implements FragmentSink {
        final ChunkPool pool = ChunkPool.from(RecorderSettings.defaults().putMedia());
        final FragmentBytes kept = new FragmentBytes(pool);
        final List<Integer> lengths = new ArrayList<>();
        int largestKeptHeld;

        @Override
        public void streamHeader(byte[] header, int off, int len) {
        }

        @Override
        public Optional<ChunkPool> chunkPool() {
            return Optional.of(pool);
        }

        @Override
        public void fragment(FragmentBytes bytes, long clusterTimecode) {
            kept.release();
            bytes.moveTo(kept);
            assertThat(kept.heldBytes() - kept.length()).as("a kept fragment's unused bytes")
                    .isBetween(0, pool.chunkBytes() - 1);
            lengths.add(kept.length());
            largestKeptHeld = Math.max(largestKeptHeld, kept.heldBytes());
        }

        @Override
        public void end() {
            kept.release();
        }
    }

    @Test
    void aOneMegabitStreamCostsWhatItHasWrittenAndStopsGrowing() {
        RecorderSettings settings = RecorderSettings.defaults();
        RecorderCounters counters = new RecorderCounters();
        KeepingSink sink = new KeepingSink();
        int chunk = sink.pool.chunkBytes();
        Recording recording = new Recording(settings, RecordedAudio.opus(), sink, counters);
        FragmentBytes writing = recording.fragmentBytes();
        VideoTrack track = new VideoTrack(1280, 720, new byte[] {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1});
        Random random = new Random(11);
        int delta = BITS_PER_SECOND / Byte.SIZE / (FPS - 1 + KEYFRAME_WEIGHT);
        byte[] frame = new byte[2 * KEYFRAME_WEIGHT * delta];
        random.nextBytes(frame);
        byte[] opus = new byte[OPUS_FRAME_BYTES];
        int settled = 0;
        int chunksAtWarmUp = 0;
        int chunksMade = 0;
        int largestInUse = 0;
        long heldSum = 0;
        long samples = 0;
        long videoFrames = 0;
        for (long t = 0; t < SECONDS * 1000; t++) {
            if (t * FPS / 1000 >= videoFrames) {
                boolean keyframe = videoFrames % FPS == 0;
                int size = (keyframe ? KEYFRAME_WEIGHT : 1) * delta;
                size += (int) (size * SIZE_JITTER * (2 * random.nextDouble() - 1));
                recording.video(T0 + t, keyframe, track, frame, size);
                videoFrames++;
            }
            long mixTime = t - MIX_LAG_MILLIS;
            if (mixTime >= 0 && mixTime % AUDIO_FRAME_MILLIS == 0) {
                recording.mixed(T0 + mixTime, null, opus, 0, OPUS_FRAME_BYTES);
            }
            int inUse = writing.heldBytes() + sink.kept.heldBytes();
            // Nothing is let go (the pool's cap is far above this one session's needs): free and in use are all made.
            chunksMade = Math.max(chunksMade, sink.pool.freeCount() + inUse / chunk);
            largestInUse = Math.max(largestInUse, inUse);
            if (t == WARM_UP_SECONDS * 1000) {
                settled = recording.bufferBytes() - writing.heldBytes();
                chunksAtWarmUp = chunksMade;
            }
            if (t > WARM_UP_SECONDS * 1000 && t % 100 == 0) {
                assertThat(writing.heldBytes() - writing.length()).as("unused bytes of the fragment at %d ms", t)
                        .isBetween(0, chunk - 1);
                heldSum += writing.heldBytes();
                samples++;
            }
            if (t > WARM_UP_SECONDS * 1000 && t % 1000 == 0) {
                assertThat(recording.bufferBytes() - writing.heldBytes()).as("own buffers at %d s", t / 1000)
                        .isBetween(settled * 3 / 4, settled * 5 / 4);
            }
        }
        recording.end();

        assertThat(counters.framesWrittenEarly).as("frames written before the other track caught up").isZero();
        assertThat(counters.audioFramesLate + counters.audioFramesWithoutFragment).isZero();
        assertThat(counters.fragments).isGreaterThanOrEqualTo(SECONDS / 3);
        long averageLength = sink.lengths.stream().mapToLong(Integer::longValue).sum() / sink.lengths.size();
        int largestLength = sink.lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        long averageHeld = heldSum / samples;
        assertThat(writing.heldBytes()).as("the last fragment's chunks went with it").isZero();
        assertThat(sink.pool.freeCount()).as("every chunk back in the pool once the last fragment is")
                .isEqualTo(chunksMade);
        assertThat(chunksMade).as("chunks made by the end (%d at the %d s warm-up)", chunksAtWarmUp,
                WARM_UP_SECONDS).isLessThanOrEqualTo(chunksAtWarmUp + largestLength / chunk / 4);
        System.out.printf("1 Mbps, 1 s GOP: recording's own buffers %d B (rings, header, frame heads); fragment being "
                + "written holds %d B on average (fragments %d B on average, %d B at most); a kept fragment up to %d B;"
                + " at most %d B in chunks at once; %d chunks of %d B made (%d at the warm-up)%n", settled,
                averageHeld, averageLength, largestLength, sink.largestKeptHeld, largestInUse, chunksMade, chunk,
                chunksAtWarmUp);
        // The fragment being written holds about half a fragment on average — what it has written so far — where it
        // used to hold an array sized for the largest fragment with 25 % headroom all along.
        assertThat(averageHeld).isLessThan(averageLength * 6 / 10 + chunk);
        // Two fragments at their fullest (the one being written, the one kept) and the interleaving window, each what
        // this stream needs.
        assertThat(settled + largestInUse).isLessThan(2 * (largestLength + chunk) + WINDOW_BYTES);
    }
}
