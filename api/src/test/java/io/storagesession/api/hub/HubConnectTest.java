package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.testing.LogCapture;
import io.storagesession.api.testing.SigV4Presigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ConnectAsMaster / ConnectAsViewer admission (KVS-WIRE.md §2): verified before the upgrade, refused as KVS errors. */
class HubConnectTest {
    private HubFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void jsStyleMasterAndViewerConnect() {
        fx = HubFixture.start();
        Channel ch = fx.channel("js");
        TestSocket master = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "viewer-1");
        assertThat(master.socket.subProtocol()).isNull();
        await().until(() -> fx.hub.isConnected(ParticipantAddress.master(ch.arn()))
                && fx.hub.isConnected(ParticipantAddress.viewer(ch.arn(), "viewer-1")));
        assertThat(fx.connections("master")).isEqualTo(1);
        assertThat(fx.connections("viewer")).isEqualTo(1);
        assertThat(fx.hub.isConnected(ParticipantAddress.viewer(ch.arn(), "viewer-2"))).isFalse();
        assertThat(fx.metrics.scrape()).contains("kvs_api_latency_seconds_count{operation=\"ConnectAsMaster\"} 1")
                .contains("kvs_api_calls_total{operation=\"ConnectAsViewer\"} 1");
        master.close();
        viewer.close();
    }

    @Test
    void cStyleUrlWithWssSubprotocolGetsItEchoed() {
        fx = HubFixture.start();
        Channel ch = fx.channel("c");
        TestSocket master = fx.connect(fx.cUrl(ch.arn(), null), "wss");
        TestSocket viewer = fx.connect(fx.cUrl(ch.arn(), "ConsumerViewer"), "wss");
        assertThat(master.socket.subProtocol()).isEqualTo("wss");
        assertThat(viewer.socket.subProtocol()).isEqualTo("wss");
        await().until(() -> fx.hub.isConnected(ParticipantAddress.viewer(ch.arn(), "ConsumerViewer")));
    }

    @Test
    void badSignatureIsRefusedWith403BeforeTheUpgrade() {
        fx = HubFixture.start();
        Channel ch = fx.channel("sig");
        String target = fx.jsUrl(ch.arn(), null);
        String tampered = target.replaceAll("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=" + flipFirstHex(target));
        HubFixture.Refusal refusal = fx.refused(tampered);
        assertThat(refusal.status()).isEqualTo(403);
        assertThat(refusal.type()).isEqualTo("InvalidSignatureException");
        assertThat(refusal.errorTypeHeader()).isEqualTo("InvalidSignatureException");
        assertThat(refusal.body().getString("message")).isNotBlank();
        HubFixture.Refusal unsigned = fx.refused("/?X-Amz-ChannelARN=" + ch.arn());
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.type()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(fx.failures("ConnectAsMaster", "InvalidSignatureException")).isEqualTo(1);
        assertThat(fx.hub.roomCount()).isZero();
    }

    @Test
    void aRefusedSignatureIsLoggedWithTheChannelAndParticipantItNamed() {
        fx = HubFixture.start();
        Channel ch = fx.channel("sig-log");
        String target = fx.jsUrl(ch.arn(), "cam-7");
        try (LogCapture log = new LogCapture()) {
            fx.refused(target.replaceAll("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=" + flipFirstHex(target)));
            assertThat(log.lines("channel sig-log, viewer cam-7: ConnectAsViewer refused with "
                    + "InvalidSignatureException: ")).hasSize(1);
        }
    }

    @Test
    void expiredUrlIsRefusedWith403() {
        fx = HubFixture.start();
        Channel ch = fx.channel("expired");
        String target = fx.jsUrl(ch.arn(), "late-viewer");
        fx.advance(Duration.ofSeconds(SigV4Presigner.JS_EXPIRES_SECONDS + 1));
        HubFixture.Refusal refusal = fx.refused(target);
        assertThat(refusal.status()).isEqualTo(403);
        assertThat(refusal.type()).isEqualTo("InvalidSignatureException");
        assertThat(refusal.body().getString("message")).contains("expired");
        assertThat(fx.failures("ConnectAsViewer", "InvalidSignatureException")).isEqualTo(1);
    }

    @Test
    void missingTooLongOrUnknownChannelArnIsRefused() {
        fx = HubFixture.start();
        HubFixture.Refusal missing = fx.refused(fx.jsUrl(null, null));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.type()).isEqualTo("InvalidArgumentException");
        HubFixture.Refusal tooLong = fx.refused(fx.jsUrl("arn:aws:kinesisvideo:us-west-2:123456789012:channel/"
                + "x".repeat(ConnectRequest.MAX_CHANNEL_ARN_LENGTH) + "/1", null));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.type()).isEqualTo("InvalidArgumentException");
        HubFixture.Refusal unknown = fx.refused(fx.jsUrl("arn:aws:kinesisvideo:us-west-2:123456789012:channel/none/1",
                "viewer"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.type()).isEqualTo("ResourceNotFoundException");
        assertThat(fx.failures("ConnectAsViewer", "ResourceNotFoundException")).isEqualTo(1);
        assertThat(fx.hub.roomCount()).isZero();
    }

    @Test
    void reservedOrMalformedClientIdsAreRefused() {
        fx = HubFixture.start();
        Channel ch = fx.channel("ids");
        for (String id : List.of("AWS_viewer", "aws_viewer", "Aws_x", "", "has space", "ü", "x".repeat(257))) {
            HubFixture.Refusal refusal = fx.refused(fx.jsUrl(ch.arn(), id));
            assertThat(refusal.status()).as(id).isEqualTo(400);
            assertThat(refusal.type()).as(id).isEqualTo("InvalidArgumentException");
        }
        fx.viewer(ch.arn(), "AWSviewer");
        fx.viewer(ch.arn(), "x".repeat(256));
        fx.viewer(ch.arn(), "a.b-c_D9");
    }

    @Test
    void eleventhViewerIsRefusedButAReconnectingViewerIsNot() {
        fx = HubFixture.start();
        Channel ch = fx.channel("full");
        List<TestSocket> viewers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            viewers.add(fx.viewer(ch.arn(), "viewer-" + i));
        }
        await().until(() -> fx.connections("viewer") == 10);
        HubFixture.Refusal refusal = fx.refused(fx.jsUrl(ch.arn(), "viewer-10"));
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.type()).isEqualTo("ClientLimitExceededException");
        assertThat(fx.failures("ConnectAsViewer", "ClientLimitExceededException")).isEqualTo(1);
        TestSocket again = fx.viewer(ch.arn(), "viewer-3");
        assertThat(viewers.get(3).awaitClosed()).isEqualTo(CloseReason.REPLACED.code());
        await().until(() -> fx.bridge.disconnected.contains(ParticipantAddress.viewer(ch.arn(), "viewer-3")));
        assertThat(fx.bridge.disconnected).hasSize(1);
        fx.master(ch.arn());
        viewers.get(0).close();
        await().until(() -> fx.connections("viewer") == 9);
        fx.viewer(ch.arn(), "viewer-10");
        assertThat(again.isClosed()).isFalse();
    }

    @Test
    void newestMasterWins() {
        fx = HubFixture.start();
        Channel ch = fx.channel("masters");
        TestSocket first = fx.master(ch.arn());
        TestSocket viewer = fx.viewer(ch.arn(), "v");
        TestSocket second = fx.master(ch.arn());
        assertThat(first.awaitClosed()).isEqualTo(CloseReason.REPLACED.code());
        await().until(() -> fx.connections("master") == 1);
        viewer.send(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), null));
        assertThat(second.next().getString("senderClientId")).isEqualTo("v");
        assertThat(fx.bridge.disconnected).containsExactly(ParticipantAddress.master(ch.arn()));
        assertThat(second.isClosed()).isFalse();
    }

    @Test
    void connectRateIsLimitedPerChannel() {
        try (LogCapture log = new LogCapture()) {
            connectRateIsLimitedPerChannel(log);
        }
    }

    private void connectRateIsLimitedPerChannel(LogCapture log) {
        fx = HubFixture.start(Map.of("signaling.hub.connects-per-second-per-channel", 3));
        Channel ch = fx.channel("rate");
        Channel other = fx.channel("other");
        fx.master(ch.arn());
        fx.viewer(ch.arn(), "v1");
        fx.viewer(ch.arn(), "v2");
        HubFixture.Refusal refusal = fx.refused(fx.jsUrl(ch.arn(), "v3"));
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.type()).isEqualTo("ClientLimitExceededException");
        fx.viewer(other.arn(), "v3");
        fx.advance(Duration.ofMillis(334));
        fx.viewer(ch.arn(), "v3");
        assertThat(fx.refused(fx.jsUrl(ch.arn(), "v4")).type()).isEqualTo("ClientLimitExceededException");
        assertThat(log.lines("channel rate, viewer v3: ConnectAsViewer refused with ClientLimitExceededException: "))
                .as("why a camera's connect failed, with channel and participant").hasSize(1);
        assertThat(log.lines("channel rate, viewer v4: ConnectAsViewer refused with ClientLimitExceededException"))
                .hasSize(1);
    }

    @Test
    void theNumberOfRoomsIsBounded() {
        fx = HubFixture.start(Map.of("signaling.hub.max-rooms", 1));
        Channel first = fx.channel("first");
        Channel second = fx.channel("second");
        TestSocket master = fx.master(first.arn());
        HubFixture.Refusal refusal = fx.refused(fx.jsUrl(second.arn(), null));
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.type()).isEqualTo("ClientLimitExceededException");
        master.close();
        fx.advance(Duration.ofSeconds(1));
        await().until(() -> fx.hub.roomCount() == 0);
        fx.master(second.arn());
    }

    /** Valid connects on channels of their own: only signaling.hub.max-connections can refuse the third. */
    @Test
    void theNumberOfConnectionsIsBoundedOverAllChannels() {
        fx = HubFixture.start(Map.of("signaling.hub.max-connections", 2));
        TestSocket first = fx.master(fx.channel("one").arn());
        fx.viewer(fx.channel("two").arn(), "v");
        Channel third = fx.channel("three");
        HubFixture.Refusal refusal = fx.refused(fx.jsUrl(third.arn(), null));
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.type()).isEqualTo("ClientLimitExceededException");
        assertThat(fx.hub.connectionCount()).isEqualTo(2);
        first.close();
        await().until(() -> fx.hub.connectionCount() == 1);
        fx.master(third.arn());
    }

    @Test
    void aKeyWithoutTheActionIsNotAuthorized() {
        fx = HubFixture.start();
        Channel ch = fx.channel("policy");
        SigV4Presigner limited = new SigV4Presigner(HubFixture.LIMITED_KEY_ID, HubFixture.SECRET, null, HubFixture.REGION);
        HubFixture.Refusal refusal = fx.refused(limited.presign(SigV4Presigner.Style.JS, fx.host(), "/",
                HubFixture.params(ch.arn(), null), fx.clock.instant(), SigV4Presigner.JS_EXPIRES_SECONDS));
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.type()).isEqualTo("NotAuthorizedException");
        fx.connect(limited.presign(SigV4Presigner.Style.JS, fx.host(), "/", HubFixture.params(ch.arn(), "v"),
                fx.clock.instant(), SigV4Presigner.JS_EXPIRES_SECONDS));
    }

    @Test
    void aPlainGetIsAnsweredWithAKvsError() {
        fx = HubFixture.start();
        Channel ch = fx.channel("plain");
        var client = fx.vertx.createHttpClient();
        var response = HubFixture.await(client.request(io.vertx.core.http.HttpMethod.GET, fx.port, "127.0.0.1",
                fx.jsUrl(ch.arn(), null)).compose(r -> r.send()).compose(r -> r.body().map(b -> Map.entry(r, b))));
        assertThat(response.getKey().statusCode()).isEqualTo(400);
        assertThat(response.getKey().getHeader("x-amzn-ErrorType")).isEqualTo("InvalidArgumentException");
        assertThat(response.getValue().toJsonObject().getString("__type")).isEqualTo("InvalidArgumentException");
    }

    private static String flipFirstHex(String target) {
        char c = target.charAt(target.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        return c == '0' ? "1" : "0";
    }
}
