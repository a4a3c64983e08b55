package io.storagesession.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Trust in exactly the certificate the server generated into its data dir ({@code tls/server-cert.pem}). */
final class ServerCertificate {
    private ServerCertificate() {
    }

    static Path of(Path dataDir) {
        return dataDir.resolve("tls/server-cert.pem");
    }

    static TrustManager[] trustManagers(Path certificatePem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(certificatePem)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /** A client TLS context that trusts only this certificate. */
    static SSLContext trusting(Path certificatePem) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(certificatePem), null);
        return context;
    }
}
