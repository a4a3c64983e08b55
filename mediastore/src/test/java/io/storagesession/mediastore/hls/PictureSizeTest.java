package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.recorder.mkv.VideoTrack;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ContainerFormat;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;

/**
 * The master playlist's RESOLUTION is the size the stream decodes to (RFC 8216 §4.3.4.2), not what a stale stream
 * header says: real H.264 from ffmpeg whose header (PixelWidth/PixelHeight and avcC) says 320x240 while its keyframes
 * carry the SPS of 640x480 pictures, as a WebRTC recording whose sender raised its resolution, put through PutMedia
 * into the store ({@link StoredRecording}); ffprobe, playing the same session from the store, is the judge of what the
 * pictures are. Without in-band SPS the avcC decides, without a usable avcC the track header; hostile frames and
 * records fall back instead of failing.
 */
class PictureSizeTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 4;
    private static final int LARGE_WIDTH = 640;
    private static final int LARGE_HEIGHT = 480;
    private static final int NAL_TYPE_MASK = 0x1F;
    private static final int SPS = 7;
    private static final int PPS = 8;
    private static final long TIMEOUT_SECONDS = 120;
    private static final int KEYFRAMES_PER_FRAGMENT = 2;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theMasterPlaylistNamesTheSizeTheKeyframesDeclareNotTheHeaders() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video header = TestMedia.h264(dir, 1, BASE_MILLIS);
        TestMedia.Video grown = TestMedia.h264(dir, SECONDS, BASE_MILLIS, LARGE_WIDTH, LARGE_HEIGHT);
        VideoTrack stale = new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, header.avcC());
        TestMkv.Recording recording = HlsTestFragments.recording(stale, null,
                HlsTestFragments.frames(1, grown.frames()), List.of(), KEYFRAMES_PER_FRAGMENT);

        try (StoredRecording stored = StoredRecording.put(dir, recording, 0)) {
            for (ContainerFormat container : List.of(ContainerFormat.FRAGMENTED_MP4, ContainerFormat.MPEG_TS)) {
                String url = stored.sessionUrl(StoredRecording.onDemand(HLSFragmentSelectorType.PRODUCER_TIMESTAMP,
                        BASE_MILLIS, SECONDS).andThen(b -> b.containerFormat(container)));
                String master = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(master).as(container.toString()).contains(",RESOLUTION=640x480")
                        .doesNotContain("RESOLUTION=320x240");
                assertThat(probedSize(url)).as("what ffprobe decodes from the " + container + " session")
                        .isEqualTo(LARGE_WIDTH + "x" + LARGE_HEIGHT);
            }
        }
    }

    @Test
    void theNewestKeyframesSpsWinsWithinAFragment() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video small = TestMedia.h264(dir, 1, BASE_MILLIS);
        TestMedia.Video large = TestMedia.h264(dir, 1, BASE_MILLIS + 1000, LARGE_WIDTH, LARGE_HEIGHT);
        List<ArchivedFrame> frames = new ArrayList<>(HlsTestFragments.frames(1, small.frames()));
        frames.addAll(HlsTestFragments.frames(1, large.frames()));
        ArchivedTrack track = ArchivedTrack.h264(1, small.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT);

        assertThat(PictureSize.of(track, frames)).isEqualTo(new PictureSize(LARGE_WIDTH, LARGE_HEIGHT));
        assertThat(PictureSize.of(track, frames.subList(0, small.frames().size())))
                .isEqualTo(new PictureSize(TestMedia.WIDTH, TestMedia.HEIGHT));
    }

    @Test
    void withoutInBandSpsTheAvcCDecidesAndWithoutAUsableOneTheTrackHeader() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video large = TestMedia.h264(dir, 1, BASE_MILLIS, LARGE_WIDTH, LARGE_HEIGHT);
        List<ArchivedFrame> bare = HlsTestFragments.frames(1, large.frames()).stream()
                .map(f -> new ArchivedFrame(f.trackNumber(), f.timecodeMillis(), f.keyframe(), withoutParameterSets(
                        f.data()))).toList();
        ArchivedTrack headerSaysSmall = ArchivedTrack.h264(1, large.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT);
        assertThat(PictureSize.of(headerSaysSmall, bare)).isEqualTo(new PictureSize(LARGE_WIDTH, LARGE_HEIGHT));

        byte[] truncatedAvcC = {1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42, (byte) 0xC0,
            0x1E, 1, 0, 0};
        ArchivedTrack noUsableSps = ArchivedTrack.h264(1, truncatedAvcC, TestMedia.WIDTH, TestMedia.HEIGHT);
        assertThat(PictureSize.of(noUsableSps, bare)).isEqualTo(new PictureSize(TestMedia.WIDTH, TestMedia.HEIGHT));
    }

    @Test
    void hostileFramesAreWalkedWithinTheirBytes() {
        byte[] avcC = {1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE0, 0};
        ArchivedTrack track = ArchivedTrack.h264(1, avcC, 320, 240);
        List<byte[]> hostile = List.of(
                new byte[0],
                new byte[] {0, 0, 0},
                // a length far past the end, then one that overflows an int
                ByteBuffer.allocate(8).putInt(1_000_000).put(new byte[] {0x67, 0x42, 0, 0}).array(),
                ByteBuffer.allocate(8).putInt(-1).put(new byte[] {0x67, 0x42, 0, 0}).array(),
                // an SPS NAL unit that is only a header, and one whose Exp-Golomb codes run past its end
                ByteBuffer.allocate(5).putInt(1).put((byte) 0x67).array(),
                ByteBuffer.allocate(12).putInt(8).put(new byte[] {0x67, 0x42, 0, 0x1E, 0, 0, 0, 0}).array());
        for (byte[] data : hostile) {
            assertThat(PictureSize.of(track, List.of(new ArchivedFrame(1, BASE_MILLIS, true, data))))
                    .isEqualTo(new PictureSize(320, 240));
        }
    }

    /** The frame's NAL units less its SPS and PPS (a producer that sends parameter sets only in the avcC). */
    private static byte[] withoutParameterSets(byte[] avcc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.wrap(avcc);
        while (in.remaining() > Integer.BYTES) {
            int n = in.getInt();
            byte[] nal = new byte[n];
            in.get(nal);
            int type = nal[0] & NAL_TYPE_MASK;
            if (type != SPS && type != PPS) {
                out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(n).array());
                out.writeBytes(nal);
            }
        }
        return out.toByteArray();
    }

    /** ffprobe's width x height of the session's video stream (listed once per program). */
    private String probedSize(String url) throws Exception {
        Path out = dir.resolve("probe.txt");
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height", "-of", "csv=p=0:s=x", url).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> sizes = Files.readString(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .distinct().toList();
        assertThat(sizes).as("one video size in every program").hasSize(1);
        return sizes.get(0);
    }
}
