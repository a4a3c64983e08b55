package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();
    /** Whole seconds: X.509 validity dates have no finer resolution (RFC 5280 §4.1.2.5). */
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void fingerprintIsSha256OfTheDerAsUppercaseColonSeparatedHex() throws Exception {
        String fingerprint = CERTIFICATE.fingerprintSha256();
        assertThat(fingerprint).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(CERTIFICATE.encoded());
        assertThat(fingerprint).isEqualTo("sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    }

    @Test
    void theJdkReadsItAsASelfSignedP256CertificateValidForAYear() throws Exception {
        X509Certificate x509 = x509(DtlsCertificate.generate(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC)));
        x509.verify(x509.getPublicKey());
        x509.checkValidity(Date.from(NOW));
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=storage-session");
        assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
        assertThat(x509.getSerialNumber().signum()).isPositive();
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(x509.getNotBefore().toInstant()).as("backdated a day").isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(x509.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void eachGenerationIsFresh() throws Exception {
        DtlsCertificate other = DtlsCertificate.generate();
        assertThat(other.fingerprintSha256()).isNotEqualTo(CERTIFICATE.fingerprintSha256());
        assertThat(x509(other).getPublicKey()).as("a key pair of its own")
                .isNotEqualTo(x509(CERTIFICATE).getPublicKey());
        assertThat(x509(other).getSerialNumber()).isNotEqualTo(x509(CERTIFICATE).getSerialNumber());
    }

    private static X509Certificate x509(DtlsCertificate certificate) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.encoded()));
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
