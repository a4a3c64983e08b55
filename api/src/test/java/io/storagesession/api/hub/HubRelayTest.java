package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.registry.Channel;
import io.storagesession.api.testing.LogCapture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peer-to-peer relay on channels without media storage, frame validation and quotas (KVS-WIRE.md §2). */
class HubRelayTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String MISSING_RECIPIENT =
            "recipientClientId is required when the master sends on a channel without media storage";
    private HubFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void jsViewerAndMasterExchangeOfferAnswerAndCandidates() {
        fx = HubFixture.start();
        Channel ch = fx.channel("p2p");
        TestSocket master = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "viewer-1");

        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), "1"));
        JsonObject offer = master.next();
        assertThat(offer).isEqualTo(new JsonObject().put("senderClientId", "viewer-1").put("messageType", "SDP_OFFER")
                .put("messagePayload", Frames.sdp("offer")));

        master.send(Frames.js("SDP_ANSWER", "viewer-1", Frames.sdp("answer"), "2"));
        JsonObject answer = viewer.next();
        assertThat(answer).isEqualTo(new JsonObject().put("messageType", "SDP_ANSWER")
                .put("messagePayload", Frames.sdp("answer")));

        viewer.send(Frames.js("ICE_CANDIDATE", null, Frames.candidate(1), null));
        master.send(Frames.js("ICE_CANDIDATE", "viewer-1", Frames.candidate(2), null));
        assertThat(master.next().getString("messagePayload")).isEqualTo(Frames.candidate(1));
        assertThat(viewer.next().getString("messagePayload")).isEqualTo(Frames.candidate(2));
        viewer.expectNothing(QUIET);
        master.expectNothing(Duration.ZERO);
        assertThat(fx.transferred("p2p")).isEqualTo(4);
    }

    @Test
    void cSdkPascalCaseFramesAreRelayed() {
        fx = HubFixture.start();
        Channel ch = fx.channel("c-sdk");
        TestSocket master = fx.connect(fx.cUrl(ch.arn(), null), "wss");
        TestSocket viewer = fx.connect(fx.cUrl(ch.arn(), "c-viewer"), "wss");
        viewer.send(Frames.c("SDP_OFFER", null, Frames.sdp("offer"), "10"));
        assertThat(master.next().getString("senderClientId")).isEqualTo("c-viewer");
        master.send(Frames.c("SDP_ANSWER", "c-viewer", Frames.sdp("answer"), "11"));
        assertThat(viewer.next().getString("messageType")).isEqualTo("SDP_ANSWER");
    }

    @Test
    void masterWithoutRecipientOnAP2pChannelGetsAStatusOnlyWithCorrelationId() {
        fx = HubFixture.start();
        Channel ch = fx.channel("no-recipient");
        TestSocket master = fx.connect(fx.cUrl(ch.arn(), null), "wss");
        TestSocket viewer = fx.viewer(ch.arn(), "v");
        master.send(Frames.c("SDP_ANSWER", null, Frames.sdp("answer"), "1700186220273"));
        String raw = master.nextText();
        // KVS-WIRE.md §2: the STATUS_RESPONSE names the member the frame lacked, the one a p2p master must send
        assertThat(new JsonObject(raw)).isEqualTo(new JsonObject().put("messageType", "STATUS_RESPONSE")
                .put("statusResponse", new JsonObject().put("correlationId", "1700186220273")
                        .put("errorType", "InvalidArgumentException").put("statusCode", "400")
                        .put("description", MISSING_RECIPIENT)
                        .put("success", false)));
        assertThat(raw).doesNotContain("messagePayload").doesNotContain("senderClientId");
        master.send(Frames.js("SDP_ANSWER", null, Frames.sdp("answer"), null));
        master.send(Frames.js("SDP_ANSWER", "", Frames.sdp("answer"), null));
        master.expectNothing(QUIET);
        viewer.expectNothing(Duration.ZERO);
        assertThat(fx.dropped("missing_recipient")).isEqualTo(3);
        master.send(Frames.js("SDP_ANSWER", "AWS_reserved", Frames.sdp("answer"), "9"));
        assertThat(master.next().getJsonObject("statusResponse").getString("errorType"))
                .isEqualTo("InvalidArgumentException");
    }

    @Test
    void messagesForALateJoinerAreDeliveredWithinTheTtl() {
        fx = HubFixture.start();
        Channel ch = fx.channels.create("ttl", 30);
        TestSocket master = fx.master(ch.arn());
        master.send(Frames.js("SDP_OFFER", "late", Frames.sdp("offer"), null));
        master.send(Frames.js("ICE_CANDIDATE", "late", Frames.candidate(1), null));
        master.send(Frames.js("ICE_CANDIDATE", "later", Frames.candidate(2), null));
        await().until(() -> pendingOf(ch) == 3);
        fx.advance(Duration.ofSeconds(29));
        TestSocket late = fx.viewer(ch.arn(), "late");
        assertThat(late.next().getString("messageType")).isEqualTo("SDP_OFFER");
        assertThat(late.next().getString("messagePayload")).isEqualTo(Frames.candidate(1));
        late.expectNothing(QUIET);
        assertThat(fx.transferred("ttl")).isEqualTo(2);

        fx.advance(Duration.ofSeconds(1));
        await().until(() -> pendingOf(ch) == 0);
        TestSocket later = fx.viewer(ch.arn(), "later");
        later.expectNothing(QUIET);
        assertThat(fx.dropped("pending_expired")).isEqualTo(1);
    }

    @Test
    void viewerMessagesWaitForTheMaster() {
        fx = HubFixture.start();
        Channel ch = fx.channel("master-late");
        TestSocket viewer = fx.viewer(ch.arn(), "early");
        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), null));
        await().until(() -> pendingOf(ch) == 1);
        TestSocket master = fx.master(ch.arn());
        JsonObject offer = master.next();
        assertThat(offer.getString("senderClientId")).isEqualTo("early");
        assertThat(offer.getString("messageType")).isEqualTo("SDP_OFFER");
    }

    @Test
    void pendingMessagesAreBoundedPerRecipient() {
        fx = HubFixture.start(Map.of("signaling.hub.pending-messages-per-recipient", 2,
                "signaling.hub.ice-candidates-per-second", 100));
        Channel ch = fx.channel("bounded");
        TestSocket master = fx.master(ch.arn());
        for (int i = 0; i < 3; i++) {
            master.send(Frames.js("ICE_CANDIDATE", "absent", Frames.candidate(i), "c" + i));
        }
        JsonObject status = master.next().getJsonObject("statusResponse");
        assertThat(status.getString("correlationId")).isEqualTo("c2");
        assertThat(status.getString("errorType")).isEqualTo("ClientLimitExceededException");
        assertThat(fx.dropped("pending_full")).isEqualTo(1);
    }

    @Test
    void oversizedInvalidBase64AndInvalidJsonAreDroppedWithStatusOnlyWhenCorrelated() {
        fx = HubFixture.start(Map.of("signaling.hub.sdp-messages-per-second", 100));
        Channel ch = fx.channel("bad");
        TestSocket master = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "v");
        String twentyKb = Frames.base64(new JsonObject().put("type", "offer").put("sdp", "a".repeat(20 * 1024)));
        String notBase64 = "this is *not* base64!";
        String notJson = java.util.Base64.getEncoder().encodeToString("v=0 plain sdp".getBytes());

        viewer.send(Frames.js("SDP_OFFER", null, twentyKb, null));
        viewer.send(Frames.js("SDP_OFFER", null, notBase64, null));
        viewer.send(Frames.js("SDP_OFFER", null, notJson, null));
        viewer.sendText("{\"action\": \"SDP_OFFER\", \"messagePayload\": ");
        viewer.send(Frames.js("SDP_BANANA", null, Frames.sdp("offer"), null));
        viewer.socket.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3}));
        viewer.expectNothing(QUIET);

        viewer.send(Frames.js("SDP_OFFER", null, twentyKb, "big"));
        assertStatus(viewer.next(), "big", "InvalidArgumentException", "400");
        viewer.send(Frames.js("SDP_OFFER", null, notBase64, "b64"));
        assertStatus(viewer.next(), "b64", "InvalidArgumentException", "400");
        viewer.send(Frames.c("SDP_OFFER", null, notJson, "json"));
        assertStatus(viewer.next(), "json", "InvalidArgumentException", "400");
        viewer.send(Frames.js("SDP_BANANA", null, Frames.sdp("offer"), "act"));
        assertStatus(viewer.next(), "act", "InvalidArgumentException", "400");
        viewer.expectNothing(QUIET);
        master.expectNothing(Duration.ZERO);

        assertThat(fx.dropped("payload_too_large")).isEqualTo(2);
        assertThat(fx.dropped("invalid_payload")).isEqualTo(4);
        assertThat(fx.dropped("invalid_json")).isEqualTo(1);
        assertThat(fx.dropped("unknown_action")).isEqualTo(2);
        assertThat(fx.dropped("binary_frame")).isEqualTo(1);

        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), "ok"));
        assertThat(master.next().getString("messageType")).isEqualTo("SDP_OFFER");
        viewer.expectNothing(QUIET);
    }

    @Test
    void sdpAndIceQuotasPerConnection() {
        LogCapture log = new LogCapture();
        try {
            sdpAndIceQuotasPerConnection(log);
        } finally {
            log.close();
        }
    }

    private void sdpAndIceQuotasPerConnection(LogCapture log) {
        fx = HubFixture.start();
        Channel ch = fx.channel("quota");
        TestSocket master = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "v");
        TestSocket other = fx.viewer(ch.arn(), "w");
        for (int i = 0; i < 6; i++) {
            viewer.send(Frames.js(i % 2 == 0 ? "SDP_OFFER" : "SDP_ANSWER", null, Frames.sdp("offer"), "sdp" + i));
        }
        assertStatus(viewer.next(), "sdp5", "ClientLimitExceededException", "400");
        for (int i = 0; i < 21; i++) {
            viewer.send(Frames.js("ICE_CANDIDATE", null, Frames.candidate(i), i == 20 ? "ice20" : null));
        }
        assertStatus(viewer.next(), "ice20", "ClientLimitExceededException", "400");
        viewer.send(Frames.js("ICE_CANDIDATE", null, Frames.candidate(99), null));
        other.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), "other"));
        await().until(() -> master.received.size() >= 5 + 20 + 1);
        viewer.expectNothing(QUIET);
        assertThat(master.drain()).hasSize(5 + 20 + 1);
        assertThat(fx.dropped("rate_limited")).isEqualTo(3);
        assertThat(log.lines("channel quota, viewer v: signaling frame dropped: More SDP messages per second than "
                + "the quota allows: rate_limited, sent STATUS_RESPONSE ClientLimitExceededException for correlationId "
                + "sdp5")).hasSize(1);
        assertThat(log.lines("channel quota, viewer v: signaling frame dropped: More ICE candidates per second"))
                .as("logged once, though two candidates were dropped").singleElement().asString()
                .endsWith("rate_limited, sent STATUS_RESPONSE ClientLimitExceededException for correlationId ice20");

        fx.advance(Duration.ofMillis(200));
        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), "after"));
        assertThat(master.next().getString("messageType")).isEqualTo("SDP_OFFER");
        viewer.expectNothing(QUIET);
    }

    private int pendingOf(Channel ch) {
        return fx.hub.pendingCount(ch.arn());
    }

    private static void assertStatus(JsonObject frame, String correlationId, String errorType, String statusCode) {
        assertThat(frame.getString("messageType")).isEqualTo("STATUS_RESPONSE");
        assertThat(frame.containsKey("messagePayload")).isFalse();
        assertThat(frame.containsKey("senderClientId")).isFalse();
        JsonObject status = frame.getJsonObject("statusResponse");
        assertThat(status.getString("correlationId")).isEqualTo(correlationId);
        assertThat(status.getString("errorType")).isEqualTo(errorType);
        assertThat(status.getValue("statusCode")).isEqualTo(statusCode);
        assertThat(status.getValue("success")).isEqualTo(false);
    }
}
