package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HubFrameParserTest {
    private final FrameParser parser = new FrameParser(10 * 1024);

    @Test
    void readsJsCamelCase() {
        ClientFrame frame = parser.parse(Frames.js("SDP_OFFER", null, Frames.sdp("offer"), "1700186220273").encode());
        assertThat(frame).isEqualTo(new ClientFrame("SDP_OFFER", null, Frames.sdp("offer"), "1700186220273"));
        parser.checkPayload(frame);
    }

    @Test
    void readsCPascalCaseIgnoringUnknownKeysAndEmptyRecipient() {
        ClientFrame frame = parser.parse(Frames.c("SDP_ANSWER", null, Frames.sdp("answer"), "42").encode());
        assertThat(frame).isEqualTo(new ClientFrame("SDP_ANSWER", null, Frames.sdp("answer"), "42"));
        ClientFrame shouting = parser.parse(new JsonObject().put("ACTION", "ICE_CANDIDATE")
                .put("RECIPIENTCLIENTID", "viewer-1").put("MESSAGEPAYLOAD", Frames.candidate(1)).encode());
        assertThat(shouting.recipientClientId()).isEqualTo("viewer-1");
        assertThat(shouting.isSdp()).isFalse();
    }

    @Test
    void acceptsANumericCorrelationId() {
        ClientFrame frame = parser.parse(new JsonObject().put("action", "ICE_CANDIDATE")
                .put("messagePayload", Frames.candidate(1)).put("correlationId", 1700186220273L).encode());
        assertThat(frame.correlationId()).isEqualTo("1700186220273");
    }

    @Test
    void rejectsWhatIsNotAFrameObject() {
        for (String text : new String[] {"not json", "[1,2]", "null", "\"text\"", "{", ""}) {
            FrameRejection r = catchThrowableOfType(FrameRejection.class, () -> parser.parse(text));
            assertThat(r).as(text).isNotNull();
            assertThat(r.reason()).as(text).isEqualTo(DropReason.INVALID_JSON);
            assertThat(r.correlationId()).isNull();
        }
    }

    @Test
    void rejectsUnknownActionsKeepingTheCorrelationId() {
        FrameRejection r = catchThrowableOfType(FrameRejection.class,
                () -> parser.parse(Frames.js("GO_AWAY", null, Frames.sdp("offer"), "7").encode()));
        assertThat(r.reason()).isEqualTo(DropReason.UNKNOWN_ACTION);
        assertThat(r.correlationId()).isEqualTo("7");
        FrameRejection typed = catchThrowableOfType(FrameRejection.class, () -> parser.parse(new JsonObject()
                .put("action", new JsonArray()).put("correlationId", "8").encode()));
        assertThat(typed.reason()).isEqualTo(DropReason.INVALID_FRAME);
        assertThat(typed.correlationId()).isEqualTo("8");
    }

    @Test
    void payloadMustBeBase64OfAJsonObjectWithinTheLimit() {
        assertPayload(null, DropReason.INVALID_PAYLOAD);
        assertPayload("", DropReason.INVALID_PAYLOAD);
        assertPayload("%%%not-base64%%%", DropReason.INVALID_PAYLOAD);
        assertPayload(Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8)),
                DropReason.INVALID_PAYLOAD);
        assertPayload(Base64.getEncoder().encodeToString("[1]".getBytes(StandardCharsets.UTF_8)),
                DropReason.INVALID_PAYLOAD);
        assertPayload(Frames.base64(new JsonObject().put("sdp", "x".repeat(20 * 1024))), DropReason.PAYLOAD_TOO_LARGE);
        String exactly = Frames.base64(new JsonObject().put("sdp", "x".repeat(10 * 1024 - "{\"sdp\":\"\"}".length())));
        parser.checkPayload(new ClientFrame("SDP_OFFER", null, exactly, null));
        String oneOver = Frames.base64(new JsonObject().put("sdp", "x".repeat(10 * 1024 + 1 - "{\"sdp\":\"\"}".length())));
        assertPayload(oneOver, DropReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void acceptsUnpaddedBase64() {
        String padded = Frames.candidate(3);
        parser.checkPayload(new ClientFrame("ICE_CANDIDATE", null, padded.replace("=", ""), null));
    }

    private void assertPayload(String payload, DropReason expected) {
        FrameRejection r = catchThrowableOfType(FrameRejection.class,
                () -> parser.checkPayload(new ClientFrame("SDP_OFFER", null, payload, "c")));
        assertThat(r).as(String.valueOf(payload)).isNotNull();
        assertThat(r.reason()).isEqualTo(expected);
        assertThat(r.correlationId()).isEqualTo("c");
    }
}
