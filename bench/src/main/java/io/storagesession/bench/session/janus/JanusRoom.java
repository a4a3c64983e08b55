package io.storagesession.bench.session.janus;

import io.storagesession.bench.session.peer.PeerKind;
import io.storagesession.bench.session.peer.PeerSettings;
import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.bench.session.relay.TurnRelay;
import io.storagesession.bench.session.sdp.CandidateLine;
import io.storagesession.bench.session.sdp.Offer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Janus VideoRoom with the KVS session's forwarding workload and nothing else: a publisher sending the same 1 Mbps
 * H.264 and Opus, and subscribers receiving both (no mixing, no recording). The publisher offers (so it is the
 * controlling ICE agent and, Janus answering {@code active}, the DTLS server); Janus offers to each subscriber. Every
 * participant relays through its own TURN allocation, as in the KVS workload, and takes only Janus's relay candidates.
 */
final class JanusRoom {
    private static final long JOIN_TIMEOUT_SECONDS = 15;

    /** Makes a participant's TURN allocation. */
    @FunctionalInterface
    interface Relays {
        TurnRelay allocate(String user) throws Exception;
    }

    final List<SimulatedPeer> peers = new ArrayList<>();
    private final JanusApi api;
    private final long room;
    private final List<Long> handles = new ArrayList<>();

    JanusRoom(JanusApi api, long room) {
        this.api = api;
        this.room = room;
    }

    void open(PeerSettings settings, Relays relays, int subscribers) throws Exception {
        SimulatedPeer publisher = new SimulatedPeer("janus-" + room + "/publisher", PeerKind.SFU_PUBLISHER, true,
                relays.allocate("janus-" + room + "-publisher"), settings);
        CompletableFuture<Long> publisherId = new CompletableFuture<>();
        CompletableFuture<Void> publishing = new CompletableFuture<>();
        long handle = api.attach(event -> {
            JsonObject data = pluginData(event);
            if (data != null && "joined".equals(data.getString("videoroom"))) {
                publisherId.complete(data.getLong("id"));
            }
            JsonObject jsep = event.getJsonObject("jsep");
            if (jsep != null && "answer".equals(jsep.getString("type"))) {
                Offer answer = Offer.parse(jsep.getString("sdp"));
                if (answer.relayCandidates().isEmpty()) {
                    System.err.println("janus answered room " + room + "'s publisher without relay candidates: "
                            + jsep.getString("sdp").lines().filter(l -> l.startsWith("a=candidate")).toList());
                }
                publisher.answered(answer);
            }
            if ("webrtcup".equals(event.getString("janus"))) {
                publishing.complete(null);
            }
            trickled(publisher, event);
        });
        handles.add(handle);
        JsonObject created = api.message(handle, new JsonObject().put("request", "create").put("room", room)
                .put("publishers", 1).put("videocodec", "h264").put("audiocodec", "opus").put("record", false)
                .put("audiolevel_ext", true).put("bitrate", 0), null);
        if (!"created".equals(pluginData(created) == null ? null : pluginData(created).getString("videoroom"))) {
            throw new IllegalStateException("Janus did not create room " + room + ": " + created.encode());
        }
        peers.add(publisher);
        publisher.start();
        publisher.joined(System.nanoTime());
        api.message(handle, new JsonObject().put("request", "joinandconfigure").put("ptype", "publisher")
                .put("room", room).put("audio", true).put("video", true),
                new JsonObject().put("type", "offer").put("sdp", publisher.offer()).put("trickle", false));
        long feed = publisherId.get(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // A feed can be subscribed to once its media is up (else "No such feed").
        publishing.get(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (int i = 1; i <= subscribers; i++) {
            SimulatedPeer subscriber = new SimulatedPeer("janus-" + room + "/subscriber-" + i,
                    PeerKind.SFU_SUBSCRIBER, false, relays.allocate("janus-" + room + "-subscriber-" + i), settings);
            peers.add(subscriber);
            subscriber.start();
            long[] own = new long[1];
            own[0] = api.attach(event -> {
                JsonObject jsep = event.getJsonObject("jsep");
                if (jsep != null && "offer".equals(jsep.getString("type"))) {
                    String answer = subscriber.answer(Offer.parse(jsep.getString("sdp")));
                    try {
                        api.message(own[0], new JsonObject().put("request", "start"),
                                new JsonObject().put("type", "answer").put("sdp", answer).put("trickle", false));
                    } catch (Exception e) {
                        System.err.println("janus start failed: " + e);
                    } 
                }
                trickled(subscriber, event);
            });
            handles.add(own[0]);
            subscriber.joined(System.nanoTime());
            api.message(own[0], new JsonObject().put("request", "join").put("ptype", "subscriber").put("room", room)
                    .put("streams", new JsonArray().add(new JsonObject().put("feed", feed))), null);
        }
    }

    /** A candidate Janus trickled: only relay ones are used, as in the KVS workload. */
    private static void trickled(SimulatedPeer peer, JsonObject event) {
        if (!"trickle".equals(event.getString("janus"))) {
            return;
        }
        JsonObject candidate = event.getJsonObject("candidate");
        String line = candidate == null ? null : candidate.getString("candidate");
        InetSocketAddress address = CandidateLine.isRelay(line) ? CandidateLine.udpAddress(line) : null;
        if (address != null) {
            peer.remoteCandidate(address);
        }
    }

    private static JsonObject pluginData(JsonObject event) {
        JsonObject plugin = event.getJsonObject("plugindata");
        return plugin == null ? null : plugin.getJsonObject("data");
    }

    /** Hangs every handle up and destroys the room. */
    void close() {
        for (int i = handles.size() - 1; i >= 0; i--) {
            api.detach(handles.get(i));
        }
    }
}
