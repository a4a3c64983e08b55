package io.storagesession.recorder.mkv;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any frame sequence within KVS' rules (video keyframe first, per-track time never backwards, 16-bit relative
 * timecodes, every track in every fragment) comes back from AWS' parser exactly: clusters, timecodes, flags, bytes.
 */
class FragmentRoundTripPropertiesTest {
    private static final int MAX_FRAME_BYTES = 5000;
    private static final int MAX_FRAMES_PER_TRACK = 15;
    private static final int MAX_STEP_MILLIS = 200;
    private static final int MAX_GAP_MILLIS = 3000;
    private static final int MAX_FRAGMENTS = 4;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0, 1, 0x67, 1, 0, 1, 0x68};

    /** One track's frames in one fragment: time steps from the previous frame, sizes, keyframe flags. */
    record TrackPlan(List<Integer> steps, List<Integer> sizes, List<Boolean> keyframes) {
    }

    record FragmentPlan(int gapMillis, int audioOffsetMillis, TrackPlan video, TrackPlan audio) {
    }

    @Property(tries = 150)
    void framesWithinTheRulesRoundTripThroughAwsParser(@ForAll("fragments") List<FragmentPlan> plans,
                                                       @ForAll long contentSeed) throws Exception {
        Random content = new Random(contentSeed);
        List<MediaFrame> frames = new ArrayList<>();
        long fragmentStart = 0;
        List<Long> fragmentStarts = new ArrayList<>();
        for (FragmentPlan plan : plans) {
            fragmentStart += plan.gapMillis();
            fragmentStarts.add(fragmentStart);
            List<MediaFrame> fragment = new ArrayList<>();
            long end = addFrames(fragment, StreamHeader.VIDEO_TRACK_NUMBER, fragmentStart, plan.video(), content, true);
            end = Math.max(end, addFrames(fragment, StreamHeader.AUDIO_TRACK_NUMBER,
                    fragmentStart + plan.audioOffsetMillis(), plan.audio(), content, false));
            frames.addAll(RecordingWriter.interleave(fragment.subList(0, plan.video().steps().size()),
                    fragment.subList(plan.video().steps().size(), fragment.size())));
            fragmentStart = end;
        }

        byte[] mkv = writeWithFragmentsAt(fragmentStarts, frames);
        AwsMkvReading.Stream read = AwsMkvReading.read(mkv);

        org.assertj.core.api.Assertions.assertThat(read.clusters().stream().map(AwsMkvReading.Cluster::timecode))
                .containsExactlyElementsOf(fragmentStarts);
        MkvRecordingJudgedTest.assertSameFrames(read.frames(), frames);
    }

    private static long addFrames(List<MediaFrame> into, int track, long start, TrackPlan plan, Random content,
                                  boolean video) {
        long time = start;
        for (int i = 0; i < plan.steps().size(); i++) {
            time += i == 0 ? 0 : plan.steps().get(i);
            byte[] data = new byte[plan.sizes().get(i)];
            content.nextBytes(data);
            boolean keyframe = !video || i == 0 || plan.keyframes().get(i);
            into.add(new MediaFrame(track, time, keyframe, data));
        }
        return time;
    }

    private static byte[] writeWithFragmentsAt(List<Long> starts, List<MediaFrame> frames) {
        MkvSettings settings = MkvSettings.defaults();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(64, 48, AVCC), AudioTrack.opus(1));
        out.write(header.array(), 0, header.length());
        FragmentWriter writer = new FragmentWriter(settings);
        int next = 0;
        for (MediaFrame frame : frames) {
            boolean startsFragment = next < starts.size() && frame.track() == StreamHeader.VIDEO_TRACK_NUMBER
                    && frame.keyframe() && frame.timecodeMillis() == starts.get(next)
                    && (next == 0 || writer.everyTrackHasFrame());
            if (startsFragment) {
                writer.startFragment(starts.get(next++), FragmentTags.NONE);
            }
            MkvBuffer bytes = writer.writeFrame(frame.track(), frame.timecodeMillis(), frame.keyframe(), frame.data(),
                    0, frame.data().length);
            out.write(bytes.array(), 0, bytes.length());
        }
        writer.closeFragment();
        return out.toByteArray();
    }

    @Provide
    Arbitrary<List<FragmentPlan>> fragments() {
        Arbitrary<FragmentPlan> fragment = Combinators.combine(Arbitraries.integers().between(0, MAX_GAP_MILLIS),
                Arbitraries.integers().between(0, MAX_STEP_MILLIS), track(), track()).as(FragmentPlan::new);
        return fragment.list().ofMinSize(1).ofMaxSize(MAX_FRAGMENTS);
    }

    private static Arbitrary<TrackPlan> track() {
        return Arbitraries.integers().between(1, MAX_FRAMES_PER_TRACK).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(0, MAX_STEP_MILLIS).list().ofSize(n),
                Arbitraries.integers().between(1, MAX_FRAME_BYTES).list().ofSize(n),
                Arbitraries.of(true, false).list().ofSize(n)).as(TrackPlan::new));
    }
}
