package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.console.UrlPresigner;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;

/**
 * Abuse: SigV4 requests captured and replayed. A request signed in its headers (ListSignalingChannels) and a presigned
 * ConnectAsViewer URL, both accepted when sent, are replayed byte for byte: at once (accepted, as AWS accepts a
 * replay inside its window), a little inside the server's window ({@code signaling.auth.allowed-clock-skew}, AWS's
 * 5 minutes, less a minute: still accepted), and more than 15 minutes after their X-Amz-Date
 * ({@code -Dabuse.replay-after}, PT16M): refused with InvalidSignatureException "Signature expired".
 *
 * <p>Nobody waits: "later" is the same server (same generated key, copied into a data dir of its own) started under
 * libfaketime with its wall clock that far ahead and its monotonic clock real. The original server keeps its clock,
 * so its live session — whose TURN credentials, allocations and signaling timers read the wall clock — runs through
 * all of it unharmed, and a fresh session joins at the end. The replays go to the later server's port with the
 * original Host header, as a replaying attacker sends them; that the later server answers a request signed on its
 * own clock shows it is the date it refuses, nothing else.
 */
@Tag("reliability")
class SigV4ReplayTest {
    private static final Duration REPLAY_AFTER = Duration.parse(System.getProperty("abuse.replay-after", "PT16M"));
    private static final Duration WINDOW = ConfigFactory.defaultReference()
            .getDuration("signaling.auth.allowed-clock-skew");
    private static final Duration INSIDE_WINDOW = WINDOW.minusMinutes(1);
    private static final Duration PRESIGN_EXPIRY = Duration.ofMinutes(5);
    /** How far the later server's clock, read from its refusal, may be from the offset it was given. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);
    private static final Pattern SERVER_TIME = Pattern.compile("server time (\\d{8}T\\d{6}Z)");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String LIST_CHANNELS = "/listSignalingChannels";
    private static final String BODY = "{\"MaxResults\":1}";

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        PackagedServer.requireJar();
        LiveSession.requireTools();
        SteppedWallClock.require();
    }

    @Test
    void aSignedRequestReplayedMoreThan15MinutesLaterIsRefusedAndInsideTheWindowAccepted() throws Exception {
        try (PackagedServer server = AbusedServer.start(dir.resolve("server"));
             LiveSession live = LiveSession.start(server, "live")) {
            PeerCounters mediaBefore = live.counters();
            AwsBasicCredentials key = server.credentials();
            byte[] signed = signedRequest(server.http(""), key, Clock.systemUTC());
            byte[] presigned = presignedConnect(server, key);

            assertAccepted("sent", send(server, signed), head(server, presigned), "101");
            assertAccepted("replayed at once", send(server, signed), head(server, presigned), "101");

            try (PackagedServer within = later(server, "within", INSIDE_WINDOW)) {
                // The clone has no channels: past SigV4, the connect is told the channel does not exist.
                assertAccepted("replayed " + INSIDE_WINDOW + " later", send(within, signed), head(within, presigned),
                        "404");
            }
            try (PackagedServer after = later(server, "after", REPLAY_AFTER)) {
                String api = send(after, signed);
                String connect = head(after, presigned);
                System.out.printf("replayed %s later: %s / %s%n", REPLAY_AFTER, summary(api), summary(connect));
                assertThat(RawHttp.statusLine(api)).as("API request replayed %s later", REPLAY_AFTER)
                        .contains(" 403 ");
                assertThat(RawHttp.header(api, "x-amzn-ErrorType")).isEqualTo("InvalidSignatureException");
                assertThat(RawHttp.body(api)).contains("Signature expired");
                assertThat(RawHttp.statusLine(connect)).as("presigned connect replayed %s later", REPLAY_AFTER)
                        .contains(" 403 ");
                assertServerClockAhead(RawHttp.body(api), REPLAY_AFTER);
                String fresh = send(after, signedRequest(server.http(""), key,
                        Clock.offset(Clock.systemUTC(), REPLAY_AFTER)));
                System.out.printf("the same request signed on the later server's clock: %s%n", summary(fresh));
                assertThat(RawHttp.statusLine(fresh)).as("a request signed at the later server's time")
                        .contains(" 200 ");
            }
            live.assertMediaFlowedSince(mediaBefore, "the replays");
            live.assertAFreshSessionConnects("fresh");
            AbusedServer.assertNoErrorLogged(server);
        }
    }

    private static void assertAccepted(String when, String api, String connect, String connectStatus) {
        System.out.printf("%s: %s / %s%n", when, summary(api), summary(connect));
        assertThat(RawHttp.statusLine(api)).as("API request %s", when).contains(" 200 ");
        assertThat(RawHttp.statusLine(connect)).as("presigned connect %s", when).contains(" " + connectStatus + " ");
    }

    /** The server's time as its refusal states it, which must be the real time plus {@code offset}. */
    private static void assertServerClockAhead(String refusal, Duration offset) {
        Matcher m = SERVER_TIME.matcher(refusal);
        assertThat(m.find()).as("the server's time in %s", refusal).isTrue();
        Instant serverTime = Instant.from(AMZ_DATE.parse(m.group(1)));
        assertThat(Duration.between(Instant.now().plus(offset), serverTime).abs())
                .as("the later server's clock against the real one plus %s", offset)
                .isLessThan(CLOCK_TOLERANCE);
    }

    /** The same server {@code offset} later: the original's key in a data dir of its own, its wall clock ahead. */
    private PackagedServer later(PackagedServer original, String name, Duration offset) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name).resolve("data"));
        Files.copy(original.dataDir().resolve("credentials"), data.resolve("credentials"));
        SteppedWallClock clock = new SteppedWallClock(dir.resolve(name));
        clock.step("+" + offset.toSeconds());
        return AbusedServer.start(dir.resolve(name), clock.environment());
    }

    /**
     * ListSignalingChannels signed in its headers by the AWS SDK's own signer at {@code clock}'s time, as raw bytes
     * with the Host header of {@code server}.
     */
    private static byte[] signedRequest(URI server, AwsBasicCredentials key, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(server + LIST_CHANNELS)).putHeader("Content-Type", "application/x-amz-json-1.1")
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(request).identity(key)
                .payload(ContentStreamProvider.fromUtf8String(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, Region.US_WEST_2.id())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)).request();
        StringBuilder head = new StringBuilder("POST " + LIST_CHANNELS + " HTTP/1.1\r\n");
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            head.append("Host: ").append(server.getAuthority()).append("\r\n");
        }
        signed.forEachHeader((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v)
                .append("\r\n")));
        head.append("Content-Length: ").append(BODY.length()).append("\r\nConnection: close\r\n\r\n").append(BODY);
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A presigned ConnectAsViewer upgrade (the JS SDK's way) for a new channel on {@code server}, as raw bytes. */
    private static byte[] presignedConnect(PackagedServer server, AwsBasicCredentials key) throws Exception {
        String arn;
        String wss;
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            arn = kvs.createSignalingChannel(b -> b.channelName("replayed")).channelARN();
            wss = kvs.getSignalingChannelEndpoint(b -> b.channelARN(arn).singleMasterChannelEndpointConfiguration(
                    c -> c.role(ChannelRole.VIEWER).protocols(ChannelProtocol.WSS))).resourceEndpointList().get(0)
                    .resourceEndpoint();
        }
        URI url = new UrlPresigner(key.accessKeyId(), key.secretAccessKey(), Region.US_WEST_2.id()).presign(
                URI.create(wss + "/?X-Amz-ChannelARN=" + URLEncoder.encode(arn, StandardCharsets.UTF_8)
                        + "&X-Amz-ClientId=replayer"), PRESIGN_EXPIRY);
        return ("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String send(PackagedServer server, byte[] request) throws Exception {
        return RawHttp.exchange(server.http(""), request);
    }

    private static String head(PackagedServer server, byte[] request) throws Exception {
        return RawHttp.head(server.http(""), request);
    }

    private static String summary(String answer) {
        String type = RawHttp.header(answer, "x-amzn-ErrorType");
        return RawHttp.statusLine(answer) + (type == null ? "" : " " + type + " " + RawHttp.body(answer));
    }
}
