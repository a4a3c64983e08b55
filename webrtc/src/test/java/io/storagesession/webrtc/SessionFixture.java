package io.storagesession.webrtc;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.MediaPlaneFactory;
import io.storagesession.media.ParticipantId;
import io.storagesession.metrics.Metrics;
import io.storagesession.webrtc.ice.EmbeddedRelays;
import io.storagesession.webrtc.ice.RelayOpener;
import io.storagesession.webrtc.testing.EmbeddedTurn;
import io.storagesession.webrtc.testing.RecordingLinks;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Storage sessions on the embedded TURN server with the hub replaced by {@link RecordingLinks}, on the machine's
 * monotonic clock or ({@link #onManualClock}) on one the test moves with {@link #advance}.
 */
final class SessionFixture implements AutoCloseable {
    static final String CHANNEL_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:channel/door/1700000000000";
    static final String STREAM_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/door/1700000000000";
    /** Where a manual clock starts: any instant but zero, which some fields take for "not yet". */
    private static final long MANUAL_START_NANOS = Duration.ofDays(1).toNanos();
    /**
     * On a manual clock, consent (RFC 7675) is checked on real timers but measured on the manual clock, so moving
     * the clock would expire it; tests of the other rules keep it out of their way.
     */
    private static final String CONSENT_TIMEOUT_OUT_OF_THE_WAY = "10d";
    /** The server's default: relayed addresses held by the embedded TURN server itself. */
    private static final Function<EmbeddedTurn, RelayOpener> EMBEDDED = turn -> new EmbeddedRelays(turn.server);
    /** How long a participant may take to connect at most: a hang guard. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(20);

    final EmbeddedTurn turn;
    final RecordingLinks links = new RecordingLinks();
    final Metrics metrics = new Metrics();
    final StorageSessions sessions;
    /** The manual clock's time, or null on the machine's clock. */
    private final AtomicLong manualNanos;

    private SessionFixture(Map<String, Object> overrides, MediaPlaneFactory media, AtomicLong manualNanos,
                           Function<EmbeddedTurn, RelayOpener> relays) throws Exception {
        turn = new EmbeddedTurn();
        this.manualNanos = manualNanos;
        sessions = new StorageSessions(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.defaultReference())
                .resolve(), links, relays.apply(turn), metrics, media, Clock.systemUTC(),
                manualNanos == null ? System::nanoTime : manualNanos::get);
    }

    SessionFixture(Map<String, Object> overrides, MediaPlaneFactory media) throws Exception {
        this(overrides, media, null, EMBEDDED);
    }

    /** Sessions whose relayed addresses come from {@code relays} made on the fixture's TURN server. */
    static SessionFixture withRelays(Function<EmbeddedTurn, RelayOpener> relays) throws Exception {
        return new SessionFixture(Map.of(), info -> MediaPlane.NONE, null, relays);
    }

    /** Sessions whose timeouts, held slots and connected time run on a clock that moves only by {@link #advance}. */
    static SessionFixture onManualClock(Map<String, Object> overrides, MediaPlaneFactory media) throws Exception {
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.putIfAbsent("storage-session.ice.consent-timeout", CONSENT_TIMEOUT_OUT_OF_THE_WAY);
        return new SessionFixture(settings, media, new AtomicLong(MANUAL_START_NANOS), EMBEDDED);
    }

    static SessionFixture onManualClock(Map<String, Object> overrides) throws Exception {
        return onManualClock(overrides, info -> MediaPlane.NONE);
    }

    /**
     * Moves the manual clock by {@code by} and runs the channel's housekeeping tick at once, both on the session's
     * executor, so nothing of the session runs between the two.
     */
    void advance(Duration by) throws Exception {
        Session session = sessions.session(CHANNEL_ARN);
        if (session == null) {
            manualNanos.addAndGet(by.toNanos());
            return;
        }
        sessions.onSessionExecutor(CHANNEL_ARN, () -> {
            manualNanos.addAndGet(by.toNanos());
            session.tick();
            return null;
        });
    }

    SessionFixture(Map<String, Object> overrides) throws Exception {
        this(overrides, info -> MediaPlane.NONE);
    }

    SessionFixture() throws Exception {
        this(Map.of());
    }

    void join(ParticipantAddress who) throws Exception {
        sessions.join(new StorageJoin(who, "door", STREAM_ARN)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    /** Joins and returns the SDP of the offer that follows. */
    String joinForOffer(ParticipantAddress who) throws Exception {
        join(who);
        return new JsonObject(RecordingLinks.payloadJson(links.next(who, "SDP_OFFER"))).getString("sdp");
    }

    void send(ParticipantAddress from, String action, String json, String correlationId) {
        sessions.onMessage(from, new InboundMessage(action, "", Base64.getEncoder().encodeToString(
                json.getBytes(StandardCharsets.UTF_8)), correlationId));
    }

    void answer(ParticipantAddress from, String sdp, String correlationId) {
        send(from, "SDP_ANSWER", new JsonObject().put("type", "answer").put("sdp", sdp).encode(), correlationId);
    }

    /** Joins {@code who} and connects it (ICE, DTLS) as a {@link FakeParticipant}; returns once the session has it. */
    FakeParticipant joinAndConnect(ParticipantAddress who) throws Exception {
        String offer = joinForOffer(who);
        FakeParticipant participant = new FakeParticipant(this, who);
        participant.connect(offer, participant.certificate.fingerprintSha256());
        ParticipantId id = who.clientId() == null ? ParticipantId.MASTER : ParticipantId.viewer(who.clientId());
        await(id + " connected").atMost(CONNECT_WAIT).until(() -> snapshot().stream()
                .anyMatch(p -> p.participant().equals(id) && p.connected()));
        return participant;
    }

    /** Whether {@code id} is in the channel's session now. */
    /** {@link #present} for conditions that cannot throw. */
    boolean presentQuietly(ParticipantId id) {
        try {
            return present(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    boolean present(ParticipantId id) throws Exception {
        return snapshot().stream().anyMatch(p -> p.participant().equals(id));
    }

    List<PeerSnapshot> snapshot() throws Exception {
        return sessions.snapshot(CHANNEL_ARN);
    }

    static String attribute(String sdp, String name) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=" + name + ":")) {
                return line.substring(name.length() + 3);
            }
        }
        throw new AssertionError("no a=" + name + " in " + sdp);
    }

    @Override
    public void close() throws Exception {
        sessions.close();
        turn.close();
    }
}
