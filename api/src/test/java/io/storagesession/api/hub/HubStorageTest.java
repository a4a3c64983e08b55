package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.testing.RecordingBridge.Received;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Channels with media storage enabled: every participant frame goes to the storage session, which answers through
 * {@link io.storagesession.api.bridge.ParticipantLinks} with frames that carry no senderClientId (KVS-WIRE.md §2).
 */
class HubStorageTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private HubFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void framesGoToTheStorageSessionAndItsFramesComeBack() {
        fx = HubFixture.start();
        Channel ch = fx.channel("stored");
        fx.channels.setStorage(ch.arn(), true);
        ParticipantAddress master = ParticipantAddress.master(ch.arn());
        ParticipantAddress viewer = ParticipantAddress.viewer(ch.arn(), "viewer-1");
        TestSocket masterSocket = fx.connect(fx.cUrl(ch.arn(), null), "wss");
        TestSocket viewerSocket = fx.viewer(ch.arn(), "viewer-1");
        await().until(() -> fx.hub.isConnected(master) && fx.hub.isConnected(viewer));

        assertThat(fx.hub.send(master, OutboundMessage.fromStorageSession("SDP_OFFER", Frames.sdp("offer")))).isTrue();
        String raw = masterSocket.nextText();
        assertThat(new JsonObject(raw)).isEqualTo(new JsonObject().put("messageType", "SDP_OFFER")
                .put("messagePayload", Frames.sdp("offer")));
        assertThat(raw).doesNotContain("senderClientId");

        masterSocket.send(Frames.c("SDP_ANSWER", null, Frames.sdp("answer"), "1700186220273"));
        viewerSocket.send(Frames.js("ICE_CANDIDATE", null, Frames.candidate(1), null));
        await().until(() -> fx.bridge.messages.size() == 2);
        assertThat(fx.bridge.messages).containsExactlyInAnyOrder(
                new Received(master, new InboundMessage("SDP_ANSWER", null, Frames.sdp("answer"), "1700186220273")),
                new Received(viewer, new InboundMessage("ICE_CANDIDATE", null, Frames.candidate(1), null)));
        masterSocket.expectNothing(QUIET);
        viewerSocket.expectNothing(Duration.ZERO);

        assertThat(fx.hub.send(viewer, OutboundMessage.fromStorageSession("ICE_CANDIDATE", Frames.candidate(7)))).isTrue();
        assertThat(viewerSocket.next()).isEqualTo(new JsonObject().put("messageType", "ICE_CANDIDATE")
                .put("messagePayload", Frames.candidate(7)));
        assertThat(fx.transferred("stored")).isEqualTo(4);

        ParticipantAddress absent = ParticipantAddress.viewer(ch.arn(), "absent");
        assertThat(fx.hub.send(absent, OutboundMessage.fromStorageSession("SDP_OFFER", Frames.sdp("offer")))).isFalse();
        assertThat(fx.hub.isConnected(absent)).isFalse();

        viewerSocket.close();
        await().until(() -> fx.bridge.disconnected.contains(viewer));
        assertThat(fx.hub.isConnected(viewer)).isFalse();
        masterSocket.close();
        await().until(() -> fx.bridge.disconnected.contains(master));
        assertThat(fx.bridge.disconnected).containsExactly(viewer, master);
    }

    @Test
    void invalidFramesAreStillRejectedWithStorageEnabled() {
        fx = HubFixture.start();
        Channel ch = fx.channel("stored-bad");
        fx.channels.setStorage(ch.arn(), true);
        TestSocket master = fx.master(ch.arn());
        master.send(Frames.js("SDP_ANSWER", null, "@@@", "x1"));
        assertThat(master.next().getJsonObject("statusResponse").getString("errorType"))
                .isEqualTo("InvalidArgumentException");
        assertThat(fx.bridge.messages).isEmpty();
    }

    @Test
    void storageEnabledWhileConnectedSwitchesRoutingOnTheNextFrame() {
        fx = HubFixture.start();
        Channel ch = fx.channel("switch");
        TestSocket master = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "v");
        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), null));
        assertThat(master.next().getString("senderClientId")).isEqualTo("v");
        assertThat(fx.bridge.messages).isEmpty();

        fx.channels.setStorage(ch.arn(), true);
        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), null));
        master.send(Frames.js("SDP_ANSWER", "", Frames.sdp("answer"), "c"));
        await().until(() -> fx.bridge.messages.size() == 2);
        master.expectNothing(QUIET);
        viewer.expectNothing(Duration.ZERO);

        fx.channels.setStorage(ch.arn(), false);
        viewer.send(Frames.js("ICE_CANDIDATE", null, Frames.candidate(3), null));
        assertThat(master.next().getString("messagePayload")).isEqualTo(Frames.candidate(3));
    }

    @Test
    void aReplacedConnectionIsReportedOnceAndTheNewOneReceives() {
        fx = HubFixture.start();
        Channel ch = fx.channel("replace");
        fx.channels.setStorage(ch.arn(), true);
        ParticipantAddress viewer = ParticipantAddress.viewer(ch.arn(), "same");
        TestSocket first = fx.viewer(ch.arn(), "same");
        TestSocket second = fx.viewer(ch.arn(), "same");
        first.awaitClosed();
        await().until(() -> fx.connections("viewer") == 1);
        assertThat(fx.bridge.disconnected).containsExactly(viewer);
        fx.hub.send(viewer, OutboundMessage.fromStorageSession("SDP_OFFER", Frames.sdp("offer")));
        assertThat(second.next().getString("messageType")).isEqualTo("SDP_OFFER");
        second.expectNothing(QUIET);
        assertThat(fx.bridge.messages).isEmpty();
        second.close();
        await().until(() -> fx.bridge.disconnected.size() == 2);
    }

    @Test
    void aDeletedChannelClosesItsConnections() {
        fx = HubFixture.start();
        Channel ch = fx.channel("deleted");
        TestSocket master = fx.master(ch.arn());
        fx.channels.delete(ch.arn());
        master.send(Frames.js("SDP_OFFER", "v", Frames.sdp("offer"), null));
        assertThat(master.awaitClosed()).isEqualTo(CloseReason.CHANNEL_GONE.code());
    }
}
