package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the signaling WebSocket's client frames ({@link FrameParser}, KVS-WIRE.md §2): the text
 * a viewer or master sends, read with the configured payload limit. The contract: any text is a {@link ClientFrame}
 * with one of the three actions or a {@link FrameRejection} with its reason, never another exception; a correlationId
 * echoed is at most 256 characters; a frame's payload passes or is refused with a reason. The round trip: the fields
 * of a frame that parsed, written again as a frame, parse to the same frame. Without {@code JAZZER_FUZZ} only the
 * seeds under {@code FrameParserFuzzTestInputs} run (README "Fuzzing").
 */
class FrameParserFuzzTest {
    private static final FrameParser PARSER =
            new FrameParser(HubSettings.from(ConfigFactory.defaultReference()).maxPayloadBytes());

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void frames(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ClientFrame frame;
        try {
            frame = PARSER.parse(text);
        } catch (FrameRejection refused) {
            assertThat(refused.reason()).isNotNull();
            return;
        }
        assertThat(frame.action()).isIn(FrameParser.SDP_OFFER, FrameParser.SDP_ANSWER, FrameParser.ICE_CANDIDATE);
        if (frame.correlationId() != null) {
            assertThat(frame.correlationId()).isNotEmpty().hasSizeLessThanOrEqualTo(
                    FrameParser.MAX_CORRELATION_ID_LENGTH);
        }
        assertThat(frame.recipientClientId()).isNotEqualTo("");
        try {
            PARSER.checkPayload(frame);
        } catch (FrameRejection refused) {
            assertThat(refused.reason()).isNotNull();
            assertThat(refused.correlationId()).isEqualTo(frame.correlationId());
        }
        String written = new JsonObject().put("action", frame.action())
                .put("RecipientClientId", frame.recipientClientId()).put("messagePayload", frame.messagePayload())
                .put("correlationId", frame.correlationId()).encode();
        assertThat(PARSER.parse(written)).isEqualTo(frame);
    }
}
