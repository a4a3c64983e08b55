package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Fingerprints are read per RFC 8122 §5 and match exactly the certificate they were computed from. */
class FingerprintTest {
    private static final byte[] CERTIFICATE = "not really DER, but bytes all the same".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesTheCertificateItWasComputedFromAndNoOther() throws SdpException {
        for (Fingerprint.Algorithm algorithm : Fingerprint.Algorithm.values()) {
            Fingerprint fingerprint = Fingerprint.parse(Fingerprint.of(algorithm, CERTIFICATE).toAttributeValue());

            assertThat(fingerprint.algorithm()).isEqualTo(algorithm);
            assertThat(fingerprint.value()).hasSize(algorithm.length());
            assertThat(fingerprint.matches(CERTIFICATE)).isTrue();
            byte[] other = CERTIFICATE.clone();
            other[0] ^= 1;
            assertThat(fingerprint.matches(other)).isFalse();
        }
    }

    @Test
    void knownSha256Vector() throws SdpException {
        Fingerprint fingerprint = Fingerprint.of(Fingerprint.Algorithm.SHA_256, "abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(fingerprint.toAttributeValue()).isEqualTo("sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
                + "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD");
    }

    @Test
    void hashNameAndHexAreCaseInsensitive() throws SdpException {
        Fingerprint lower = Fingerprint.parse(AnswerFixtures.FINGERPRINT.toLowerCase().replace("sha-256", "SHA-256"));

        assertThat(lower).isEqualTo(Fingerprint.parse(AnswerFixtures.FINGERPRINT));
        assertThat(lower.hashCode()).isEqualTo(Fingerprint.parse(AnswerFixtures.FINGERPRINT).hashCode());
    }

    @Test
    void valueIsCopiedInAndOut() throws SdpException {
        Fingerprint fingerprint = Fingerprint.parse(AnswerFixtures.FINGERPRINT);
        fingerprint.value()[0] = 0;

        assertThat(fingerprint.toAttributeValue()).isEqualTo(AnswerFixtures.FINGERPRINT);
    }

    @Test
    void refusesMalformedValues() {
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 7B8A1EC4")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 " + AnswerFixtures.FINGERPRINT_HEX + ":00"))
                .hasMessageContaining("(33 bytes)");
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 " + AnswerFixtures.FINGERPRINT_HEX.replace(':', '-')))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 " + AnswerFixtures.FINGERPRINT_HEX.replace("7B:", "7:B")))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> Fingerprint.parse("")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> Fingerprint.parse("md2 00")).hasMessageContaining("'md2' is not supported");
    }
}
