package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.registry.Channel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection lifetime (KVS-WIRE.md §2): pings, the idle timeout, GO_AWAY at the maximum duration, bounded buffers,
 * and nothing left behind once connections close.
 */
class HubLifecycleTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private HubFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void pingsAreAnsweredAndKeepTheConnectionAliveUntilTheIdleTimeout() {
        fx = HubFixture.start(Map.of("signaling.hub.idle-timeout", "10s"));
        Channel ch = fx.channel("idle");
        TestSocket master = fx.connect(fx.cUrl(ch.arn(), null), "wss");
        TestSocket viewer = fx.viewer(ch.arn(), "v");

        fx.advance(Duration.ofSeconds(9));
        master.ping();
        viewer.send(Frames.js("ICE_CANDIDATE", null, Frames.candidate(1), null));
        await().until(() -> master.pongs.get() == 1 && master.received.size() == 1);
        assertThat(master.drain()).hasSize(1);
        fx.advance(Duration.ofSeconds(2));
        master.expectNothing(QUIET);
        viewer.expectNothing(Duration.ZERO);
        assertThat(master.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();

        fx.advance(Duration.ofSeconds(8));
        assertThat(master.awaitClosed()).isEqualTo(CloseReason.IDLE.code());
        assertThat(viewer.awaitClosed()).isEqualTo(CloseReason.IDLE.code());
        assertThat(fx.metrics.scrape()).contains("kvs_signaling_connections_closed_by_server_total{reason=\"idle\"} 2");
    }

    @Test
    void goAwayAtTheMaximumDurationThenCloseAfterTheGrace() {
        fx = HubFixture.start(Map.of("signaling.hub.max-connection-duration", "60s",
                "signaling.hub.go-away-grace", "5s"));
        Channel ch = fx.channel("go-away");
        fx.channels.setStorage(ch.arn(), true);
        TestSocket master = fx.master(ch.arn());
        fx.advance(Duration.ofSeconds(59));
        master.expectNothing(QUIET);
        fx.advance(Duration.ofSeconds(1));
        String goAway = master.nextText();
        assertThat(new JsonObject(goAway)).isEqualTo(new JsonObject().put("messageType", "GO_AWAY"));
        fx.advance(Duration.ofSeconds(4));
        master.expectNothing(QUIET);
        assertThat(master.isClosed()).isFalse();
        fx.advance(Duration.ofSeconds(1));
        assertThat(master.awaitClosed()).isEqualTo(CloseReason.MAX_DURATION.code());
        await().until(() -> fx.bridge.disconnected.contains(ParticipantAddress.master(ch.arn())));
    }

    @Test
    void roomsAreRemovedOnceConnectionsAndPendingMessagesAreGone() {
        fx = HubFixture.start();
        Channel a = fx.channels.create("room-a", 10);
        Channel b = fx.channel("room-b");
        TestSocket masterA = fx.master(a.arn());
        TestSocket viewerA = fx.viewer(a.arn(), "v");
        TestSocket masterB = fx.master(b.arn());
        masterA.send(Frames.js("SDP_OFFER", "not-yet", Frames.sdp("offer"), null));
        await().until(() -> fx.hub.pendingCount(a.arn()) == 1);
        assertThat(fx.hub.roomCount()).isEqualTo(2);

        masterA.close();
        viewerA.close();
        masterB.close();
        await().until(() -> fx.connections("master") == 0 && fx.connections("viewer") == 0);
        fx.advance(Duration.ofSeconds(2));
        await().until(() -> fx.hub.roomCount() == 1);
        assertThat(fx.hub.pendingCount(a.arn())).isEqualTo(1);
        fx.advance(Duration.ofSeconds(10));
        await().until(() -> fx.hub.roomCount() == 0);
        assertThat(fx.metrics.scrape()).contains("kvs_signaling_rooms 0");
        assertThat(fx.hub.isConnected(ParticipantAddress.master(a.arn()))).isFalse();
    }

    @Test
    void aFloodLeavesTheHubHealthy() {
        fx = HubFixture.start();
        Channel ch = fx.channel("flood");
        TestSocket master = fx.master(ch.arn());
        TestSocket flooder = fx.viewer(ch.arn(), "flooder");
        int frames = 3000;
        List<Future<Void>> writes = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            String text = switch (i % 3) {
                case 0 -> Frames.js("ICE_CANDIDATE", null, Frames.candidate(i), "c" + i).encode();
                case 1 -> "{garbage " + i;
                default -> Frames.js("SDP_OFFER", null, "***", "s" + i).encode();
            };
            writes.add(flooder.socket.writeTextMessage(text));
        }
        HubFixture.await(Future.join(writes));
        // With the clock standing still, exactly the burst allowance passes: 20 candidates and 5 SDP frames, which
        // then fail payload validation. Every other frame is dropped; each correlated one gets a STATUS_RESPONSE.
        await().until(() -> fx.dropped("rate_limited") + fx.dropped("invalid_json") + fx.dropped("invalid_payload")
                == frames - 20);
        await().until(() -> flooder.received.size() == frames / 3 * 2 - 20);
        settle();
        assertThat(fx.dropped("invalid_json")).isEqualTo(frames / 3);
        assertThat(fx.dropped("invalid_payload")).isEqualTo(5);
        assertThat(master.drain()).hasSize(20);
        assertThat(flooder.drain()).hasSize(frames / 3 * 2 - 20)
                .allSatisfy(text -> assertThat(new JsonObject(text).getString("messageType")).isEqualTo("STATUS_RESPONSE"));
        assertThat(flooder.isClosed()).isFalse();
        assertThat(master.isClosed()).isFalse();

        TestSocket newcomer = fx.viewer(ch.arn(), "newcomer");
        newcomer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), null));
        JsonObject offer = master.next();
        assertThat(offer.getString("senderClientId")).isEqualTo("newcomer");
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedNotBufferedForever() {
        fx = HubFixture.start(Map.of("signaling.hub.write-queue-max-bytes", 4096));
        Channel ch = fx.channel("slow");
        fx.channels.setStorage(ch.arn(), true);
        ParticipantAddress master = ParticipantAddress.master(ch.arn());
        TestSocket socket = fx.master(ch.arn());
        socket.socket.pause();
        String big = Frames.base64(new JsonObject().put("sdp", "s".repeat(9000)));
        int sent = 0;
        while (fx.hub.send(master, OutboundMessage.fromStorageSession("SDP_OFFER", big)) && sent < 20_000) {
            sent++;
            if (sent % 200 == 0) {
                sleepBriefly();
            }
        }
        await().until(() -> !fx.hub.isConnected(master));
        assertThat(sent).isLessThan(20_000);
        assertThat(fx.metrics.scrape()).contains("kvs_signaling_connections_closed_by_server_total{reason=\"slow_consumer\"} 1");
        await().until(() -> fx.bridge.disconnected.contains(master));
        socket.socket.resume();
        socket.awaitClosed();
    }

    @Test
    void oversizedMessagesCloseTheConnectionAndTheHubGoesOn() {
        fx = HubFixture.start();
        Channel ch = fx.channel("huge");
        TestSocket master = fx.master(ch.arn());
        TestSocket single = fx.viewer(ch.arn(), "single");
        single.socket.writeTextMessage("{\"action\":\"SDP_OFFER\",\"messagePayload\":\"" + "A".repeat(70_000) + "\"}");
        assertThat(single.awaitClosed()).as("a frame past max-frame-bytes")
                .isEqualTo(CloseReason.MESSAGE_TOO_BIG.code());

        TestSocket fragmented = fx.viewer(ch.arn(), "fragmented");
        String part = "B".repeat(30_000);
        fragmented.socket.writeFrame(WebSocketFrame.textFrame("{\"action\":\"SDP_OFFER\",\"x\":\"" + part, false));
        fragmented.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(part), false));
        fragmented.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(part + "\"}"), true));
        assertThat(fragmented.awaitClosed()).isEqualTo(CloseReason.MESSAGE_TOO_BIG.code());

        TestSocket ok = fx.viewer(ch.arn(), "ok");
        String offer = Frames.js("SDP_OFFER", null, Frames.sdp("offer"), null).encode();
        int half = offer.length() / 2;
        ok.socket.writeFrame(WebSocketFrame.textFrame(offer.substring(0, half), false));
        ok.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(offer.substring(half)), true));
        assertThat(master.next().getString("senderClientId")).isEqualTo("ok");
    }

    @Test
    void closingTheHubClosesEveryConnection() {
        fx = HubFixture.start();
        Channel ch = fx.channel("shutdown");
        TestSocket master = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "v");
        fx.hub.close();
        assertThat(master.awaitClosed()).isEqualTo(CloseReason.SHUTDOWN.code());
        assertThat(viewer.awaitClosed()).isEqualTo(CloseReason.SHUTDOWN.code());
        await().until(() -> fx.connections("master") == 0 && fx.connections("viewer") == 0);
    }

    /** Gives in-flight frames time to arrive, so that counting them afterwards is meaningful. */
    private static void settle() {
        await().pollDelay(QUIET).until(() -> true);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
