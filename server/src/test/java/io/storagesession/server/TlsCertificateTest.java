package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateTest {
    @TempDir
    Path dir;

    @Test
    void generatesAReusableP256CertificateForThePublicHostAndLoopback() throws Exception {
        DataDir data = new DataDir(dir);
        var files = TlsCertificate.ensure(data, "media.example.com");
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(files.certificate())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        cert.checkValidity();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
                .containsExactlyInAnyOrder((Object) "media.example.com", "localhost", "127.0.0.1");
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        byte[] before = Files.readAllBytes(files.certificate());
        TlsCertificate.ensure(data, "other.host");
        assertThat(Files.readAllBytes(files.certificate())).isEqualTo(before);
        assertThat(List.of(files.certificate(), files.privateKey())).allMatch(Files::isRegularFile);
    }
}
