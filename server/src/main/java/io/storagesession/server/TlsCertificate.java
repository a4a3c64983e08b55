package io.storagesession.server;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS/WSS certificate: generated into the data dir on first start (self-signed ECDSA P-256, with the public
 * host, {@code localhost} and {@code 127.0.0.1} as subject alternative names), reused afterwards so clients can pin
 * or trust it once. A user who has a real certificate puts its PEM files at the same paths.
 */
public final class TlsCertificate {
    static final String CERT_FILE = "tls/server-cert.pem";
    static final String KEY_FILE = "tls/server-key.pem";
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final int PEM_LINE_LENGTH = 64;

    private TlsCertificate() {
    }

    public record KeyAndCertificate(Path certificate, Path privateKey) {
    }

    public static KeyAndCertificate ensure(DataDir dataDir, String publicHost) throws IOException {
        Path cert = dataDir.resolve(CERT_FILE);
        Path key = dataDir.resolve(KEY_FILE);
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new KeyAndCertificate(cert, key);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + publicHost);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(publicHost)));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            var holder = builder.build(signer);
            dataDir.writeSecret(key, pkcs8Pem(pair.getPrivate()));
            dataDir.writeSecret(cert, pem(holder));
            return new KeyAndCertificate(cert, key);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("could not generate the TLS certificate", e);
        }
    }

    private static GeneralName[] names(String publicHost) {
        Set<String> hosts = new LinkedHashSet<>(List.of(publicHost, "localhost", "127.0.0.1"));
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            if (ip) {
                try {
                    InetAddress.getByName(host);
                    names.add(new GeneralName(GeneralName.iPAddress, host));
                } catch (IOException e) {
                    names.add(new GeneralName(GeneralName.dNSName, host));
                }
            } else {
                names.add(new GeneralName(GeneralName.dNSName, host));
            }
        }
        return names.toArray(new GeneralName[0]);
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), the key format Vert.x and most TLS stacks read for any algorithm. */
    private static String pkcs8Pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(PEM_LINE_LENGTH, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
