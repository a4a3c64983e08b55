package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.testing.LogCapture;
import io.storagesession.webrtc.testing.AnswerSdp;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers KVS refuses (KVS-WIRE.md §3) get STATUS_RESPONSE 400 InvalidArgumentException with a description that says
 * what was wrong, and the participant is dropped; other participants of the session are untouched.
 */
class AnswerRefusalTest {
    private static final ParticipantAddress MASTER = ParticipantAddress.master(CHANNEL_ARN);
    private static final ParticipantAddress VIEWER = ParticipantAddress.viewer(CHANNEL_ARN, "v1");
    private SessionFixture fixture;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        log = new LogCapture();
        fixture = new SessionFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        log.close();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("VP8-only video", MASTER, (Consumer<AnswerSdp>) a -> {
                    a.videoCodecs.clear();
                    a.videoCodecs.add("96 VP8/90000|");
                }, "VP8"),
                Arguments.of("master video sendrecv", MASTER, (Consumer<AnswerSdp>) a -> a.videoDirection = "sendrecv",
                        "sendrecv"),
                Arguments.of("viewer sending video", VIEWER, (Consumer<AnswerSdp>) a -> a.videoDirection = "sendonly",
                        "video"),
                Arguments.of("missing fingerprint", MASTER, (Consumer<AnswerSdp>) a -> a.fingerprint = null,
                        "fingerprint"),
                Arguments.of("missing ice-pwd", MASTER, (Consumer<AnswerSdp>) a -> a.pwd = null, "ice-pwd"),
                Arguments.of("PCMU audio", MASTER, (Consumer<AnswerSdp>) a -> {
                    a.audioCodecs.clear();
                    a.audioCodecs.add("0 PCMU/8000|");
                }, "PCMU"),
                Arguments.of("H.264 packetization-mode 0", MASTER, (Consumer<AnswerSdp>) a -> {
                    a.videoCodecs.clear();
                    a.videoCodecs.add("102 H264/90000|packetization-mode=0;profile-level-id=42e01f");
                }, "packetization-mode"),
                Arguments.of("video section rejected (port 0)", MASTER, (Consumer<AnswerSdp>) a -> a.videoPort = 0,
                        "video"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void badAnswersAreRefusedWithADescriptionAndTheParticipantDropped(String name, ParticipantAddress who,
                                                                     Consumer<AnswerSdp> change, String mentions)
            throws Exception {
        if (who.clientId() != null) {
            fixture.joinForOffer(MASTER);
        }
        String offer = fixture.joinForOffer(who);
        AnswerSdp answer = who.clientId() == null ? new AnswerSdp(SessionFixture.attribute(offer, "fingerprint"))
                : AnswerSdp.viewer(SessionFixture.attribute(offer, "fingerprint"));
        change.accept(answer);
        fixture.answer(who, answer.render(), "1700186220273");

        OutboundMessage status = fixture.links.next(who, "STATUS_RESPONSE");
        assertThat(status.statusResponse().correlationId()).isEqualTo("1700186220273");
        assertThat(status.statusResponse().statusCode()).isEqualTo(400);
        assertThat(status.statusResponse().errorType()).isEqualTo("InvalidArgumentException");
        assertThat(status.statusResponse().description()).as(name).containsIgnoringCase(mentions);
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.snapshot().stream()
                .noneMatch(p -> p.participant().toString().equals(who.clientId() == null ? "master"
                        : "viewer " + who.clientId())));
        if (who.clientId() != null) {
            assertThat(fixture.snapshot()).as("the master is untouched").hasSize(1);
        }
        String participant = who.clientId() == null ? "master" : "viewer " + who.clientId();
        assertThat(log.lines("WARN", "channel door, " + participant + ": answer refused: "
                + status.statusResponse().description() + "; sent STATUS_RESPONSE InvalidArgumentException for "
                + "correlationId 1700186220273")).as("the rule is logged with channel and participant").hasSize(1);
    }

    @Test
    void garbageAnswerAndUnknownMlineCandidatesAreRefusedWithoutHarm() throws Exception {
        fixture.joinForOffer(MASTER);
        fixture.send(MASTER, "ICE_CANDIDATE", "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\","
                + "\"sdpMid\":\"7\",\"sdpMLineIndex\":7}", "c1");
        OutboundMessage refused = fixture.links.next(MASTER, "STATUS_RESPONSE");
        assertThat(refused.statusResponse().description()).containsIgnoringCase("m-line");
        assertThat(fixture.snapshot()).as("an unknown m-line candidate does not drop the participant").hasSize(1);

        fixture.send(MASTER, "ICE_CANDIDATE", "not json", "c2");
        assertThat(fixture.links.next(MASTER, "STATUS_RESPONSE").statusResponse().correlationId()).isEqualTo("c2");
        fixture.send(MASTER, "SDP_OFFER", "{\"type\":\"offer\",\"sdp\":\"v=0\"}", "c3");
        assertThat(fixture.links.next(MASTER, "STATUS_RESPONSE").statusResponse().description())
                .containsIgnoringCase("offerer");

        fixture.answer(MASTER, "\u0000\u0001garbage\r\nm=bogus", "c4");
        assertThat(fixture.links.next(MASTER, "STATUS_RESPONSE").statusResponse().correlationId()).isEqualTo("c4");
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.snapshot().isEmpty());

        assertThat(log.lines("channel door, master: ICE candidate refused: ")).as("once, for c1 (c2 is the same "
                + "reason)").singleElement().asString().contains("m-line").endsWith("for correlationId c1");
        assertThat(log.lines("channel door, master: SDP_OFFER refused: The storage session is the offerer"))
                .singleElement().asString().endsWith("sent STATUS_RESPONSE InvalidArgumentException for correlationId c3");
        assertThat(log.lines("channel door, master: answer refused: ")).singleElement().asString()
                .endsWith("for correlationId c4");
    }

    @Test
    void candidatesTheRelayCannotUseAreIgnoredWithoutAStatusButLoggedOncePerKind() throws Exception {
        fixture.joinForOffer(MASTER);
        for (String candidate : List.of("candidate:1 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active",
                "candidate:2 1 tcp 1518280447 127.0.0.1 10 typ host tcptype passive",
                "candidate:3 1 udp 2122260223 4ef5a8b2-7c4b-4b0e-9c7e-8d1f0a6b2c3d.local 50000 typ host")) {
            fixture.send(MASTER, "ICE_CANDIDATE", new io.vertx.core.json.JsonObject().put("candidate", candidate)
                    .put("sdpMid", "0").put("sdpMLineIndex", 0).encode(), "t" + candidate.charAt(10));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log.lines("ICE candidate ignored: a candidate whose "
                + "address is a host name").size() == 1);
        assertThat(log.lines("INFO", "channel door, master: ICE candidate ignored: a TCP candidate")).hasSize(1);
        assertThat(fixture.links.queue(MASTER)).noneMatch(m -> m.messageType().equals("STATUS_RESPONSE"));
        assertThat(fixture.snapshot()).hasSize(1);
    }

    @Test
    void withHostCandidatesOffAHostCandidateIsIgnoredAndARelayedOneIsTaken() throws Exception {
        fixture.close();
        fixture = new SessionFixture(java.util.Map.of("storage-session.ice.host-candidates", false));
        fixture.joinForOffer(MASTER);
        fixture.send(MASTER, "ICE_CANDIDATE", new io.vertx.core.json.JsonObject().put("candidate",
                "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host").put("sdpMid", "0").put("sdpMLineIndex", 0)
                .encode(), "h1");
        fixture.send(MASTER, "ICE_CANDIDATE", new io.vertx.core.json.JsonObject().put("candidate",
                "candidate:2 1 udp 41885439 127.0.0.1 50002 typ relay raddr 0.0.0.0 rport 0").put("sdpMid", "0")
                .put("sdpMLineIndex", 0).encode(), "r1");
        await().atMost(Duration.ofSeconds(5)).until(() -> log.lines("ICE candidate ignored: a host candidate")
                .size() == 1);
        assertThat(log.lines("ICE candidate ignored: a candidate")).isEmpty();
        assertThat(fixture.links.queue(MASTER)).noneMatch(m -> m.messageType().equals("STATUS_RESPONSE"));
    }

    @Test
    void candidatesInAnAcceptedAnswerThatCannotBeUsedAreLoggedInOneLine() throws Exception {
        String offer = fixture.joinForOffer(VIEWER);
        AnswerSdp answer = AnswerSdp.viewer(SessionFixture.attribute(offer, "fingerprint"));
        answer.candidates.add("candidate:1 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active");
        answer.candidates.add("candidate:2 1 udp 2122260223 127.0.0.1 notaport typ host");
        answer.candidates.add("candidate:3 1 udp 2122260223 127.0.0.1 50000 typ host");
        fixture.answer(VIEWER, answer.render(), "a1");

        // AnswerSdp writes its candidates into both m-sections: two unusable ones each
        await().atMost(Duration.ofSeconds(5)).until(() -> !log.lines("channel door, viewer v1: ICE candidates in "
                + "the answer ignored: 4 of them: ").isEmpty());
        assertThat(log.lines("ICE candidates in the answer ignored: ")).singleElement().asString()
                .contains("a TCP candidate", "port 'notaport'");
        assertThat(log.lines("viewer v1: answer refused")).isEmpty();
        assertThat(fixture.links.queue(VIEWER)).noneMatch(m -> m.messageType().equals("STATUS_RESPONSE"));
    }

    @Test
    void withoutACorrelationIdABadAnswerStillDropsTheParticipantButNoStatusIsSent() throws Exception {
        String offer = fixture.joinForOffer(MASTER);
        AnswerSdp answer = new AnswerSdp(SessionFixture.attribute(offer, "fingerprint"));
        answer.videoDirection = "sendrecv";
        fixture.answer(MASTER, answer.render(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.snapshot().isEmpty());
        assertThat(fixture.links.queue(MASTER)).noneMatch(m -> m.messageType().equals("STATUS_RESPONSE"));
        assertThat(log.lines("channel door, master: answer refused: the master's video must be sendonly"))
                .singleElement().asString().endsWith("no STATUS_RESPONSE (the message had no correlationId)");
    }

    @Test
    void messagesWithoutAJoinAreRefused() throws Exception {
        fixture.send(MASTER, "SDP_ANSWER", "{\"type\":\"answer\",\"sdp\":\"v=0\"}", "x1");
        assertThat(fixture.links.next(MASTER, "STATUS_RESPONSE").statusResponse().description())
                .contains("JoinStorageSession");
        assertThat(log.lines("channel door, master: message without a join refused: There is no storage session "
                + "for this channel")).singleElement().asString().endsWith("for correlationId x1");
    }
}
