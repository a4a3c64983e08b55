package io.storagesession.mediastore;

import static io.storagesession.mediastore.TestMkv.EBML_LACING;
import static io.storagesession.mediastore.TestMkv.FIXED_SIZE_LACING;
import static io.storagesession.mediastore.TestMkv.XIPH_LACING;
import static io.storagesession.mediastore.TestMkv.cluster;
import static io.storagesession.mediastore.TestMkv.concat;
import static io.storagesession.mediastore.TestMkv.lacedBlockGroup;
import static io.storagesession.mediastore.TestMkv.lacedSimpleBlock;
import static io.storagesession.mediastore.TestMkv.simpleBlock;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.store.StoredFragment;
import io.storagesession.mediastore.store.StoredFrame;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream.Builder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * Laced blocks (RFC 9559 §10.3) uploaded with PutMedia are stored one frame per block: GetMedia's consumers (read here
 * with AWS's own parser library through the AWS SDK's GetMedia) and the HLS packager's input ({@link StoredFragment})
 * see each frame of the lace separately, with its bytes unchanged. The first frame keeps the block's timestamp; on the
 * AAC track the others follow one AAC frame (1024 samples at 48 kHz: 21.33 ms) apart, rounded down to the millisecond.
 * No producer at hand laces (ffmpeg's Matroska muxer does not, mkvmerge is not installed), so the laces are written
 * by {@link TestMkv} as the RFC's examples write them; the stream header is the recorder's (H.264 track 1, AAC track 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LacedBlocksTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int AUDIO = 2;
    private static final int VIDEO = 1;
    private static final int CHUNK = 333;

    @TempDir
    static Path dir;
    private TestServer server;
    private byte[] header;
    private int streams;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(dir, "media-store.read.get-media-idle-timeout = 1s");
        header = TestMkv.recording(T0, 1, 1000, 1).header();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    static java.util.stream.Stream<Arguments> laces() {
        Random random = new Random(9559);
        Builder<Arguments> all = java.util.stream.Stream.builder();
        // RFC 9559's own example frames: 800, 500 and 1000 octets (and three of 800 for fixed-size lacing).
        all.add(Arguments.of("Xiph", XIPH_LACING, false, frames(random, 800, 500, 1000)));
        all.add(Arguments.of("EBML", EBML_LACING, false, frames(random, 800, 500, 1000)));
        all.add(Arguments.of("fixed-size", FIXED_SIZE_LACING, false, frames(random, 800, 800, 800)));
        all.add(Arguments.of("EBML in a BlockGroup", EBML_LACING, true, frames(random, 300, 900, 2, 600)));
        all.add(Arguments.of("Xiph sizes of 255 and 510", XIPH_LACING, false, frames(random, 255, 510, 7)));
        all.add(Arguments.of("one frame in a lace", XIPH_LACING, false, frames(random, 400)));
        int[] sizes = new int[256];
        java.util.Arrays.fill(sizes, 4);
        all.add(Arguments.of("256 fixed-size frames, the most a lace holds", FIXED_SIZE_LACING, false,
                frames(random, sizes)));
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laces")
    void aLaceIsStoredAndServedAsSeparateFrames(String what, int lacing, boolean group, byte[][] audio)
            throws Exception {
        String name = "laced-" + streams++;
        Stream stream = server.createStream(name, 1);
        byte[] laced = group ? lacedBlockGroup(AUDIO, 0, lacing, audio)
                : lacedSimpleBlock(AUDIO, 0, true, lacing, audio);
        byte[] body = concat(header, cluster(T0, simpleBlock(VIDEO, 0, true, 120), laced,
                simpleBlock(VIDEO, 40, false, 60)));
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(name), body, CHUNK);
        assertThat(r.error()).as("acks %s", r.body()).isNull();
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(1);

        // The HLS packager's input: the stored fragment's frames.
        long number = Long.parseLong(r.of(AckEvent.Type.PERSISTED).get(0).fragmentNumber());
        StoredFragment stored = server.mediaStore.store().read(stream.arn(), number).orElseThrow();
        List<StoredFrame> storedAudio = stored.frames().stream().filter(f -> f.track() == AUDIO).toList();
        assertThat(storedAudio).hasSize(audio.length);
        for (int i = 0; i < audio.length; i++) {
            assertThat(storedAudio.get(i).data()).as("frame %d", i).isEqualTo(audio[i]);
            assertThat(storedAudio.get(i).timestampMillis()).isEqualTo(T0 + aacFrameMillis(i));
            assertThat(storedAudio.get(i).keyframe()).isTrue();
        }
        assertThat(stored.frames().stream().filter(f -> f.track() == VIDEO).map(StoredFrame::timestampMillis))
                .containsExactly(T0, T0 + 40);

        // GetMedia, read by AWS's parser library as a KVS consumer reads it.
        try (KinesisVideoMediaClient media = server.media()) {
            byte[] mkv = media.getMedia(q -> q.streamName(name).startSelector(s -> s
                    .startSelectorType(StartSelectorType.EARLIEST)), ResponseTransformer.toBytes()).asByteArray();
            List<AwsMkvReading.Chunk> chunks = AwsMkvReading.read(mkv);
            assertThat(chunks).hasSize(1);
            List<TestMkv.Frame> served = chunks.get(0).frames().stream().filter(f -> f.track() == AUDIO).toList();
            assertThat(served).hasSize(audio.length);
            for (int i = 0; i < audio.length; i++) {
                assertThat(served.get(i).data()).as("frame %d", i).isEqualTo(audio[i]);
                assertThat(served.get(i).timecode()).isEqualTo(T0 + aacFrameMillis(i));
            }
        }
    }

    @Test
    void laceFramesPushedBeyondTheBlocksSixteenBitTimestampAreInvalidMkv() throws Exception {
        String name = "laced-late";
        server.createStream(name, 1);
        // A block at +32760 ms: its second AAC frame would be at +32781, which a SimpleBlock cannot say.
        byte[] body = concat(header, cluster(T0, simpleBlock(VIDEO, 0, true, 120),
                lacedSimpleBlock(AUDIO, 32_760, true, XIPH_LACING, frames(new Random(1), 10, 10))));
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(name), body, CHUNK);
        assertThat(r.error()).as("acks %s", r.body()).isNotNull();
        assertThat(r.error().errorId()).hasValue(ErrorIds.INVALID_MKV);
    }

    /** Where AAC frame {@code i} of a lace starts: 1024 samples at 48 kHz each, rounded down to the millisecond. */
    private static long aacFrameMillis(int i) {
        return i * 1024L * 1000 / 48_000;
    }

    private static byte[][] frames(Random random, int... sizes) {
        byte[][] frames = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            frames[i] = new byte[sizes[i]];
            random.nextBytes(frames[i]);
        }
        return frames;
    }
}
