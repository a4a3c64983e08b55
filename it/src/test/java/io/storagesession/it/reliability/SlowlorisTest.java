package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * Abuse: slowloris. Thousands of HTTP connections that each send a byte a second, so no idle timeout ever fires: some
 * send nothing at all, some a request's headers a byte at a time, some a KVS API request (control plane and GetClip)
 * whose announced 64 KiB body comes a byte at a time. The server's deadlines ({@code server.http.header-timeout},
 * {@code body-timeout}, its defaults unless {@code -Dabuse.header-timeout} / {@code -Dabuse.body-timeout} shorten a
 * run) close every one of them — the slow bodies with 408 in KVS's error shape — while fresh API clients are
 * answered throughout, the live session's media keeps flowing, and a new session joins; the descriptors they held
 * are given back.
 *
 * <p>{@code -Dabuse.slowloris-connections} (3,000, a third of each kind) sets the count.
 */
@Tag("reliability")
class SlowlorisTest {
    private static final int CONNECTIONS = Integer.getInteger("abuse.slowloris-connections", 3_000);
    private static final String HEADER_TIMEOUT = System.getProperty("abuse.header-timeout", "");
    private static final String BODY_TIMEOUT = System.getProperty("abuse.body-timeout", "");
    /** One byte per connection this often: well inside any idle timeout, so only a deadline can end them. */
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Past both deadlines (and their check period, a quarter of the shorter): every connection must be closed. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final Duration FRESH_CALL_EVERY = Duration.ofSeconds(2);
    private static final int FD_SLACK = 64;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        PackagedServer.requireJar();
        LiveSession.requireTools();
    }

    @Test
    void slowClientsAreTimedOutWhileEveryoneElseIsServed() throws Exception {
        List<String> properties = new ArrayList<>();
        if (!HEADER_TIMEOUT.isEmpty()) {
            properties.add("server.http.header-timeout=" + HEADER_TIMEOUT);
        }
        if (!BODY_TIMEOUT.isEmpty()) {
            properties.add("server.http.body-timeout=" + BODY_TIMEOUT);
        }
        try (PackagedServer server = AbusedServer.start(dir.resolve("server"), properties.toArray(String[]::new));
             LiveSession live = LiveSession.start(server, "live")) {
            Duration giveUp = longerDeadline(properties).plus(MARGIN);
            Footprint before = Footprint.of(server);
            PeerCounters mediaBefore = live.counters();
            URI http = server.http("");
            int freshCalls = 0;
            Footprint peak;
            List<SlowClients.Outcome> outcomes;
            try (SlowClients slow = SlowClients.open(new InetSocketAddress(http.getHost(), http.getPort()),
                    CONNECTIONS / SlowClients.Kind.values().length)) {
                long start = System.nanoTime();
                long nextFresh = start;
                boolean joined = false;
                peak = Footprint.of(server);
                while (slow.open() > 0 && System.nanoTime() - start < giveUp.toNanos()) {
                    slow.round();
                    if (System.nanoTime() - nextFresh >= 0) {
                        freshCall(server);
                        freshCalls++;
                        nextFresh = System.nanoTime() + FRESH_CALL_EVERY.toNanos();
                        Footprint now = Footprint.of(server);
                        peak = now.openFiles() > peak.openFiles() ? now : peak;
                    }
                    if (!joined) {
                        live.assertAFreshSessionConnects("fresh");
                        joined = true;
                    }
                    Thread.sleep(INTERVAL.toMillis());
                }
                outcomes = slow.outcomes();
            }
            Map<SlowClients.Kind, Long> longest = SlowClients.longestHeldMillis(outcomes);
            long answered408 = outcomes.stream().filter(o -> o.answer().startsWith("HTTP/1.1 408")).count();
            System.out.printf("slowloris: %d connections (a byte each per %s); closed by the server: %d; longest held"
                            + " (ms) per kind: %s; answered 408: %d; fresh API calls answered meanwhile: %d%n",
                    outcomes.size(), INTERVAL, outcomes.stream().filter(SlowClients.Outcome::closed).count(), longest,
                    answered408, freshCalls);
            System.out.printf("server before: %s; at the peak: %s%n", before, peak);
            assertThat(outcomes).as("slow connections still open after %s", giveUp)
                    .allMatch(SlowClients.Outcome::closed);
            assertThat(outcomes).filteredOn(o -> o.kind() == SlowClients.Kind.BODY)
                    .as("slow bodies answered 408 in KVS's error shape")
                    .allMatch(o -> o.answer().startsWith("HTTP/1.1 408")
                            && o.answer().contains("x-amzn-ErrorType: RequestTimeoutException"));
            assertThat(outcomes).filteredOn(o -> o.kind() != SlowClients.Kind.BODY)
                    .as("headers that never end get no answer").allMatch(o -> o.answer().isEmpty());
            live.assertMediaFlowedSince(mediaBefore, "slowloris");
            Awaitility.await("descriptors given back").atMost(SETTLE)
                    .until(() -> Footprint.of(server).openFiles() <= before.openFiles() + FD_SLACK);
            System.out.printf("server after: %s%n", Footprint.of(server));
            AbusedServer.assertNoErrorLogged(server);
        }
    }

    /** The longer of the two deadlines the server runs with: its reference.conf unless the run overrides them. */
    private static Duration longerDeadline(List<String> overrides) {
        Config config = ConfigFactory.parseString(String.join("\n", overrides))
                .withFallback(ConfigFactory.defaultReference());
        Duration header = config.getDuration("server.http.header-timeout");
        Duration body = config.getDuration("server.http.body-timeout");
        return header.compareTo(body) > 0 ? header : body;
    }

    /** A new SDK client (its own connection) makes a control-plane call. */
    private static void freshCall(PackagedServer server) throws Exception {
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            assertThat(kvs.listSignalingChannels(b -> b.maxResults(1)).channelInfoList()).isNotEmpty();
        }
    }
}
