package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The JSON payloads of SDP and ICE_CANDIDATE frames (KVS-WIRE.md §2), read strictly and written exactly. */
class SignalingPayloadTest {
    private static final String HOST = "candidate:1 1 udp 2122260223 10.0.0.5 50000 typ host";

    @Test
    void readsABrowsersCandidateWithUsernameFragment() throws SdpException {
        CandidateMessage m = CandidateMessage.parse("{\"candidate\":\"" + HOST + "\",\"sdpMid\":\"1\","
                + "\"sdpMLineIndex\":1,\"usernameFragment\":\"Gx7q\",\"extra\":[1,2]}");

        assertThat(m).isEqualTo(new CandidateMessage(HOST, "1", 1, "Gx7q"));
        assertThat(m.isEndOfCandidates()).isFalse();
        assertThat(m.iceCandidate().port()).isEqualTo(50000);
        assertThat(m.offerMLineIndex()).isEqualTo(1);
    }

    @Test
    void readsTheCSdksCandidateAndEndOfCandidates() throws SdpException {
        CandidateMessage cSdk = CandidateMessage.parse("{\"candidate\":\"" + HOST + "\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0}");
        CandidateMessage end = CandidateMessage.parse("{\"candidate\":\"\",\"sdpMid\":null}");

        assertThat(cSdk.offerMLineIndex()).isZero();
        assertThat(end.isEndOfCandidates()).isTrue();
        assertThat(end.sdpMid()).isNull();
        assertThat(end.sdpMLineIndex()).isNull();
    }

    @Test
    void aKnownMidDecidesElseTheIndexElseUnknownMLine() throws SdpException {
        assertThat(new CandidateMessage(HOST, "0", 5, null).offerMLineIndex()).isZero();
        assertThat(new CandidateMessage(HOST, "audio", 1, null).offerMLineIndex()).isEqualTo(1);
        assertThat(new CandidateMessage(HOST, null, 0, null).refersToOffer()).isTrue();
        assertThat(new CandidateMessage(HOST, "7", 2, null).refersToOffer()).isFalse();
        assertThatThrownBy(() -> new CandidateMessage(HOST, null, null, null).offerMLineIndex())
                .hasMessage("unknown m-line: the candidate names sdpMid null and sdpMLineIndex null, but the offer "
                        + "has only mids 0 and 1");
        assertThatThrownBy(() -> new CandidateMessage(HOST, "7", 2, null).offerMLineIndex())
                .hasMessageStartingWith("unknown m-line: the candidate names sdpMid '7' and sdpMLineIndex 2");
    }

    @Test
    void refusesWrongTypesAndNonJson() {
        assertThatThrownBy(() -> CandidateMessage.parse("{\"candidate\":5}"))
                .hasMessage("'candidate' in the ICE candidate message must be a string");
        assertThatThrownBy(() -> CandidateMessage.parse("{\"candidate\":\"\",\"sdpMid\":0}"))
                .hasMessage("'sdpMid' in the ICE candidate message must be a string");
        for (String index : new String[] {"\"0\"", "-1", "1.5", "4294967296", "true", "{}"}) {
            assertThatThrownBy(() -> CandidateMessage.parse("{\"candidate\":\"\",\"sdpMLineIndex\":" + index + "}"))
                    .as(index).hasMessage("'sdpMLineIndex' in the ICE candidate message must be a non-negative "
                            + "integer");
        }
        assertThatThrownBy(() -> CandidateMessage.parse("{\"sdpMid\":\"0\"}"))
                .hasMessage("the ICE candidate message has no 'candidate'");
        assertThatThrownBy(() -> CandidateMessage.parse("candidate:1 1 udp 1 10.0.0.1 1 typ host"))
                .hasMessage("the ICE candidate message is not valid JSON");
        assertThatThrownBy(() -> CandidateMessage.parse("[1]")).hasMessage("the ICE candidate message must be a JSON object");
        assertThatThrownBy(() -> CandidateMessage.parse("\"x\"")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> CandidateMessage.parse("null")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> CandidateMessage.parse(" ")).hasMessage("the ICE candidate message is empty");
        assertThatThrownBy(() -> CandidateMessage.parse(null)).isInstanceOf(SdpException.class);
    }

    @Test
    void refusesTooLongAndTooDeep() {
        String longOne = "{\"candidate\":\"" + "x".repeat(CandidateMessage.MAX_JSON_LENGTH) + "\"}";
        String deep = "{\"a\":".repeat(4000) + "1" + "}".repeat(4000);

        assertThatThrownBy(() -> CandidateMessage.parse(longOne))
                .hasMessage("the ICE candidate message is longer than 10240 characters");
        assertThatThrownBy(() -> CandidateMessage.parse(deep)).isInstanceOf(SdpException.class);
    }

    @Test
    void writesTheServersCandidateInExactlyTheKvsShape() throws SdpException {
        IceCandidate relay = IceCandidate.relay("r1", 16777215L, "198.51.100.9", 49170, "203.0.113.1", 3478);
        CandidateMessage message = CandidateMessage.of(relay, OfferBuilder.VIDEO_MLINE_INDEX);

        assertThat(message.toJson()).isEqualTo("{\"candidate\":\"candidate:r1 1 udp 16777215 198.51.100.9 49170 "
                + "typ relay raddr 203.0.113.1 rport 3478 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        assertThat(CandidateMessage.parse(message.toJson())).isEqualTo(message);
    }

    @Test
    void readsAnAnswerAndWritesAnOffer() throws SdpException {
        SdpMessage answer = SdpMessage.parseAnswer("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 "
                + "127.0.0.1\\r\\n\"}");
        SdpMessage offer = SdpMessage.offer("v=0\r\ns=-\r\n");

        assertThat(answer.type()).isEqualTo(SdpMessage.Type.ANSWER);
        assertThat(answer.sdp()).isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
        assertThat(offer.toJson()).isEqualTo("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\ns=-\\r\\n\"}");
        assertThat(SdpMessage.parse(offer.toJson())).isEqualTo(offer);
    }

    @Test
    void theChromeAnswerSurvivesTheJsonRoundTrip() throws SdpException {
        String json = new SdpMessage(SdpMessage.Type.ANSWER, AnswerFixtures.chromeMaster()).toJson();

        assertThat(AnswerValidator.validate(SdpMessage.parseAnswer(json).sdp(),
                io.storagesession.api.bridge.Role.MASTER).video().payloadTypes()).hasSize(4);
    }

    @Test
    void refusesAnythingButAnAnswerFromAParticipant() {
        assertThatThrownBy(() -> SdpMessage.parseAnswer("{\"type\":\"offer\",\"sdp\":\"v=0\"}"))
                .hasMessage("the storage session is always the offerer, so it expects an SDP of type \"answer\", "
                        + "got \"offer\"");
        assertThatThrownBy(() -> SdpMessage.parseAnswer("{\"type\":\"pranswer\",\"sdp\":\"v=0\"}"))
                .hasMessage("the SDP message's type must be \"offer\" or \"answer\", got \"pranswer\"");
        assertThatThrownBy(() -> SdpMessage.parseAnswer("{\"type\":\"Answer\",\"sdp\":\"v=0\"}"))
                .hasMessageContaining("got \"Answer\"");
        assertThatThrownBy(() -> SdpMessage.parseAnswer("{\"type\":\"answer\"}"))
                .hasMessage("the SDP message has no 'sdp'");
        assertThatThrownBy(() -> SdpMessage.parseAnswer("{\"type\":\"answer\",\"sdp\":[\"v=0\"]}"))
                .hasMessage("'sdp' in the SDP message must be a string");
        assertThatThrownBy(() -> SdpMessage.parseAnswer("{\"type\":\"answer\""))
                .hasMessage("the SDP message is not valid JSON");
    }
}
