package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.api.bridge.Role;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of what a participant sends during offer/answer: the SDP answer with the storage session's
 * rules ({@link AnswerValidator}, KVS-WIRE.md §3), ICE candidates ({@link IceCandidate}, RFC 8839 §5.1) and the JSON
 * payloads of the SDP_ANSWER and ICE_CANDIDATE frames ({@link SdpMessage}, {@link CandidateMessage}). The contract of
 * this package: every parser either returns a value or refuses with an {@link SdpException} whose message can go
 * back to the participant, never another exception, within its size bounds. Where the server writes what it reads,
 * the round trip holds: a candidate written by {@link IceCandidate#toAttribute} and a payload written by
 * {@code toJson} read back equal. Inputs are decoded as UTF-8, as the frames are. Without {@code JAZZER_FUZZ} only the
 * seeds under {@code AnswerValidatorFuzzTestInputs} run (README "Fuzzing").
 */
class AnswerValidatorFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void answers(byte[] input) {
        String sdp = new String(input, StandardCharsets.UTF_8);
        for (Role role : Role.values()) {
            try {
                Answer answer = AnswerValidator.validate(sdp, role);
                assertThat(answer.iceUfrag()).isNotEmpty();
                assertThat(answer.icePwd()).isNotEmpty();
                assertThat(answer.fingerprint()).isNotNull();
                assertThat(answer.serverDtlsRole()).isNotNull();
                assertThat(answer.video()).isNotNull();
                assertThat(answer.audio()).isNotNull();
                assertThat(answer.candidates().size() + answer.unparsedCandidates().size())
                        .isLessThanOrEqualTo(AnswerValidator.MAX_EMBEDDED_CANDIDATES);
            } catch (SdpException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void candidates(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            IceCandidate candidate = IceCandidate.parse(text);
            assertThat(IceCandidate.parse(candidate.toAttribute())).isEqualTo(candidate);
        } catch (SdpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            CandidateMessage message = CandidateMessage.parse(text);
            CandidateMessage again = CandidateMessage.parse(message.toJson());
            assertThat(again.candidate()).isEqualTo(message.candidate());
            assertThat(again.sdpMid()).isEqualTo(message.sdpMid());
            assertThat(again.sdpMLineIndex()).isEqualTo(message.sdpMLineIndex());
            message.refersToOffer();
            if (!message.isEndOfCandidates()) {
                message.iceCandidate();
            }
        } catch (SdpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void sdpPayloads(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        try {
            SdpMessage message = SdpMessage.parse(json);
            assertThat(SdpMessage.parse(message.toJson())).isEqualTo(message);
            SessionDescription description = SessionDescription.parse(message.sdp());
            assertThat(description.media()).hasSizeLessThanOrEqualTo(SessionDescription.MAX_MEDIA_SECTIONS);
        } catch (SdpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
