package io.storagesession.bench.session.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.OfferCodecs;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.sdp.Answer;
import io.storagesession.webrtc.sdp.AnswerValidator;
import io.storagesession.webrtc.sdp.LocalDescription;
import io.storagesession.webrtc.sdp.OfferBuilder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The simulated participant reads the server's real offer (OfferBuilder) and writes answers the server's own
 * AnswerValidator accepts, for both roles; the offer reader refuses hostile input with IllegalArgumentException only.
 */
class OfferAndAnswerTest {
    private static final String FINGERPRINT = DtlsCertificate.generate().fingerprintSha256();
    private static final int FUZZ_ROUNDS = 5_000;
    private static final String NOISE = " :=/\r\n0a-;";

    private static String serverOffer(Role role) {
        return OfferBuilder.offer(new LocalDescription(role, "abcd1234", "0123456789abcdefghijklmn", FINGERPRINT, 7,
                11, 22, 33, "cname"));
    }

    @Test
    void readsTheServersOffer() {
        Offer offer = Offer.parse(serverOffer(Role.VIEWER));
        assertThat(offer.iceUfrag()).isEqualTo("abcd1234");
        assertThat(offer.icePwd()).isEqualTo("0123456789abcdefghijklmn");
        assertThat(offer.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(offer.h264PayloadType()).isEqualTo(OfferCodecs.H264_CONSTRAINED_BASELINE.payloadType());
        assertThat(offer.rtxPayloadType()).isEqualTo(OfferCodecs.H264_CONSTRAINED_BASELINE.rtxPayloadType());
        assertThat(offer.opusPayloadType()).isEqualTo(OfferCodecs.OPUS_PAYLOAD_TYPE);
        assertThat(offer.audioLevelExtensionId()).isEqualTo(OfferCodecs.AUDIO_LEVEL.id());
        assertThat(offer.videoSsrc()).isEqualTo(22);
        assertThat(offer.videoRtxSsrc()).isEqualTo(33);
    }

    @Test
    void theServerAcceptsTheMastersAnswer() throws Exception {
        Offer offer = Offer.parse(serverOffer(Role.MASTER));
        Answer answer = AnswerValidator.validate(AnswerSdp.write(offer, true, "ufrg", "0123456789012345678901",
                FINGERPRINT, "m", 1, 2, 3), Role.MASTER);
        assertThat(answer.video().ssrcs()).contains(1L, 2L);
        assertThat(answer.audio().ssrcs()).contains(3L);
    }

    @Test
    void theServerAcceptsTheViewersAnswer() throws Exception {
        Offer offer = Offer.parse(serverOffer(Role.VIEWER));
        Answer answer = AnswerValidator.validate(AnswerSdp.write(offer, false, "ufrg", "0123456789012345678901",
                FINGERPRINT, "v", 1, 2, 3), Role.VIEWER);
        assertThat(answer.audio().ssrcs()).containsExactly(3L);
    }

    @Test
    void refusesOffersItCannotAnswer() {
        String offer = serverOffer(Role.VIEWER);
        assertThatThrownBy(() -> Offer.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Offer.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Offer.parse("x".repeat(Offer.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Offer.parse(offer.replace("packetization-mode=1", "packetization-mode=0")))
                .hasMessageContaining("H.264");
        assertThatThrownBy(() -> Offer.parse(offer.replace("opus/48000/2", "PCMU/8000")))
                .hasMessageContaining("opus");
        assertThatThrownBy(() -> Offer.parse(offer.replace("a=fingerprint", "a=x-fingerprint")))
                .hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> Offer.parse(offer.replace("m=audio", "m=video")))
                .hasMessageContaining("exactly one");
    }

    @Test
    void hostileOffersThrowOnlyIllegalArgument() {
        String offer = serverOffer(Role.VIEWER);
        Random random = new Random(1);
        for (int round = 0; round < FUZZ_ROUNDS; round++) {
            char[] text = offer.toCharArray();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                text[random.nextInt(text.length)] = NOISE.charAt(random.nextInt(NOISE.length()));
            }
            String mutated = new String(text, 0, random.nextInt(text.length + 1));
            try {
                Offer.parse(mutated);
            } catch (IllegalArgumentException expected) {
                // refused, as it may be
            }
        }
    }
}
