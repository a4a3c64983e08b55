package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.recorder.mkv.AwsMkvReading;
import io.storagesession.recorder.mkv.Ffmpeg;
import io.storagesession.recorder.mkv.MediaFrame;
import io.storagesession.recorder.mkv.StreamHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder end to end below the network: real OpenH264 video as RTP and real Opus audio in, KVS fragments out,
 * judged by AWS's MKV parser and by ffmpeg. Timecodes are checked against the exact media times of the synthetic
 * master's frames — whatever its RTCP does: late, absent, with audio and video clocks hours apart, or jumping.
 */
class RecorderJudgedTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    /** The longest audio frame of either codec: AAC's 1024 samples at 48 kHz, rounded up. */
    private static final long MAX_AUDIO_FRAME_MILLIS = 22;

    @TempDir
    Path dir;

    private final CollectingSink sink = new CollectingSink();
    private final SyntheticMaster.Clock clock = new SyntheticMaster.Clock();
    private SyntheticMaster master;

    private Recorder recorder(RecorderSettings settings) {
        return recorder(RecordedAudio.opus(), () -> sink);
    }

    private Recorder recorder(RecordedAudio audio, java.util.function.Supplier<FragmentSink> sinks) {
        return SyntheticMaster.recorder(RecorderSettings.defaults(), audio, sinks, () -> master.requestKeyframe(),
                clock);
    }

    private SyntheticMaster master(Recorder recorder, int gop, double loss) {
        master = new SyntheticMaster(recorder, clock, new LiveH264(WIDTH, HEIGHT, RealH264.CONSTRAINED_BASELINE, gop),
                loss);
        SyntheticMaster.connect(recorder);
        return master;
    }

    @Test
    void aLibwebrtcStyleMasterIsRecordedInFragmentsCutAtRequestedKeyframesWithExactTimecodes() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, 100_000, 0)) {
            m.run(0, 20_000);
            recorder.masterDisconnected();
        }
        assertThat(sink.ended).isTrue();
        assertThat(sink.headers()).isEqualTo(1);
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        List<Long> starts = sink.fragmentTimecodes();
        // keyframe-request-after 3 s + 100 ms answer + up to one tick: fragments of 3.1-3.2 s.
        for (int k = 1; k < starts.size(); k++) {
            assertThat(starts.get(k) - starts.get(k - 1)).isBetween(3_000L, 3_300L);
        }
        assertThat(starts).hasSizeBetween(5, 7);
        assertExactTimecodes(stream);
        assertThat(recorder.counters().keyframeRequests).isGreaterThanOrEqualTo(starts.size() - 1);
        assertThat(recorder.counters().stalls).isZero();
        judgeWithFfmpeg(sink.mkv(), WIDTH, HEIGHT);
    }

    @Test
    void theMixRecordedAsAacKeepsItsFragmentsInStepWithTheVideo() throws Exception {
        Recorder recorder = recorder(RecordedAudio.of(RecorderSettings.AudioCodec.AAC, AacSettings.defaults()),
                () -> sink);
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.run(0, 12_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(stream.tracks().get((long) StreamHeader.AUDIO_TRACK_NUMBER).getCodecId()).isEqualTo("A_AAC");
        // AAC frames are 1024 samples: 21.33 ms apart on the mix's clock, rounded to whole milliseconds.
        long[] audio = stream.frames().stream().filter(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER)
                .mapToLong(MediaFrame::timecodeMillis).toArray();
        for (int i = 1; i < audio.length; i++) {
            assertThat(audio[i] - audio[i - 1]).isBetween(21L, 22L);
        }
        assertThat(audio.length).isGreaterThan(11_000 / 22);
        judgeWithFfmpeg(sink.mkv(), WIDTH, HEIGHT, "aac");
    }

    @Test
    void aMasterWhoseFirstSenderReportsComeThreeSecondsLateIsRecordedFromItsFirstKeyframe() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.reportsStartMillis = 3_000; // the KVS C SDK's first RTCP sender report
            m.run(0, 8_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(stream.clusters().get(0).timecode()).isEqualTo(SyntheticMaster.T0);
        assertExactTimecodes(stream);
        assertThat(recorder.counters().framesSyncedBySenderReports).isPositive();
        assertThat(recorder.counters().videoFramesWithoutFragment).isZero();
    }

    @Test
    void aMasterThatSendsNoSenderReportAtAllIsRecordedFromItsFirstKeyframeToItsLastFrame() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.sendsReports = false;
            m.keyframeLatencyMillis = -1; // a camera that keeps its 1 s GOP
            m.run(0, 8_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(sink.fragmentTimecodes()).containsExactly(SyntheticMaster.T0, SyntheticMaster.T0 + 2_000,
                SyntheticMaster.T0 + 4_000, SyntheticMaster.T0 + 6_000);
        assertExactTimecodes(stream);
        long lastVideo = stream.frames().stream().filter(f -> f.track() == StreamHeader.VIDEO_TRACK_NUMBER)
                .mapToLong(MediaFrame::timecodeMillis).max().orElseThrow();
        assertThat(lastVideo).isEqualTo(SyntheticMaster.videoTimecode(8_000 * SyntheticMaster.FPS / 1000 - 1));
        judgeWithFfmpeg(sink.mkv(), WIDTH, HEIGHT);
    }

    @Test
    void audioAndVideoReportsHoursApartAreIgnoredAndArrivalKeepsTheTracksInStep() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.audioClockOffsetMillis = 5 * 3_600_000L; // webrtc-java: its audio SR clock runs on another epoch
            m.run(0, 8_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(stream.clusters().get(0).timecode()).isEqualTo(SyntheticMaster.T0);
        assertExactTimecodes(stream);
        assertThat(recorder.counters().senderReportsInconsistent).isPositive();
        assertThat(recorder.counters().framesSyncedBySenderReports).isZero();
    }

    @Test
    void consistentSenderReportsPutAudioThatArrivesLateBackInSyncWithTheVideo() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.audioTransitMillis = 90; // the master's audio pipeline is 90 ms slower than its video's
            m.run(0, 8_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        // Without the reports the audio would sit 90 ms late: frames at T0 + 90 + 20 j. With them, exactly at T0 + 20 j.
        assertExactTimecodes(stream);
        assertThat(recorder.counters().framesSyncedBySenderReports).isPositive();
    }

    @Test
    void withoutSenderReportsAudioThatArrivesLateIsPlacedByItsArrival() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.audioTransitMillis = 90;
            m.sendsReports = false;
            m.run(0, 8_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertThat(stream.clusters()).hasSizeGreaterThan(2).allMatch(c -> c.frames().stream()
                .anyMatch(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER));
        assertThat(stream.frames()).filteredOn(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER)
                .allMatch(f -> (f.timecodeMillis() - SyntheticMaster.T0 - 90) % SyntheticMaster.AUDIO_FRAME_MILLIS == 0);
    }

    @Test
    void aMasterWhoseVideoStopsIsRecordedToItsLastFrameNotBeyond() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.keyframeLatencyMillis = -1;
            m.videoSent = i -> i < 5 * SyntheticMaster.FPS; // power lost at 5 s; the session's mix goes on
            m.run(0, 12_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        long lastVideo = stream.frames().stream().filter(f -> f.track() == StreamHeader.VIDEO_TRACK_NUMBER)
                .mapToLong(MediaFrame::timecodeMillis).max().orElseThrow();
        long lastAudio = stream.frames().stream().filter(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER)
                .mapToLong(MediaFrame::timecodeMillis).max().orElseThrow();
        assertThat(lastVideo).isEqualTo(SyntheticMaster.videoTimecode(5 * SyntheticMaster.FPS - 1));
        assertThat(lastAudio - lastVideo).isBetween(0L, 2_000L);
        assertThat(recorder.counters().audioFramesAfterVideo).isPositive();
    }

    @Test
    void aVideoOnlyMasterIsRecordedAsSingleTrackFragments() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        master = new SyntheticMaster(recorder, clock, new LiveH264(WIDTH, HEIGHT, RealH264.CONSTRAINED_BASELINE,
                SyntheticMaster.FPS), 0);
        SyntheticMaster.connect(recorder, io.storagesession.media.Direction.RECVONLY);
        try (SyntheticMaster m = master) {
            m.keyframeLatencyMillis = -1; // a camera that keeps its 1 s GOP
            m.run(0, 8_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertThat(stream.tracks()).containsOnlyKeys((long) StreamHeader.VIDEO_TRACK_NUMBER);
        assertThat(sink.fragmentTimecodes()).containsExactly(SyntheticMaster.T0, SyntheticMaster.T0 + 2_000,
                SyntheticMaster.T0 + 4_000, SyntheticMaster.T0 + 6_000);
        assertThat(stream.frames()).allMatch(f -> f.track() == StreamHeader.VIDEO_TRACK_NUMBER);
        assertExactTimecodes(stream);
        Ffmpeg.requireInstalled();
        Path file = Files.write(dir.resolve("video-only.mkv"), sink.mkv());
        Ffmpeg.Result decode = Ffmpeg.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.stderr()).isEmpty();
        assertThat(Ffmpeg.runQuietly("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                file.toString()).strip()).isEqualTo("h264");
    }

    @Test
    void aCameraWithOneSecondKeyframesGetsTwoSecondFragmentsAndNoKeyframeRequestsAfterTheFirst() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.keyframeLatencyMillis = -1;
            m.run(0, 12_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        List<Long> starts = sink.fragmentTimecodes();
        for (int k = 1; k < starts.size(); k++) {
            assertThat(starts.get(k) - starts.get(k - 1)).isEqualTo(2_000L);
        }
        assertExactTimecodes(stream);
        judgeWithFfmpeg(sink.mkv(), WIDTH, HEIGHT);
    }

    @Test
    void aMasterThatIgnoresKeyframeRequestsStillGetsFragmentsUnderTenSeconds() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, 12 * SyntheticMaster.FPS, 0)) {
            m.keyframeLatencyMillis = -1;
            m.run(0, 26_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        // Keyframes at 0, 12 and 24 s: each fragment is cut at 9.5 s and video waits for the next keyframe.
        assertThat(sink.fragmentTimecodes()).containsExactly(SyntheticMaster.T0,
                SyntheticMaster.videoTimecode(12 * SyntheticMaster.FPS),
                SyntheticMaster.videoTimecode(24 * SyntheticMaster.FPS));
        assertThat(recorder.counters().videoFramesWithoutFragment).isGreaterThan(0);
        assertThat(recorder.counters().stalls).as("10 s without a keyframe, twice, logged").isEqualTo(2);
        judgeWithFfmpeg(sink.mkv(), WIDTH, HEIGHT);
    }

    @Test
    void aNewResolutionStartsANewStreamHeaderAtItsFirstKeyframe() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, 100_000, 0)) {
            m.run(0, 7_000);
            m.switchEncoder(new LiveH264(320, 240, RealH264.CONSTRAINED_BASELINE, 100_000));
            m.run(7_000, 14_000);
            recorder.masterDisconnected();
        }
        assertThat(sink.headers()).isEqualTo(2);
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        List<Long> widths = stream.clusters().stream()
                .map(c -> c.tracks().get((long) StreamHeader.VIDEO_TRACK_NUMBER).getPixelWidth().orElseThrow()
                        .longValueExact())
                .distinct().toList();
        assertThat(widths).containsExactly(640L, 320L);
        int second = IntStream.range(1, sink.items.size()).filter(i -> sink.items.get(i).header()).findFirst()
                .orElseThrow();
        judgeWithFfmpeg(sink.mkv(0, second), WIDTH, HEIGHT);
        judgeWithFfmpeg(sink.mkv(second, sink.items.size()), 320, 240);
    }

    @Test
    void unrepairedLossNeverYieldsACorruptFrameAndAsksForKeyframes() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, 100_000, 0.01)) {
            m.run(0, 20_000);
            recorder.masterDisconnected();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(recorder.videoCounters().packetsLost()).isPositive();
        assertThat(recorder.videoCounters().accessUnitsDamaged() + recorder.videoCounters().accessUnitsBeforeKeyframe())
                .isPositive();
        assertThat(master.keyframeRequests).isGreaterThan(sink.fragmentTimecodes().size());
        judgeWithFfmpeg(sink.mkv(), WIDTH, HEIGHT);
    }

    @Test
    void eachMasterPresenceIsItsOwnRecording() throws Exception {
        List<CollectingSink> sinks = new ArrayList<>();
        Recorder recorder = recorder(RecordedAudio.opus(), () -> {
            sinks.add(new CollectingSink());
            return sinks.get(sinks.size() - 1);
        });
        try (SyntheticMaster m = master(recorder, 100_000, 0)) {
            m.run(0, 5_000);
            recorder.masterDisconnected();
            m.run(5_000, 6_000);
            SyntheticMaster.connect(recorder);
            m.run(6_000, 12_000);
            recorder.close();
        }
        assertThat(sinks).hasSize(2).allSatisfy(s -> {
            assertThat(s.ended).isTrue();
            assertThat(s.headers()).isEqualTo(1);
            assertFragmentsValid(AwsMkvReading.read(s.mkv()));
        });
        assertThat(sinks.get(0).fragmentTimecodes().get(sinks.get(0).fragmentTimecodes().size() - 1))
                .isLessThan(SyntheticMaster.T0 + 5_000);
        assertThat(sinks.get(1).fragmentTimecodes().get(0)).isGreaterThanOrEqualTo(SyntheticMaster.T0 + 6_000);
    }

    @Test
    void senderReportsThatJumpAnHourNeitherStopNorMoveTheRecording() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.run(0, 6_000);
            m.clockShiftMillis = 3_600_000;
            m.run(6_000, 12_000);
            recorder.close();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(sink.headers()).isEqualTo(1);
        assertThat(sink.fragmentTimecodes()).allMatch(tc -> tc < SyntheticMaster.T0 + 12_000).hasSize(6);
        assertExactTimecodes(stream);
    }

    @Test
    void aVideoRtpClockThatJumpsIsPlacedFromItsArrivalAndTheRecordingGoesOn() throws Exception {
        Recorder recorder = recorder(RecorderSettings.defaults());
        try (SyntheticMaster m = master(recorder, SyntheticMaster.FPS, 0)) {
            m.run(0, 6_000);
            m.videoRtpShift = 90_000 * 3_600; // the encoder restarted its RTP timeline an hour on
            m.run(6_000, 12_000);
            recorder.close();
        }
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertFragmentsValid(stream);
        assertThat(recorder.counters().clockJumps).isEqualTo(1);
        assertThat(sink.fragmentTimecodes()).allMatch(tc -> tc < SyntheticMaster.T0 + 12_000).hasSizeGreaterThan(4);
        assertExactTimecodes(stream);
    }

    /** KVS's rules for each fragment (KVS-WIRE.md §4-§5), and the two tracks sharing each fragment's span. */
    private static void assertFragmentsValid(AwsMkvReading.Stream stream) {
        assertThat(stream.clusters()).isNotEmpty();
        long previous = Long.MIN_VALUE;
        for (int k = 0; k < stream.clusters().size(); k++) {
            AwsMkvReading.Cluster c = stream.clusters().get(k);
            assertThat(c.timecode()).isGreaterThan(previous);
            previous = c.timecode();
            MediaFrame first = c.frames().get(0);
            assertThat(first.track()).isEqualTo(StreamHeader.VIDEO_TRACK_NUMBER);
            assertThat(first.keyframe()).isTrue();
            assertThat(first.timecodeMillis()).isEqualTo(c.timecode());
            assertThat(c.frames()).anyMatch(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER);
            long last = c.frames().stream().mapToLong(MediaFrame::timecodeMillis).max().orElseThrow();
            assertThat(last - c.timecode()).isLessThan(10_000);
            long firstAudio = c.frames().stream().filter(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER)
                    .mapToLong(MediaFrame::timecodeMillis).min().orElseThrow();
            assertThat(firstAudio).isGreaterThanOrEqualTo(c.timecode());
            // Interleaving: a fragment's audio starts within one audio frame (20 ms Opus, 21.3 ms AAC) of its video.
            assertThat(firstAudio - c.timecode()).isLessThanOrEqualTo(MAX_AUDIO_FRAME_MILLIS);
            for (int track : new int[] {StreamHeader.VIDEO_TRACK_NUMBER, StreamHeader.AUDIO_TRACK_NUMBER}) {
                long[] times = c.frames().stream().filter(f -> f.track() == track)
                        .mapToLong(MediaFrame::timecodeMillis).toArray();
                for (int i = 1; i < times.length; i++) {
                    assertThat(times[i]).isGreaterThan(times[i - 1]);
                }
            }
        }
    }

    /** Every frame carries exactly the media time the master's sender reports give it. */
    private static void assertExactTimecodes(AwsMkvReading.Stream stream) {
        Set<Long> video = new TreeSet<>();
        IntStream.range(0, 40 * SyntheticMaster.FPS).forEach(i -> video.add(SyntheticMaster.videoTimecode(i)));
        for (MediaFrame f : stream.frames()) {
            if (f.track() == StreamHeader.VIDEO_TRACK_NUMBER) {
                assertThat(video).contains(f.timecodeMillis());
            } else {
                assertThat((f.timecodeMillis() - SyntheticMaster.T0) % SyntheticMaster.AUDIO_FRAME_MILLIS).isZero();
            }
        }
    }

    private void judgeWithFfmpeg(byte[] mkv, int width, int height) throws Exception {
        judgeWithFfmpeg(mkv, width, height, "opus");
    }

    private void judgeWithFfmpeg(byte[] mkv, int width, int height, String audioCodec) throws Exception {
        Ffmpeg.requireInstalled();
        Path file = Files.write(dir.resolve("recording-" + System.nanoTime() + ".mkv"), mkv);
        Ffmpeg.Result decode = Ffmpeg.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.stderr()).isEmpty();
        String probe = Ffmpeg.runQuietly("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height,sample_rate", "-of", "csv=p=0", file.toString());
        assertThat(probe).contains("h264," + width + "," + height).contains(audioCodec + ",48000");
    }
}
