package io.storagesession.mediastore;

import static io.storagesession.mediastore.TestMkv.cluster;
import static io.storagesession.mediastore.TestMkv.concat;
import static io.storagesession.mediastore.TestMkv.header;
import static io.storagesession.mediastore.TestMkv.simpleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;

/**
 * GetMedia with {@code StartSelectorType NOW}, through the AWS SDK's KinesisVideoMediaClient, read with AWS's parser
 * library. KVS API reference, StartSelector: "NOW - Start with the latest chunk on the stream". The latest chunk is
 * the fragment a producer is sending when the call arrives, if one is; else the newest stored fragment. Either way it
 * is the first chunk of the response, and nothing older is.
 */
class GetMediaNowTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 1000;
    private static final int CHUNK = 400;
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "media-store.read.get-media-idle-timeout = 1s");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void onAStreamNoProducerSendsToNowStartsWithTheNewestStoredFragment() throws Exception {
        server.createStream("quiet", 1);
        PutMediaTestClient.Result done = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers("quiet"), concat(header(1), fragments(0, 3)), CHUNK);
        assertThat(done.of(AckEvent.Type.PERSISTED)).hasSize(3);

        try (KinesisVideoMediaClient client = server.media()) {
            List<AwsMkvReading.Chunk> chunks = LiveGetMedia.now(client, "quiet").chunks()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(chunks).extracting(AwsMkvReading.Chunk::clusterTimecode)
                    .containsExactly(T0 + 2 * FRAGMENT_MILLIS);
            assertThat(chunks.get(0).metadata().getFragmentNumberString())
                    .isEqualTo(done.of(AckEvent.Type.PERSISTED).get(2).fragmentNumber());
        }
    }

    @Test
    void whileAProducerSendsAFragmentNowStartsWithThatFragment() throws Exception {
        server.createStream("live", 1);
        PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                PutMediaTestClient.headers("live"));
        try (KinesisVideoMediaClient client = server.media()) {
            // Two fragments stored, the third begun: its Cluster and Timecode arrived, its block not yet.
            byte[] third = cluster(T0 + 2 * FRAGMENT_MILLIS, simpleBlock(1, 0, true, 300));
            int cut = third.length - 200;
            upload.write(concat(header(1), fragments(0, 2), Arrays.copyOf(third, cut)));
            await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS).until(() -> upload.of(AckEvent.Type.PERSISTED).size() == 2
                    && upload.of(AckEvent.Type.BUFFERING).size() == 3);

            LiveGetMedia now = LiveGetMedia.now(client, "live");
            // The response is open (its 200 arrived) before the rest of the third fragment is sent.
            now.opened().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            upload.write(concat(Arrays.copyOfRange(third, cut, third.length), fragments(3, 1)));
            upload.end();
            upload.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(upload.of(AckEvent.Type.PERSISTED)).hasSize(4);

            assertThat(now.chunks().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .extracting(AwsMkvReading.Chunk::clusterTimecode)
                    .containsExactly(T0 + 2 * FRAGMENT_MILLIS, T0 + 3 * FRAGMENT_MILLIS);
        } finally {
            upload.close();
        }
    }

    @Test
    void onAStreamWithoutFragmentsNowWaitsForTheFirst() throws Exception {
        server.createStream("empty", 1);
        try (KinesisVideoMediaClient client = server.media()) {
            LiveGetMedia now = LiveGetMedia.now(client, "empty");
            now.opened().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            PutMediaTestClient.upload(server.vertx, server.uri(), PutMediaTestClient.headers("empty"),
                    concat(header(1), fragments(0, 2)), CHUNK);
            assertThat(now.chunks().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .extracting(AwsMkvReading.Chunk::clusterTimecode).containsExactly(T0, T0 + FRAGMENT_MILLIS);
        }
    }

    @Test
    void malformedStartSelectorsAreRefusedInKvsShapeBeforeAnyByte() throws Exception {
        server.createStream("asked", 1);
        String path = "/getMedia";
        assertKvsError(SignedJson.post(server.uri(), path, "{\"StreamName\":\"asked\"}"), 400,
                "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), path,
                "{\"StreamName\":\"asked\",\"StartSelector\":\"NOW\"}"), 400, "SerializationException");
        assertKvsError(SignedJson.post(server.uri(), path,
                "{\"StreamName\":\"asked\",\"StartSelector\":{\"StartSelectorType\":\"LATEST\"}}"), 400,
                "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), path,
                "{\"StreamName\":\"asked\",\"StartSelector\":{\"StartSelectorType\":5}}"), 400,
                "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), path, "{\"StreamName\":\"asked\",\"StartSelector\":"
                + "{\"StartSelectorType\":\"CONTINUATION_TOKEN\",\"ContinuationToken\":\"forged\"}}"), 400,
                "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), path, "{\"StreamName\":\"asked\",\"StartSelector\":"
                + "{\"StartSelectorType\":\"FRAGMENT_NUMBER\",\"AfterFragmentNumber\":\"" + "9".repeat(129)
                + "\"}}"), 400, "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), path, "{\"StreamName\":\"asked\",\"StartSelector\":"
                + "{\"StartSelectorType\":\"SERVER_TIMESTAMP\",\"StartTimestamp\":\"yesterday\"}}"), 400,
                "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), path, "{\"StreamName\":\"no-such-stream\",\"StartSelector\":"
                + "{\"StartSelectorType\":\"NOW\"}}"), 404, "ResourceNotFoundException");
    }

    private static void assertKvsError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(new JsonObject(r.body()).getString("__type")).isEqualTo(type);
    }

    /** {@code count} one-block fragments, one a second, from fragment {@code first} on. */
    private static byte[] fragments(int first, int count) {
        byte[][] clusters = new byte[count][];
        for (int i = 0; i < count; i++) {
            clusters[i] = cluster(T0 + (first + i) * FRAGMENT_MILLIS, simpleBlock(1, 0, true, 300));
        }
        return concat(clusters);
    }
}
