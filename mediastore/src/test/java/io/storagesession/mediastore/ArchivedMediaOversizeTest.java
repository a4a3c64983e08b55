package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every archived-media API refuses a request body larger than the server accepts (64 KiB here) in KVS's error shape —
 * 400 InvalidArgumentException with {@code x-amzn-ErrorType} and {@code {"__type","message"}} — before reading a field
 * of it, and the server answers the next, well-formed call as usual.
 */
class ArchivedMediaOversizeTest {
    /** Larger than TestServer's 64 KiB body limit. */
    private static final int OVERSIZED_CHARS = 200_000;
    private static final String STREAM = "oversized";

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        server.createStream(STREAM, 1);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/getClip", "/getImages", "/getDASHStreamingSessionURL", "/getHLSStreamingSessionURL",
        "/listFragments", "/getMediaForFragmentList"})
    void anOversizedBodyIsInvalidArgument(String path) throws Exception {
        String body = new JsonObject().put("StreamName", STREAM).put("Padding", "x".repeat(OVERSIZED_CHARS)).encode();

        HttpResponse<String> answer = SignedJson.post(server.uri(), path, body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidArgumentException");
        assertThat(new JsonObject(answer.body()).getString("__type")).isEqualTo("InvalidArgumentException");

        HttpResponse<String> next = SignedJson.post(server.uri(), path, new JsonObject().put("StreamName", STREAM)
                .encode());
        assertThat(next.statusCode()).as("the next call is read as usual").isNotEqualTo(500);
        assertThat(new JsonObject(next.body()).getString("__type", "")).isNotEqualTo("InternalFailure");
    }
}
