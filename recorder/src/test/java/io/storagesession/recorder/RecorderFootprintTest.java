package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.FragmentBuffers;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What one recording keeps in memory for the stream the heap budget is set for (docs/architecture.md "Capacity"): a
 * 1 Mbps master at 30 frames/s with a keyframe a second (eight times a delta frame), and the Opus mix every 20 ms
 * reaching the recorder {@value #MIX_LAG_MILLIS} ms after the video of the same instant. Ten minutes of it go through a
 * {@link Recording} with the shipped settings into a sink that lends arrays of a real {@link FragmentBuffers} and keeps
 * the last fragment, as an upload keeps it until PERSISTED, giving the one before back to the pool. The recording's
 * own buffers must settle at what this stream needs and stay there, interleaving must never write a frame early, every
 * fragment array must be little more than the largest fragment, and after the warm-up no new array is made.
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
        final FragmentBuffers pool = FragmentBuffers.from(RecorderSettings.defaults().putMedia());
        final List<Integer> lengths = new ArrayList<>();
        final List<Integer> capacities = new ArrayList<>();
        /** Every array a fragment was handed over in, by identity. */
        final Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        byte[] kept;

        @Override
        public void streamHeader(byte[] header, int off, int len) {
        }

        @Override
        public byte[] fragmentArray(int atLeast) {
            return pool.take(atLeast);
        }

        @Override
        public void fragment(byte[] bytes, int off, int len, long clusterTimecode) {
            assertThat(bytes).isNotSameAs(kept);
            if (kept != null) {
                pool.give(kept);
            }
            kept = bytes;
            arrays.add(bytes);
            lengths.add(len);
            capacities.add(bytes.length);
        }

        @Override
        public void end() {
        }
    }

    @Test
    void aOneMegabitStreamCostsWhatItNeedsAndStopsGrowing() {
        RecorderSettings settings = RecorderSettings.defaults();
        RecorderCounters counters = new RecorderCounters();
        KeepingSink sink = new KeepingSink();
        Recording recording = new Recording(settings, RecordedAudio.opus(), sink, counters);
        VideoTrack track = new VideoTrack(1280, 720, new byte[] {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1});
        Random random = new Random(11);
        int delta = BITS_PER_SECOND / Byte.SIZE / (FPS - 1 + KEYFRAME_WEIGHT);
        byte[] frame = new byte[2 * KEYFRAME_WEIGHT * delta];
        random.nextBytes(frame);
        byte[] opus = new byte[OPUS_FRAME_BYTES];
        int settled = 0;
        int arraysAtWarmUp = 0;
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
            if (t == WARM_UP_SECONDS * 1000) {
                settled = recording.bufferBytes();
                arraysAtWarmUp = sink.arrays.size();
            }
            if (t > WARM_UP_SECONDS * 1000 && t % 1000 == 0) {
                // The fragment being written is one of the pool's arrays, which may differ a little in size.
                assertThat(recording.bufferBytes()).as("buffers at %d s", t / 1000)
                        .isBetween(settled * 3 / 4, settled * 5 / 4);
            }
        }
        recording.end();

        assertThat(counters.framesWrittenEarly).as("frames written before the other track caught up").isZero();
        assertThat(counters.audioFramesLate + counters.audioFramesWithoutFragment).isZero();
        assertThat(counters.fragments).isGreaterThanOrEqualTo(SECONDS / 3);
        double headroom = settings.putMedia().fragmentBuffers().headroom();
        int largestKept = 0;
        int largestLength = 0;
        for (int i = 0; i < sink.lengths.size(); i++) {
            largestKept = Math.max(largestKept, sink.capacities.get(i));
            largestLength = Math.max(largestLength, sink.lengths.get(i));
        }
        assertThat(largestKept).as("the largest fragment array").isLessThanOrEqualTo(
                largestLength + (int) (largestLength * headroom));
        assertThat(sink.arrays.size()).as("fragment arrays made after the %d s warm-up (of %d fragments)",
                WARM_UP_SECONDS, sink.lengths.size()).isLessThanOrEqualTo(arraysAtWarmUp + 1);
        int perSession = settled + largestKept;
        System.out.printf("1 Mbps, 1 s GOP: recording buffers %d B (rings, header, fragment being written), a kept "
                + "fragment's array up to %d B (%d B of it fragment), %d B in all; %d fragment arrays for %d "
                + "fragments (%d at the warm-up)%n", settled, largestKept, largestLength, perSession,
                sink.arrays.size(), sink.lengths.size(), arraysAtWarmUp);
        // Two fragments (the one being written, the one kept) with their headroom and the interleaving window, each
        // what this stream needs: no fixed preallocation left, where the recorder used to hold about 1.5 MiB.
        assertThat(perSession).isLessThan((int) (2 * (1 + headroom) * largestLength) + WINDOW_BYTES);
    }
}
