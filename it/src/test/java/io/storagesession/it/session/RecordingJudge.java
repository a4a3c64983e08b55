package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.kinesisvideo.parser.ebml.InputStreamParserByteSource;
import com.amazonaws.kinesisvideo.parser.ebml.MkvTypeInfos;
import com.amazonaws.kinesisvideo.parser.mkv.Frame;
import com.amazonaws.kinesisvideo.parser.mkv.MkvDataElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElementVisitor;
import com.amazonaws.kinesisvideo.parser.mkv.MkvEndMasterElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvStartMasterElement;
import com.amazonaws.kinesisvideo.parser.mkv.StreamingMkvReader;
import com.amazonaws.kinesisvideo.parser.mkv.visitors.CompositeMkvElementVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.FragmentMetadata;
import com.amazonaws.kinesisvideo.parser.utilities.FragmentMetadataVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.FrameVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.MkvTrackMetadata;
import io.storagesession.codecs.ExternalTool;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * Judges a recording as KVS consumers read it (PEERS.md "Judges of media"): AWS's MKV parser walks every fragment —
 * keyframe first, both tracks present, timecodes moving forward, the audio starting with its fragment's video (A/V in
 * step within 40 ms) — and ffmpeg decodes the whole file with nothing on stderr.
 */
public final class RecordingJudge {
    private static final long SYNC_MILLIS = 40;
    /** No bound on where a fragment's audio starts ({@link #judgeIntegrity}). */
    private static final long UNALIGNED = Long.MAX_VALUE;
    /**
     * A recording begins at the master's first keyframe, not when its audio begins (issue 13: video no longer waits for
     * the mix), so the first fragment's audio may start later: as late as the master's first audio packet and the
     * mixer's jitter buffer put it. Every later fragment's audio starts within {@link #SYNC_MILLIS} of its keyframe.
     */
    private static final long FIRST_CLUSTER_AUDIO_MILLIS = 250;
    private static final long FFMPEG_SECONDS = 120;

    /** What the judges found. */
    public record Report(int clusters, String videoCodec, String audioCodec, long videoFrames, long audioFrames) {
    }

    /** What ffmpeg/ffprobe made of an HLS session: the streams' codecs and the duration played. */
    public record Playback(List<String> codecs, double seconds) {
    }

    private record Block(long track, long timecode, boolean keyframe) {
    }

    private RecordingJudge() {
    }

    /**
     * Waits (polling ListFragments through the AWS SDK) until {@code stream} has at least {@code count} persisted
     * fragments, and returns them in producer-timestamp order.
     */
    public static List<Fragment> awaitFragments(KinesisVideoArchivedMediaClient archive, String stream, int count,
                                                Duration atMost) {
        List<Fragment> fragments = new CopyOnWriteArrayList<>();
        Awaitility.await("fragments persisted in " + stream).atMost(atMost)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    fragments.clear();
                    // KVS requires a FragmentSelector on a first ListFragments, and pages 100 by default.
                    fragments.addAll(archive.listFragments(b -> b.streamName(stream).maxResults(1000L)
                            .fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                                    .timestampRange(r -> r.startTimestamp(Instant.EPOCH)
                                            .endTimestamp(Instant.now().plus(atMost))))).fragments());
                    return fragments.size() >= count;
                });
        List<Fragment> sorted = new ArrayList<>(fragments);
        sorted.sort(Comparator.comparing(Fragment::producerTimestamp));
        return sorted;
    }

    /**
     * Reads {@code fragments} of {@code stream} back through GetMediaForFragmentList, one by one and as one stream,
     * and judges them ({@link #judge} when {@code aligned}, else {@link #judgeIntegrity}).
     */
    public static Report judgeStored(KinesisVideoArchivedMediaClient archive, String stream, List<Fragment> fragments,
                                     Path dir, boolean aligned) throws Exception {
        List<byte[]> each = new ArrayList<>();
        for (Fragment f : fragments) {
            each.add(archive.getMediaForFragmentList(b -> b.streamName(stream).fragments(f.fragmentNumber()),
                    ResponseTransformer.toBytes()).asByteArray());
        }
        byte[] all = archive.getMediaForFragmentList(b -> b.streamName(stream).fragments(fragments.stream()
                .map(Fragment::fragmentNumber).toList()), ResponseTransformer.toBytes()).asByteArray();
        return judge(all, each, dir, aligned ? SYNC_MILLIS : UNALIGNED);
    }

    public static void requireFfmpeg() {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        ExternalTool.require("ffprobe", "apt-get install ffmpeg");
    }

    /**
     * Judges a reading of the stream: all of {@code mkv} by AWS's parser; ffmpeg, which does not read on past a
     * Segment of unknown size, decodes each of {@code chunks} (one fragment each, as GetMediaForFragmentList returns
     * a single fragment) on its own.
     */
    public static Report judge(byte[] mkv, List<byte[]> chunks, Path dir) throws Exception {
        return judge(mkv, chunks, dir, SYNC_MILLIS);
    }

    /**
     * {@link #judge(byte[], List, Path)} without the audio/video alignment of each cluster: for recordings that span
     * something the alignment rule does not describe (a camera's re-join after a server restart starts a new
     * recording in the same stream, its audio as late as the camera sends it).
     */
    public static Report judgeIntegrity(byte[] mkv, List<byte[]> chunks, Path dir) throws Exception {
        return judge(mkv, chunks, dir, UNALIGNED);
    }

    /**
     * As {@link #judge(byte[], List, Path)}, with every fragment's audio starting within {@code syncMillis} of its
     * keyframe (after the first): for tests whose subject is not the recorder's A/V alignment, which arrival jitter on
     * a loaded machine moves by a frame or two.
     */
    public static Report judge(byte[] mkv, List<byte[]> chunks, Path dir, long syncMillis) throws Exception {
        Report report = parse(mkv, syncMillis);
        for (int i = 0; i < chunks.size(); i++) {
            decodesCleanly(chunks.get(i), dir.resolve("fragment-" + i + ".mkv"));
        }
        return report;
    }

    private static Report parse(byte[] mkv, long syncMillis) throws Exception {
        List<Long> clusterTimecodes = new ArrayList<>();
        List<List<Block>> clusters = new ArrayList<>();
        String[] codecs = new String[3];
        MkvElementVisitor clusterWatcher = new MkvElementVisitor() {
            @Override
            public void visit(MkvStartMasterElement start) {
                if (MkvTypeInfos.CLUSTER.equals(start.getElementMetaData().getTypeInfo())) {
                    clusters.add(new ArrayList<>());
                }
            }

            @Override
            public void visit(MkvEndMasterElement end) {
            }

            @Override
            public void visit(MkvDataElement data) {
                if (MkvTypeInfos.TIMECODE.equals(data.getElementMetaData().getTypeInfo())) {
                    clusterTimecodes.add(((BigInteger) data.getValueCopy().getVal()).longValueExact());
                }
            }
        };
        FrameVisitor.FrameProcessor frames = new FrameVisitor.FrameProcessor() {
            @Override
            public void process(Frame frame, MkvTrackMetadata track, Optional<FragmentMetadata> fragment,
                                Optional<FragmentMetadataVisitor.MkvTagProcessor> tags,
                                Optional<BigInteger> timescale, Optional<BigInteger> fragmentTimecode) {
                codecs[(int) frame.getTrackNumber()] = track.getCodecId();
                clusters.get(clusters.size() - 1).add(new Block(frame.getTrackNumber(),
                        fragmentTimecode.orElseThrow().longValueExact() + frame.getTimeCode(), frame.isKeyFrame()));
            }
        };
        StreamingMkvReader reader = StreamingMkvReader.createDefault(
                new InputStreamParserByteSource(new ByteArrayInputStream(mkv)));
        MkvElementVisitor visitor = new CompositeMkvElementVisitor(clusterWatcher, FrameVisitor.create(frames));
        while (reader.mightHaveNext()) {
            Optional<MkvElement> element = reader.nextIfAvailable();
            if (element.isPresent()) {
                element.get().accept(visitor);
            }
        }

        assertThat(clusters).isNotEmpty().hasSameSizeAs(clusterTimecodes);
        long previous = Long.MIN_VALUE;
        long[] last = new long[3];
        java.util.Arrays.fill(last, Long.MIN_VALUE);
        long videoFrames = 0;
        long audioFrames = 0;
        for (int k = 0; k < clusters.size(); k++) {
            List<Block> blocks = clusters.get(k);
            long start = clusterTimecodes.get(k);
            assertThat(start).as("cluster %d timecode", k).isGreaterThan(previous);
            previous = start;
            assertThat(blocks.get(0).track()).as("cluster %d starts with video", k).isEqualTo(1);
            assertThat(blocks.get(0).keyframe()).as("cluster %d starts with a keyframe", k).isTrue();
            long firstAudio = blocks.stream().filter(b -> b.track() == 2).mapToLong(Block::timecode).min()
                    .orElseThrow(() -> new AssertionError("no audio in a fragment"));
            assertThat(firstAudio - start).as("cluster %d: audio starts with the video", k)
                    .isBetween(-syncMillis, k == 0 ? Math.max(FIRST_CLUSTER_AUDIO_MILLIS, syncMillis) : syncMillis);
            for (Block b : blocks) {
                assertThat(b.timecode()).isGreaterThan(last[(int) b.track()]);
                last[(int) b.track()] = b.timecode();
                assertThat(b.timecode() - start).isLessThan(10_000);
            }
            videoFrames += blocks.stream().filter(b -> b.track() == 1).count();
            audioFrames += blocks.stream().filter(b -> b.track() == 2).count();
        }

        return new Report(clusters.size(), codecs[1], codecs[2], videoFrames, audioFrames);
    }

    /**
     * Decodes an HLS session URL with ffmpeg (nothing on stderr) and asks ffprobe for its streams and duration. The
     * decoded video keeps the segments' 90 kHz time base ({@code -enc_time_base -1}): in ffmpeg's default, one tick of
     * the frame rate it guesses, two of a WebRTC camera's frames a few milliseconds apart (Chromium's first frames
     * are) land on the same tick, and the null muxer reports that as non-monotonic DTS although the playlist's are.
     */
    public static Playback playHls(String url) throws Exception {
        assertThat(run("ffmpeg", "-v", "error", "-i", url, "-enc_time_base:v", "-1", "-f", "null", "-"))
                .as("ffmpeg's complaints about %s", url).isEmpty();
        String probe = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of",
                "default=noprint_wrappers=1", url);
        List<String> codecs = probe.lines().filter(l -> l.startsWith("codec_name=")).map(l -> l.substring(11))
                .toList();
        double seconds = probe.lines().filter(l -> l.startsWith("duration=")).mapToDouble(l -> Double.parseDouble(
                l.substring(9))).findFirst().orElse(0);
        return new Playback(codecs, seconds);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(FFMPEG_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
        return output;
    }

    /**
     * Decodes one fragment with nothing on stderr, keeping the video's own time base as {@link #playHls} does: in
     * ffmpeg's guessed frame rate, two WebRTC frames a few milliseconds apart (a loaded machine) share a tick, which
     * the null muxer reports as non-monotonic DTS although the MKV's timecodes increase ({@link #parse} checks them).
     */
    private static void decodesCleanly(byte[] mkv, Path file) throws Exception {
        Files.write(file, mkv);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-enc_time_base:v", "-1",
                "-f", "null", "-").redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ffmpeg.waitFor(FFMPEG_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isZero();
        assertThat(output).as("ffmpeg's complaints about %s", file.getFileName()).isEmpty();
    }
}
