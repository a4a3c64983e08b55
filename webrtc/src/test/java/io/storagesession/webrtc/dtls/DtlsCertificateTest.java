package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();

    @Test
    void fingerprintIsSha256OfTheDerAsUppercaseColonSeparatedHex() throws Exception {
        String fingerprint = CERTIFICATE.fingerprintSha256();
        assertThat(fingerprint).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(CERTIFICATE.encoded());
        assertThat(fingerprint).isEqualTo("sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    }

    @Test
    void theJdkReadsItAsASelfSignedP256CertificateValidForAYear() throws Exception {
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CERTIFICATE.encoded()));
        x509.verify(x509.getPublicKey());
        x509.checkValidity();
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=storage-session");
        assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
        assertThat(x509.getSerialNumber().signum()).isPositive();
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        Instant now = Instant.now();
        assertThat(Duration.between(x509.getNotBefore().toInstant(), now)).isBetween(
                Duration.ofHours(23), Duration.ofHours(25));
        assertThat(Duration.between(now, x509.getNotAfter().toInstant())).isBetween(
                Duration.ofDays(364), Duration.ofDays(366));
    }

    @Test
    void eachGenerationIsFreshAndFast() {
        long start = System.nanoTime();
        DtlsCertificate other = DtlsCertificate.generate();
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(millis).isLessThan(100);
        assertThat(other.fingerprintSha256()).isNotEqualTo(CERTIFICATE.fingerprintSha256());
    }

    @Test
    void itsOwnFingerprintMatchesItAndNoOther() {
        RemoteFingerprint fingerprint = RemoteFingerprint.parse(CERTIFICATE.fingerprintSha256());
        assertThat(fingerprint.matches(CERTIFICATE.encoded())).isTrue();
        byte[] tampered = CERTIFICATE.encoded();
        tampered[tampered.length - 1] ^= 1;
        assertThat(fingerprint.matches(tampered)).isFalse();
        assertThat(fingerprint.matches(DtlsCertificate.generate().encoded())).isFalse();
    }
}
