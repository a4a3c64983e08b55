package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.storage.NoStorageSessions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelInfo;

/**
 * The web console's sign-in as the server wires it, over real HTTP: the cookie's attributes, the page calling the KVS
 * APIs with it (and an AWS SDK client seeing the result), the key's policy, signing out, and every refusal — a wrong
 * secret, no cookie, a forged cross-site request, hostile bodies, too many attempts.
 */
class WebConsoleTest {
    private static final String LIMITED_ID = "AKIALIMITEDCONSOLE01";
    private static final String LIMITED_SECRET = "limited-secret-0123456789abcdefghijklmno";
    private static final String CSRF = "X-Console-Csrf";

    @TempDir
    Path dataDir;
    private StorageSessionServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private StorageSessionServer start(Map<String, Object> more) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0));
        settings.putAll(more);
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.defaultReference()).resolve();
        server = StorageSessionServer.start(config, (BridgeFactory) wiring -> new NoStorageSessions());
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private URI uri(String path) {
        return URI.create(server.publicUrl() + path);
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed-in page: its cookie header and anti-forgery token. */
    private record Page(String cookie, String csrf) {
        String[] headers() {
            return new String[] {"Cookie", cookie, CSRF, csrf};
        }
    }

    private Page signIn(String id, String secret) throws Exception {
        HttpResponse<String> answer = post("/console/session", new JsonObject().put("accessKeyId", id)
                .put("secretAccessKey", secret).encode());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return new Page(setCookie.substring(0, setCookie.indexOf(';')),
                new JsonObject(answer.body()).getString("csrfToken"));
    }

    private Page signInOwnKey() throws Exception {
        AccessKey key = server.credentials().keys().get(0);
        return signIn(key.accessKeyId(), key.secretAccessKey());
    }

    private KinesisVideoClient sdk() {
        AccessKey key = server.credentials().keys().get(0);
        return KinesisVideoClient.builder().region(Region.US_WEST_2).endpointOverride(URI.create(server.publicUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String type(HttpResponse<String> answer) {
        return new JsonObject(answer.body()).getString("__type");
    }

    @Test
    void aSignedInPageGetsAStrictHttpOnlyCookieAndCallsTheKvsApisWithIt() throws Exception {
        start(Map.of());
        AccessKey key = server.credentials().keys().get(0);
        HttpResponse<String> answer = post("/console/session", new JsonObject().put("accessKeyId", key.accessKeyId())
                .put("secretAccessKey", key.secretAccessKey()).encode());
        assertThat(answer.statusCode()).isEqualTo(200);
        String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie.toLowerCase(Locale.ROOT)).startsWith("kvs-console=").contains("; httponly",
                "; samesite=strict", "; path=/", "; max-age=28800").doesNotContain("secure");
        assertThat(answer.body()).doesNotContain(key.secretAccessKey());
        assertThat(answer.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        Page page = signInOwnKey();

        HttpResponse<String> created = post("/createSignalingChannel",
                new JsonObject().put("ChannelName", "from-the-console").encode(), page.headers());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(new JsonObject(created.body()).getString("ChannelARN")).contains("channel/from-the-console/");
        try (KinesisVideoClient sdk = sdk()) {
            assertThat(sdk.listSignalingChannels(r -> { }).channelInfoList()).extracting(ChannelInfo::channelName)
                    .containsExactly("from-the-console");
        }
        HttpResponse<String> me = get("/console/session", "Cookie", page.cookie());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(me.body()).getString("csrfToken")).isEqualTo(page.csrf());
        assertThat(new JsonObject(me.body()).getString("accessKeyId")).isEqualTo(key.accessKeyId());
    }

    @Test
    void aWrongSecretAndAnUnknownKeyGetTheSameRefusalAndNoCookie() throws Exception {
        start(Map.of());
        AccessKey key = server.credentials().keys().get(0);
        HttpResponse<String> wrongSecret = post("/console/session", new JsonObject()
                .put("accessKeyId", key.accessKeyId()).put("secretAccessKey", key.secretAccessKey() + "x").encode());
        HttpResponse<String> unknownKey = post("/console/session", new JsonObject()
                .put("accessKeyId", "AKIANOBODY0000000000").put("secretAccessKey", key.secretAccessKey()).encode());
        for (HttpResponse<String> refused : List.of(wrongSecret, unknownKey)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(type(refused)).isEqualTo("NotAuthorizedException");
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(new JsonObject(wrongSecret.body()).getString("message"))
                .isEqualTo(new JsonObject(unknownKey.body()).getString("message"));
    }

    @Test
    void withoutACookieNothingIsAnswered() throws Exception {
        start(Map.of());
        HttpResponse<String> api = post("/listSignalingChannels", "{}");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(type(api)).isEqualTo("MissingAuthenticationTokenException");
        HttpResponse<String> me = get("/console/session");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(type(me)).isEqualTo("MissingAuthenticationTokenException");
        HttpResponse<String> made = get("/console/session", "Cookie", "kvs-console=" + "A".repeat(43));
        assertThat(made.statusCode()).as("a token the server never issued").isEqualTo(401);
        HttpResponse<String> url = post("/console/signaling-url", "{}", "Cookie", "kvs-console=<script>");
        assertThat(url.statusCode()).isEqualTo(401);
    }

    @Test
    void requestsThatCouldBeForgedByAnotherSiteAreRefused() throws Exception {
        start(Map.of());
        Page page = signInOwnKey();
        String channel = new JsonObject().put("ChannelName", "forged").encode();
        List<HttpResponse<String>> refused = List.of(
                post("/createSignalingChannel", channel, "Cookie", page.cookie()),
                post("/createSignalingChannel", channel, "Cookie", page.cookie(), CSRF, page.csrf() + "x"),
                post("/createSignalingChannel", channel, "Cookie", page.cookie(), CSRF, page.csrf(),
                        "Origin", "http://evil.example"),
                post("/console/session/end", "{}", "Cookie", page.cookie()),
                post("/console/signaling-url", "{}", "Cookie", page.cookie(), "Origin", "null"));
        for (HttpResponse<String> answer : refused) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
            assertThat(type(answer)).isEqualTo("InvalidSignatureException");
        }
        try (KinesisVideoClient sdk = sdk()) {
            assertThat(sdk.listSignalingChannels(r -> { }).channelInfoList()).isEmpty();
        }
        assertThat(get("/console/session", "Cookie", page.cookie()).statusCode())
                .as("the refused sign-out did not end the session").isEqualTo(200);
        HttpResponse<String> sameOrigin = post("/createSignalingChannel", channel, "Cookie", page.cookie(), CSRF,
                page.csrf(), "Origin", server.publicUrl());
        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() throws Exception {
        start(Map.of());
        Page page = signInOwnKey();
        HttpResponse<String> out = post("/console/session/end", "", page.headers());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(get("/console/session", "Cookie", page.cookie()).statusCode()).isEqualTo(401);
        HttpResponse<String> api = post("/listSignalingChannels", "{}", page.headers());
        assertThat(type(api)).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void theKeysPolicyAppliesToWhatTheConsoleMayDo() throws Exception {
        start(Map.of("server.auth.keys", List.of(Map.of("access-key-id", LIMITED_ID,
                "secret-access-key", LIMITED_SECRET, "actions", List.of("kinesisvideo:List*"),
                "resources", List.of("*")))));
        Page page = signIn(LIMITED_ID, LIMITED_SECRET);
        assertThat(post("/listSignalingChannels", "{}", page.headers()).statusCode()).isEqualTo(200);
        HttpResponse<String> create = post("/createSignalingChannel",
                new JsonObject().put("ChannelName", "not-allowed").encode(), page.headers());
        assertThat(create.statusCode()).isEqualTo(401);
        assertThat(type(create)).isEqualTo("AccessDeniedException");
    }

    @Test
    void hostileSignInBodiesGetKvsErrorsAndAttemptsAreLimited() throws Exception {
        start(Map.of("console.sign-in-burst", 12));
        Map<String, String> bodies = Map.of("", "SerializationException", "[1,2]", "SerializationException",
                "{\"accessKeyId\":", "SerializationException", "{}", "InvalidArgumentException",
                "{\"accessKeyId\":7,\"secretAccessKey\":\"x\"}", "SerializationException",
                "{\"accessKeyId\":\"\",\"secretAccessKey\":\"x\"}", "InvalidArgumentException",
                "{\"accessKeyId\":\"" + "\\u0000\\n".repeat(500) + "\",\"secretAccessKey\":\"x\"}",
                "NotAuthorizedException");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            HttpResponse<String> answer = post("/console/session", body.getKey());
            assertThat(type(answer)).as(body.getKey()).isEqualTo(body.getValue());
            assertThat(answer.statusCode()).isBetween(400, 499);
        }
        AccessKey key = server.credentials().keys().get(0);
        String right = new JsonObject().put("accessKeyId", key.accessKeyId())
                .put("secretAccessKey", key.secretAccessKey()).encode();
        HttpResponse<String> fromAnotherSite = post("/console/session", right, "Origin", "http://evil.example");
        assertThat(fromAnotherSite.statusCode()).as("login forgery").isEqualTo(403);
        assertThat(fromAnotherSite.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> asAForm = http.send(HttpRequest.newBuilder(uri("/console/session"))
                .POST(HttpRequest.BodyPublishers.ofString(right)).header("Content-Type", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asAForm.statusCode()).as("a cross-site form's text/plain").isEqualTo(400);
        assertThat(asAForm.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> huge = post("/console/session", "{\"accessKeyId\":\"" + "A".repeat(100_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(400);
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answer = post("/console/session", "{}");
            if (answer.statusCode() == 429) {
                assertThat(type(answer)).isEqualTo("LimitExceededException");
                limited++;
            }
        }
        assertThat(limited).as("attempts past the burst of 12 from one address").isPositive();
    }

    @Test
    void aSignedInPageGetsAPresignedSignalingUrlThatTheHubAccepts() throws Exception {
        start(Map.of());
        Page page = signInOwnKey();
        String arn = new JsonObject(post("/createSignalingChannel",
                new JsonObject().put("ChannelName", "watched").encode(), page.headers()).body()).getString("ChannelARN");
        Map<String, String> bad = Map.of(
                new JsonObject().put("ChannelARN", arn).put("Role", "VIEWER").encode(), "InvalidArgumentException",
                new JsonObject().put("ChannelARN", arn).put("Role", "ADMIN").encode(), "InvalidArgumentException",
                new JsonObject().put("ChannelARN", "arn:nope").put("Role", "MASTER").encode(),
                "InvalidArgumentException",
                new JsonObject().put("ChannelARN", arn).put("Role", "VIEWER").put("ClientId", "a b").encode(),
                "InvalidArgumentException");
        for (Map.Entry<String, String> body : bad.entrySet()) {
            HttpResponse<String> answer = post("/console/signaling-url", body.getKey(), page.headers());
            assertThat(answer.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(type(answer)).isEqualTo(body.getValue());
        }
        HttpResponse<String> answer = post("/console/signaling-url",
                new JsonObject().put("ChannelARN", arn).put("Role", "VIEWER").put("ClientId", "console-viewer")
                        .encode(), page.headers());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String url = new JsonObject(answer.body()).getString("Url");
        assertThat(url).startsWith("ws://").contains("X-Amz-Signature=", "X-Amz-ClientId=console-viewer");
        CompletableFuture<Boolean> opened = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                opened.complete(true);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                opened.complete(false);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(opened.get(10, TimeUnit.SECONDS)).as("the hub accepted the presigned viewer URL").isTrue();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theBrowserLibrariesAreServedFromTheirWebJarsAndNothingOutsideTheConsoleIs() throws Exception {
        start(Map.of());
        HttpResponse<String> hls = get("/console/lib/hls.min.js");
        assertThat(hls.statusCode()).isEqualTo(200);
        assertThat(hls.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(hls.body()).contains("Hls");
        assertThat(get("/console/lib/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        for (String path : List.of("/console/../reference.conf", "/console/%2e%2e/reference.conf",
                "/console/lib/unknown.js", "/console/reference.conf", "/console/console-libraries.properties")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("console {");
        }
        HttpResponse<String> signaling = get("/?X-Amz-ChannelARN=x");
        assertThat(signaling.statusCode()).as("/ with a query is the signaling endpoint's").isEqualTo(403);
    }

    @Test
    void theLiveAndServerFiguresAreForASignedInPageOnly() throws Exception {
        start(Map.of());
        for (String path : List.of("/console/live", "/console/server")) {
            HttpResponse<String> refused = get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(type(refused)).isEqualTo("MissingAuthenticationTokenException");
        }
        Page page = signInOwnKey();
        HttpResponse<String> live = get("/console/live", "Cookie", page.cookie());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(live.body()).getJsonArray("sessions")).isEmpty();
        JsonObject charts = new JsonObject(get("/console/server", "Cookie", page.cookie()).body());
        assertThat(charts.getInteger("intervalSeconds")).isEqualTo(10);
        assertThat(charts.getJsonArray("time")).hasSize(1);
        assertThat(charts.getJsonObject("series").fieldNames()).containsExactly("sessions", "participants",
                "turnAllocations", "ingestBitsPerSecond", "processCpu", "heapUsedBytes", "putMediaBacklog",
                "healthProblems");
        assertThat(charts.getJsonObject("series").getJsonArray("heapUsedBytes").getDouble(0)).isPositive();
    }

    @Test
    void pastTheSessionLimitTheOldestSignInEnds() throws Exception {
        start(Map.of("console.max-sessions", 2));
        Page first = signInOwnKey();
        Page second = signInOwnKey();
        Page third = signInOwnKey();
        assertThat(get("/console/session", "Cookie", first.cookie()).statusCode()).isEqualTo(401);
        assertThat(get("/console/session", "Cookie", second.cookie()).statusCode()).isEqualTo(200);
        assertThat(get("/console/session", "Cookie", third.cookie()).statusCode()).isEqualTo(200);
    }
}
