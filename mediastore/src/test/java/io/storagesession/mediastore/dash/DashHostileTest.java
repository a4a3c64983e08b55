package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.MutableClock;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.SignedJson;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * The DASH resources and GetDASHStreamingSessionURL against hostile callers, on the real server: forged, altered,
 * expired and HLS-issued tokens on every DASH resource (and a DASH token on every HLS one) are
 * NotAuthorizedException 403; malformed parameters, fragments outside the session, unknown paths and methods, and
 * mistyped or out-of-range requests get KVS's errors — and every answer below {@code /dash/v1/}, errors included, carries the CORS origin.
 */
class DashHostileTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int FRAGMENTS = 4;
    private static final String STREAM = "dash-hostile";
    private static final int EXPIRES = 300;
    private static final double T0_SECONDS = T0 / 1000.0;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;
    private URI manifest;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "", clock);
        server.createStream(STREAM, 24);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 5).all(), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(FRAGMENTS);
        // a session of the middle two fragments only
        HttpResponse<String> answer = signedPost(onDemand(T0_SECONDS + 1, T0_SECONDS + 5));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        manifest = URI.create(new JsonObject(answer.body()).getString("DASHStreamingSessionURL"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static JsonObject onDemand(double start, double end) {
        return new JsonObject().put("StreamName", STREAM).put("PlaybackMode", "ON_DEMAND").put("Expires", EXPIRES)
                .put("DASHFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                        .put("TimestampRange", new JsonObject().put("StartTimestamp", start)
                                .put("EndTimestamp", end)));
    }

    @Test
    void forgedAlteredExpiredAndHlsTokensOpenNoDashResource() throws Exception {
        String token = token(manifest);
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[raw.length / 2] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[raw.length]);
        String hls;
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            hls = token(URI.create(client.getHLSStreamingSessionURL(b -> b.streamName(STREAM)
                    .playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s
                            .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP.toString())
                            .timestampRange(r -> r.startTimestamp(Instant.ofEpochMilli(T0))
                                    .endTimestamp(Instant.ofEpochMilli(T0 + 9000)))))
                    .hlsStreamingSessionURL()));
        }
        for (String bad : List.of(altered, forged, hls, token + "A", "not*base64!")) {
            for (URI resource : resources(bad)) {
                assertKvsError(get(resource), 403, "NotAuthorizedException");
            }
        }
        // and a DASH token opens no HLS resource, the fMP4 ones HLS shares with DASH included
        for (String hlsResource : List.of("getHLSMasterPlaylist.m3u8?", "getHLSMediaPlaylist.m3u8?TrackNumber=1&",
                "getMP4InitFragment.mp4?TrackNumber=1&SequenceNumber=0&", "getMP4MediaFragment.mp4?FragmentNumber=1&",
                "getTSFragment.ts?FragmentNumber=1&")) {
            assertKvsError(get(server.uri().resolve("/hls/v1/" + hlsResource + "SessionToken=" + token)), 403,
                    "NotAuthorizedException");
        }

        assertThat(get(manifest).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(EXPIRES));
        for (URI resource : resources(token)) {
            HttpResponse<String> expired = get(resource);
            assertKvsError(expired, 403, "NotAuthorizedException");
            assertThat(expired.body()).contains("expired");
        }
    }

    @Test
    void malformedParametersAndFragmentsOutsideTheSessionAreKvsErrors() throws Exception {
        String token = token(manifest);
        String base = server.uri() + "/dash/v1/";
        String fragment = base + "getMP4MediaFragment.mp4?SessionToken=" + token + "&TrackNumber=1";
        String init = base + "getMP4InitFragment.mp4?SessionToken=" + token;
        assertKvsError(get(URI.create(base + "getDASHManifest.mpd")), 400, "InvalidArgumentException");
        assertKvsError(get(URI.create(fragment)), 400, "InvalidArgumentException");
        assertKvsError(get(URI.create(fragment + "&FragmentTimestamp=soon")), 400, "InvalidArgumentException");
        assertKvsError(get(URI.create(fragment + "&FragmentTimestamp=99999999999999999999")), 400,
                "InvalidArgumentException");
        assertThat(get(URI.create(fragment + "&FragmentTimestamp=" + (T0 + FRAGMENT_MILLIS))).statusCode())
                .as("a fragment of the session").isEqualTo(200);
        assertKvsError(get(URI.create(fragment + "&FragmentTimestamp=" + T0)), 404, "ResourceNotFoundException");
        assertKvsError(get(URI.create(fragment + "&FragmentTimestamp=" + (T0 + FRAGMENT_MILLIS + 1))), 404,
                "ResourceNotFoundException");
        assertKvsError(get(URI.create(fragment + "&FragmentTimestamp=-1")), 404, "ResourceNotFoundException");
        for (String track : List.of("0", "-1", "x", "99", "99999999999")) {
            assertKvsError(get(URI.create(init + "&SequenceNumber=0&TrackNumber=" + track)), 400,
                    "InvalidArgumentException");
        }
        assertKvsError(get(URI.create(init + "&TrackNumber=1")), 400, "InvalidArgumentException");
        assertKvsError(get(URI.create(init + "&TrackNumber=1&SequenceNumber=one")), 400, "InvalidArgumentException");
        assertThat(get(URI.create(init + "&TrackNumber=1&SequenceNumber=0")).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAreKvsErrorsAndPreflightsAreAnswered() throws Exception {
        assertKvsError(get(server.uri().resolve("/dash/v1/getDASHPlaylist.m3u8")), 404, "UnknownOperationException");
        assertKvsError(http.send(HttpRequest.newBuilder(manifest).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()), 405, "MethodNotAllowedException");
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(manifest)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://player.example.com").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("range");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();
    }

    @Test
    void badSessionRequestsGetKvsErrorsThroughTheSignedApi() throws Exception {
        assertKvsError(signedPost(onDemand(T0_SECONDS + 5, T0_SECONDS + 1)), 400, "InvalidArgumentException");
        assertKvsError(signedPost(new JsonObject().put("StreamName", STREAM).put("PlaybackMode", "ON_DEMAND")), 400,
                "InvalidArgumentException");
        assertKvsError(signedPost(onDemand(T0_SECONDS, T0_SECONDS + 5).put("Expires", 299)), 400,
                "InvalidArgumentException");
        assertKvsError(signedPost(onDemand(T0_SECONDS, T0_SECONDS + 5).put("Expires", 43_201)), 400,
                "InvalidArgumentException");
        assertKvsError(signedPost(onDemand(T0_SECONDS, T0_SECONDS + 5).put("MaxManifestFragmentResults", 0)), 400,
                "InvalidArgumentException");
        assertKvsError(signedPost(onDemand(T0_SECONDS, T0_SECONDS + 5).put("MaxManifestFragmentResults", 5001)),
                400, "InvalidArgumentException");
        assertKvsError(signedPost(onDemand(T0_SECONDS, T0_SECONDS + 5).put("Expires", "300")), 400,
                "SerializationException");
        assertKvsError(signedPost(onDemand(T0_SECONDS, T0_SECONDS + 5).put("StreamName", List.of("a"))), 400,
                "SerializationException");
        assertKvsError(signedPost(onDemand(T0_SECONDS + 100_000, T0_SECONDS + 100_001)), 404,
                "ResourceNotFoundException");
        assertKvsError(signedPost(new JsonObject().put("StreamName", "no-such-stream")), 404,
                "ResourceNotFoundException");
    }

    /** The manifest, an init and a media fragment of the session, with {@code token} in place of its own. */
    private List<URI> resources(String token) {
        String base = server.uri() + "/dash/v1/";
        return List.of(URI.create(base + "getDASHManifest.mpd?SessionToken=" + token),
                URI.create(base + "getMP4InitFragment.mp4?SessionToken=" + token + "&TrackNumber=1&SequenceNumber=0"),
                URI.create(base + "getMP4MediaFragment.mp4?SessionToken=" + token + "&TrackNumber=1&FragmentTimestamp="
                        + (T0 + FRAGMENT_MILLIS)));
    }

    private static String token(URI sessionUrl) {
        String query = sessionUrl.getRawQuery();
        return query.substring(query.indexOf("SessionToken=") + "SessionToken=".length());
    }

    private static void assertKvsError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(new JsonObject(r.body()).getString("__type")).isEqualTo(type);
        if (r.uri().getPath().startsWith("/dash/v1/")) {
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as("CORS on errors").hasValue("*");
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GetDASHStreamingSessionURL with a raw JSON body, signed with the AWS SDK v2's SigV4 signer. */
    private HttpResponse<String> signedPost(JsonObject body) throws Exception {
        return SignedJson.post(server.uri(), DashSessionUrlApi.PATH, body.encode());
    }
}
