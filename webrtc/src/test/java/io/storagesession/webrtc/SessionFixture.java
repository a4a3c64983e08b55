package io.storagesession.webrtc;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.MediaPlaneFactory;
import io.storagesession.metrics.Metrics;
import io.storagesession.webrtc.ice.EmbeddedRelays;
import io.storagesession.webrtc.testing.EmbeddedTurn;
import io.storagesession.webrtc.testing.RecordingLinks;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Storage sessions on the embedded TURN server with the hub replaced by {@link RecordingLinks}. */
final class SessionFixture implements AutoCloseable {
    static final String CHANNEL_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:channel/door/1700000000000";
    static final String STREAM_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/door/1700000000000";

    final EmbeddedTurn turn;
    final RecordingLinks links = new RecordingLinks();
    final Metrics metrics = new Metrics();
    final StorageSessions sessions;

    SessionFixture(Map<String, Object> overrides, MediaPlaneFactory media) throws Exception {
        turn = new EmbeddedTurn();
        sessions = new StorageSessions(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.defaultReference())
                .resolve(), links, new EmbeddedRelays(turn.server), metrics, media, Clock.systemUTC());
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
