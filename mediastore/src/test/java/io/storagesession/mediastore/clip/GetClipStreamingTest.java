package io.storagesession.mediastore.clip;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;

/**
 * A long clip — 40 fragments of about 550 KB, 22 MB — written under back-pressure: read whole by the AWS SDK, every
 * fragment arrives once and in order; and a client that hangs up in the middle (its socket takes a few KB, so
 * back-pressure keeps the server from reading more than the socket buffers hold) is noticed: the server stops reading
 * fragments and forgets the clip.
 */
class GetClipStreamingTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 40;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int KEYFRAME_BYTES = 500_000;
    private static final int RECEIVE_BUFFER_BYTES = 4096;
    private static final int READ_BYTES = 16_384;
    private static final String SERVED = "kvs_media_store_fragments_served_total{api=\"GetClip\"}";
    /** 'moof' as a big-endian int, and where its mfhd's sequence_number sits: 8 (moof) + 8 (mfhd) + 4 (flags). */
    private static final int MOOF = 0x6D6F6F66;
    private static final int MFHD_SEQUENCE_OFFSET = 20;

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void upload() throws Exception {
        server = TestServer.start(dir, "");
        server.createStream("long", 24);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers("long"),
                ClipTestMedia.synthetic(T0, FRAGMENTS, FRAGMENT_MILLIS, KEYFRAME_BYTES, 7).body(), 65_536);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(FRAGMENTS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aLongClipArrivesWholeWithEachFragmentOnceAndInOrder() {
        byte[] clip;
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            clip = client.getClip(GetClipRequestTest.producerRange("long", T0, T0 + FRAGMENTS * FRAGMENT_MILLIS),
                    ResponseTransformer.toBytes()).asByteArray();
        }

        List<Long> sequenceNumbers = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(clip);
        while (in.remaining() > 0) {
            int start = in.position();
            int size = in.getInt();
            if (in.getInt() == MOOF) {
                // moof's first child is mfhd: size, type, version and flags, then sequence_number (14496-12 §8.8.5)
                sequenceNumbers.add(Integer.toUnsignedLong(in.getInt(start + MFHD_SEQUENCE_OFFSET)));
            }
            in.position(start + size);
        }
        assertThat(sequenceNumbers).containsExactlyElementsOf(
                LongStream.rangeClosed(1, FRAGMENTS).boxed().toList());
        assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_total{outcome=\"complete\"}")).isEqualTo(1);
        assertThat(ClipMetricsReading.value(server, SERVED)).isEqualTo(FRAGMENTS);
    }

    @Test
    void aClientThatClosesMidClipStopsTheReadingAndLeavesNothingRunning() throws Exception {
        String request = "{\"StreamName\":\"long\",\"ClipFragmentSelector\":{\"FragmentSelectorType\":"
                + "\"PRODUCER_TIMESTAMP\",\"TimestampRange\":{\"StartTimestamp\":1700000000,"
                + "\"EndTimestamp\":1700000100}}}";
        try (Socket socket = ClipHttp.open(server.uri(), request, RECEIVE_BUFFER_BYTES)) {
            InputStream in = socket.getInputStream();
            String head = ClipHttp.head(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("video/mp4");
            assertThat(in.readNBytes(READ_BYTES)).hasSize(READ_BYTES);
            Awaitility.await().untilAsserted(() ->
                    assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_in_progress")).isEqualTo(1));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_total{outcome=\"client_gone\"}"))
                    .isEqualTo(1);
            assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_in_progress")).isZero();
        });
        long served = ClipMetricsReading.value(server, SERVED);
        System.out.println("fragments sent before the client was seen gone: " + served + " of " + FRAGMENTS);
        assertThat(served).as("the reading stopped when the client left").isLessThan(FRAGMENTS);
        assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_total{outcome=\"complete\"}")).isZero();
    }
}
