package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.FragmentBytes;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The recorder's media path allocates nothing per packet or frame once its buffers have grown (ARCHITECTURE.md
 * "Threads and buffers"): 20 s of a master — real H.264 with a keyframe a second, Opus every 20 ms, sender reports,
 * ticks — is scripted first, then replayed into a recorder; the second half is measured with the JVM's per-thread
 * allocation counter. Fragments are written into chunks of a real {@link ChunkPool}, as the PutMedia sink lends
 * it, and the sink takes each fragment's chunks and gives them back at once (an upload does when it is PERSISTED):
 * the chunks are reused, so the whole measured half — frames, fragments and all — must allocate nothing beyond the
 * slack.
 */
class RecorderAllocationTest {
    private static final long DURATION_MILLIS = 20_000;
    /**
     * Slack for the measurement itself and for one-off allocations (16.5 KiB was seen once in five runs;
     * the cause was not pinned down); garbage per packet or frame would be hundreds of kilobytes over these
     * 3,000 calls.
     */
    private static final long MAX_BYTES = 48 * 1024;
    /** The master stream's clock, as the SFU lends it: one instance, updated in place. */
    private static final SenderReportClock REPORTS = new SenderReportClock(90_000);

    /** One scripted call. */
    private record Event(int kind, long nanoTime, long ntp, int value, byte[] bytes, short[] pcm) {
    }

    @Test
    void steadyStateAllocatesNothingPerFrame() {
        List<Event> events = new ArrayList<>();
        SyntheticMaster.Target script = new SyntheticMaster.Target() {
            @Override
            public void senderReport(int ssrc, long ntp, int rtpTimestamp) {
                events.add(new Event(0, ssrc, ntp, rtpTimestamp, null, null));
            }

            @Override
            public void video(byte[] packet, long nanoTime) {
                events.add(new Event(1, nanoTime, 0, 0, packet.clone(), null));
            }

            @Override
            public void audio(byte[] packet, long nanoTime) {
                events.add(new Event(4, nanoTime, 0, 0, packet.clone(), null));
            }

            @Override
            public void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int len) {
                events.add(new Event(2, nanoTime, ntp, (int) masterTimestamp, Arrays.copyOf(opus, len), pcm.clone()));
            }

            @Override
            public void tick(long nanoTime) {
                events.add(new Event(3, nanoTime, 0, 0, null, null));
            }
        };
        try (SyntheticMaster master = new SyntheticMaster(script,
                new LiveH264(640, 360, RealH264.CONSTRAINED_BASELINE, SyntheticMaster.FPS), 0)) {
            master.keyframeLatencyMillis = -1;
            master.run(0, DURATION_MILLIS);
        }
        long[] fragments = new long[1];
        ChunkPool pool = ChunkPool.from(RecorderSettings.defaults().putMedia());
        FragmentBytes upload = new FragmentBytes(pool);
        FragmentSink counting = new FragmentSink() {
            @Override
            public void streamHeader(byte[] header, int off, int len) {
            }

            @Override
            public Optional<ChunkPool> chunkPool() {
                return Optional.of(pool);
            }

            @Override
            public void fragment(FragmentBytes bytes, long clusterTimecode) {
                fragments[0]++;
                bytes.moveTo(upload);
                upload.release();
            }

            @Override
            public void end() {
            }
        };
        SyntheticMaster.Clock clock = new SyntheticMaster.Clock();
        Recorder recorder = SyntheticMaster.recorder(RecorderSettings.defaults(), RecordedAudio.opus(), () -> counting,
                () -> { }, clock);
        SyntheticMaster.connect(recorder);
        int half = events.size() / 2;
        replay(recorder, clock, events, 0, half);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fragmentsBefore = fragments[0];
        long before = threads.getCurrentThreadAllocatedBytes();
        replay(recorder, clock, events, half, events.size());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(fragments[0]).isGreaterThanOrEqualTo(8);
        assertThat(recorder.counters().videoFramesWritten).isGreaterThan(500);
        assertThat(recorder.counters().audioFramesWritten).isGreaterThan(900);
        assertThat(fragments[0] - fragmentsBefore).isGreaterThanOrEqualTo(4);
        assertThat(allocated).as("bytes allocated for %d calls and %d fragments", events.size() - half,
                fragments[0] - fragmentsBefore).isLessThan(MAX_BYTES);
    }

    private static void replay(Recorder recorder, SyntheticMaster.Clock clock, List<Event> events, int from, int to) {
        for (int i = from; i < to; i++) {
            Event e = events.get(i);
            switch (e.kind()) {
                case 0 -> {
                    REPORTS.update((int) e.nanoTime(), e.ntp(), e.value(), 0);
                    recorder.masterSenderReport(REPORTS);
                }
                case 1 -> recorder.masterVideo(e.bytes(), 0, e.bytes().length, e.nanoTime());
                case 2 -> recorder.mixed(e.nanoTime(), e.ntp(), Integer.toUnsignedLong(e.value()), e.pcm(), e.bytes(), 0,
                        e.bytes().length);
                case 4 -> {
                    clock.nanos = e.nanoTime();
                    recorder.masterAudio(e.bytes(), 0, e.bytes().length);
                }
                default -> recorder.tick(e.nanoTime());
            }
        }
    }
}
