package io.storagesession.recorder.mkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.AacEncoder;
import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.TestMedia;
import io.storagesession.codecs.Tone;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's AAC path end to end: a 48 kHz mono mix encoded by {@link AacEncoder} (FFmpeg's native encoder),
 * written with real H.264 as 2 s KVS fragments under {@link AudioTrack#aacLc}, must satisfy the independent judges
 * (PEERS.md "Judges of media"): ffmpeg decodes everything without a word, ffprobe sees AAC at 48 kHz mono, AWS' parser
 * reads every fragment, frame and the 2-byte CodecPrivate as written, and the audio ffmpeg decodes lines up with the
 * timeline it was mixed on.
 *
 * <p>Both tracks start at {@link #START_MILLIS}. The encoder's first access unit carries its 1024 priming samples and
 * so belongs 21.3 ms before the first mixed sample (see {@link AacEncoder}): it is written in the first fragment, just
 * after the video keyframe, with a negative cluster-relative timecode (SimpleBlock timecodes are signed 16-bit,
 * RFC 9559 §5.1.3).
 */
class AacRecordingJudgedTest {
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int SECONDS = 6;
    /** Where the recording starts on the producer's clock; not 0, so the priming unit is not at a negative time. */
    private static final long START_MILLIS = 1000;
    private static final int MILLIS_PER_SECOND = 1000;
    private static final int RATE = Opus.SAMPLE_RATE;
    private static final int CHUNK = Opus.FRAME_SAMPLES;
    private static final double TONE_HZ = 1_000;
    private static final int AMPLITUDE = 8_000;
    /** The mix is silent until here (ms after the start), then a tone: an onset to find in ffmpeg's output. */
    private static final int ONSET_MILLIS = 3000;
    /** Block timecodes are whole milliseconds: the onset can be found up to 1 ms early or late, plus pre-echo. */
    private static final double ONSET_TOLERANCE_MILLIS = 2;

    @TempDir
    Path dir;

    @Test
    void h264AndEncodedAacFragmentsPassFfmpegFfprobeAndAwsParser() throws Exception {
        Ffmpeg.requireInstalled();
        TestMedia.Video media = TestMedia.h264(dir, SECONDS, 0);
        List<MediaFrame> video = MediaFrame.of(StreamHeader.VIDEO_TRACK_NUMBER, media.frames(), START_MILLIS);
        Encoded audio = encodeMix(SECONDS * RATE);
        AudioTrack audioTrack = AudioTrack.aacLc(RATE, 1);
        assertThat(audio.audioSpecificConfig()).as("the encoder's config is the track's")
                .isEqualTo(audioTrack.codecPrivate()).isEqualTo(AudioSpecificConfig.aacLc(RATE, 1));
        assertThat(audio.frames().get(0).timecodeMillis()).as("the priming unit, before the first video frame")
                .isLessThan(video.get(0).timecodeMillis());

        VideoTrack videoTrack = new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, media.avcC());
        RecordingWriter.Recording recording = RecordingWriter.write(videoTrack, audioTrack,
                primingAfterFirstPicture(RecordingWriter.interleave(video, audio.frames())), FRAGMENT_MILLIS);
        assertThat(recording.fragments()).as("6 s in 2 s fragments").hasSize(SECONDS / 2);
        assertThat(recording.fragments().stream().mapToLong(f -> f.frames().size()).sum())
                .as("every frame written").isEqualTo(video.size() + audio.frames().size());
        Path file = dir.resolve("recording.mkv");
        Files.write(file, recording.mkv());

        Ffmpeg.Result decode = Ffmpeg.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.stderr()).as("ffmpeg's complaints while decoding everything").isEmpty();

        Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-count_packets", "-show_entries",
                "stream=codec_name,profile,sample_rate,channels,start_time,nb_read_packets",
                "-of", "default=noprint_wrappers=1", file.toString());
        assertThat(probe.exitCode()).isZero();
        assertThat(probe.stderr()).isEmpty();
        List<String> audioLines = probe.stdout().lines().dropWhile(l -> !l.equals("codec_name=aac")).toList();
        assertThat(audioLines).contains("codec_name=aac", "profile=LC", "sample_rate=48000", "channels=1",
                "nb_read_packets=" + audio.frames().size(),
                "start_time=" + seconds(audio.frames().get(0).timecodeMillis()));
        assertThat(probe.stdout().lines()).contains("start_time=" + seconds(START_MILLIS));

        AwsMkvReading.Stream read = AwsMkvReading.read(recording.mkv());
        assertThat(read.tracks().get(2L).getCodecId()).isEqualTo(AudioTrack.AAC_CODEC_ID);
        ByteBuffer codecPrivate = read.tracks().get(2L).getCodecPrivateData().duplicate();
        byte[] config = new byte[codecPrivate.remaining()];
        codecPrivate.get(config);
        assertThat(config).isEqualTo(audio.audioSpecificConfig());
        assertThat(read.clusters()).hasSameSizeAs(recording.fragments());
        for (int i = 0; i < read.clusters().size(); i++) {
            assertThat(read.clusters().get(i).timecode()).isEqualTo(recording.fragments().get(i).timecode());
            MkvRecordingJudgedTest.assertSameFrames(read.clusters().get(i).frames(),
                    recording.fragments().get(i).frames());
        }
        MkvRecordingJudgedTest.assertMonotonicPerTrack(read.frames());

        assertDecodedAudioLinesUp(file, audio.frames().get(0).timecodeMillis());
    }

    /** ffmpeg's own decode of the track: the tone's level, and its onset at the time it was mixed. */
    private void assertDecodedAudioLinesUp(Path file, long firstBlockMillis) throws Exception {
        Path raw = dir.resolve("audio.s16le");
        Ffmpeg.runQuietly("ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:a", "-f", "s16le",
                "-c:a", "pcm_s16le", raw.toString());
        byte[] bytes = Files.readAllBytes(raw);
        short[] pcm = new short[bytes.length / Short.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        int onset = 0;
        while (onset < pcm.length && Math.abs(pcm[onset]) < AMPLITUDE / 2) {
            onset++;
        }
        double onsetMillis = firstBlockMillis + (double) onset * MILLIS_PER_SECOND / RATE;
        assertThat(onsetMillis).as("tone onset on the recording's timeline, ms")
                .isCloseTo(START_MILLIS + ONSET_MILLIS, org.assertj.core.data.Offset.offset(ONSET_TOLERANCE_MILLIS));
        int steady = onset + RATE / 2;
        assertThat(Tone.strongest(pcm, steady, CHUNK, 500, TONE_HZ, 2_000)).isEqualTo(TONE_HZ);
        assertThat(Tone.amplitude(Tone.power(pcm, steady, CHUNK, TONE_HZ)))
                .isBetween(AMPLITUDE * 0.95, AMPLITUDE * 1.05);
    }

    /** AAC access units of a mix that is silent, then a tone, as block frames with millisecond timecodes. */
    private static Encoded encodeMix(int samples) {
        List<MediaFrame> frames = new ArrayList<>();
        long start = START_MILLIS * RATE / MILLIS_PER_SECOND;
        try (AacEncoder encoder = new AacEncoder(AacSettings.defaults(), (frame, offset, length, pts) ->
                frames.add(new MediaFrame(StreamHeader.AUDIO_TRACK_NUMBER,
                        Math.floorDiv(pts * MILLIS_PER_SECOND, RATE), true,
                        Arrays.copyOfRange(frame, offset, offset + length))))) {
            short[] pcm = new short[CHUNK];
            int onset = ONSET_MILLIS * RATE / MILLIS_PER_SECOND;
            for (int at = 0; at < samples; at += CHUNK) {
                if (at >= onset) {
                    Tone.fill(pcm, TONE_HZ, AMPLITUDE, at - onset);
                }
                encoder.encode(pcm, 0, CHUNK, start + at);
            }
            encoder.flush();
            return new Encoded(encoder.audioSpecificConfig(), frames);
        }
    }

    private record Encoded(byte[] audioSpecificConfig, List<MediaFrame> frames) {
    }

    /** Moves the audio that precedes the first picture (the priming unit) right after it, into the first fragment. */
    private static List<MediaFrame> primingAfterFirstPicture(List<MediaFrame> ordered) {
        List<MediaFrame> early = ordered.stream().takeWhile(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER)
                .toList();
        List<MediaFrame> rest = ordered.subList(early.size(), ordered.size());
        List<MediaFrame> out = new ArrayList<>();
        out.add(rest.get(0));
        out.addAll(early);
        out.addAll(rest.subList(1, rest.size()));
        return out;
    }

    private static String seconds(long millis) {
        return String.format("%d.%03d000", millis / MILLIS_PER_SECOND, millis % MILLIS_PER_SECOND);
    }
}
