package io.storagesession.recorder.mkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real H.264 + Opus/AAC written as 2 s KVS fragments must satisfy every independent judge (PEERS.md "Judges of
 * media"): ffmpeg decodes it all without a word on stderr, ffprobe counts every packet, and AWS' parser finds the
 * tracks, clusters, tags and frame bytes exactly as written.
 */
class MkvRecordingJudgedTest {
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int SECONDS = 6;

    @TempDir
    Path dir;

    @Test
    void h264AndOpusFragmentsPassFfmpegFfprobeAndAwsParser() throws Exception {
        Ffmpeg.requireInstalled();
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, 0);
        List<MediaFrame> audio = MediaFrame.of(StreamHeader.AUDIO_TRACK_NUMBER, TestMedia.libopus(dir, SECONDS), 0);
        judge(video, AudioTrack.opus(TestMedia.CHANNELS), audio, "opus");
    }

    @Test
    void h264AndAacFragmentsPassFfmpegFfprobeAndAwsParser() throws Exception {
        Ffmpeg.requireInstalled();
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, 0);
        List<MediaFrame> audio = MediaFrame.of(StreamHeader.AUDIO_TRACK_NUMBER, TestMedia.aac(dir, SECONDS, 0), 0);
        judge(video, AudioTrack.aacLc(TestMedia.SAMPLE_RATE, TestMedia.CHANNELS), audio, "aac");
    }

    private void judge(TestMedia.Video media, AudioTrack audioTrack, List<MediaFrame> audio, String audioCodec)
            throws Exception {
        VideoTrack videoTrack = new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, media.avcC());
        List<MediaFrame> video = MediaFrame.of(StreamHeader.VIDEO_TRACK_NUMBER, media.frames(), 0);
        RecordingWriter.Recording recording = RecordingWriter.write(videoTrack, audioTrack,
                RecordingWriter.interleave(video, audio), FRAGMENT_MILLIS);
        assertThat(recording.fragments()).as("6 s in 2 s fragments").hasSize(SECONDS / 2);
        Path file = dir.resolve("recording.mkv");
        Files.write(file, recording.mkv());

        Ffmpeg.Result decode = Ffmpeg.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.stderr()).as("ffmpeg's complaints while decoding everything").isEmpty();

        Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-count_packets", "-show_entries",
                "stream=codec_name,nb_read_packets", "-of", "default=noprint_wrappers=1", file.toString());
        assertThat(probe.exitCode()).isZero();
        assertThat(probe.stderr()).isEmpty();
        assertThat(probe.stdout().lines().toList()).containsExactly(
                "codec_name=h264", "nb_read_packets=" + media.frames().size(),
                "codec_name=" + audioCodec, "nb_read_packets=" + audio.size());

        AwsMkvReading.Stream read = AwsMkvReading.read(recording.mkv());
        assertThat(read.tracks()).containsOnlyKeys(1L, 2L);
        assertThat(read.tracks().get(1L).getCodecId()).isEqualTo(VideoTrack.CODEC_ID);
        assertThat(read.tracks().get(1L).getTrackName()).isEqualTo(VideoTrack.NAME);
        assertThat(bytes(read.tracks().get(1L).getCodecPrivateData())).isEqualTo(media.avcC());
        assertThat(read.tracks().get(1L).getPixelWidth()).hasValueSatisfying(w -> assertThat(w.intValue())
                .isEqualTo(TestMedia.WIDTH));
        assertThat(read.tracks().get(1L).getPixelHeight()).hasValueSatisfying(h -> assertThat(h.intValue())
                .isEqualTo(TestMedia.HEIGHT));
        assertThat(read.tracks().get(2L).getCodecId()).isEqualTo(audioTrack.codecId());
        assertThat(bytes(read.tracks().get(2L).getCodecPrivateData())).isEqualTo(audioTrack.codecPrivate());

        assertThat(read.clusters()).hasSameSizeAs(recording.fragments());
        for (int i = 0; i < read.clusters().size(); i++) {
            AwsMkvReading.Cluster cluster = read.clusters().get(i);
            RecordingWriter.Fragment written = recording.fragments().get(i);
            assertThat(cluster.timecode()).isEqualTo(written.timecode());
            assertThat(cluster.tags()).containsExactly(Map.entry(RecordingWriter.FRAGMENT_TAG, written.tagValue()));
            MediaFrame first = cluster.frames().get(0);
            assertThat(first.track()).isEqualTo(StreamHeader.VIDEO_TRACK_NUMBER);
            assertThat(first.keyframe()).isTrue();
            assertSameFrames(cluster.frames(), written.frames());
        }
        assertMonotonicPerTrack(read.frames());
    }

    static void assertSameFrames(List<MediaFrame> read, List<MediaFrame> written) {
        assertThat(read).hasSameSizeAs(written);
        for (int i = 0; i < read.size(); i++) {
            MediaFrame r = read.get(i);
            MediaFrame w = written.get(i);
            assertThat(List.of(r.track(), r.timecodeMillis(), r.keyframe()))
                    .as("frame %d", i).isEqualTo(List.of(w.track(), w.timecodeMillis(), w.keyframe()));
            assertThat(r.data()).as("bytes of frame %d", i).isEqualTo(w.data());
        }
    }

    static void assertMonotonicPerTrack(List<MediaFrame> frames) {
        Map<Integer, Long> last = new HashMap<>();
        List<String> backwards = new ArrayList<>();
        for (MediaFrame frame : frames) {
            Long previous = last.put(frame.track(), frame.timecodeMillis());
            if (previous != null && previous > frame.timecodeMillis()) {
                backwards.add("track " + frame.track() + ": " + previous + " -> " + frame.timecodeMillis());
            }
        }
        assertThat(backwards).isEmpty();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
