package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Vector;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The server's DTLS identity: one self-signed ECDSA P-256 certificate per process, generated at start (a few ms).
 * WebRTC never validates a chain; the peer checks our certificate against the fingerprint we put in the SDP
 * (RFC 5763 §5, RFC 8122 §5), so a fresh self-signed certificate is all it takes. ECDSA rather than RSA because key
 * generation is instant and every browser and libwebrtc build accepts it (RFC 8827 §6.5 requires P-256 support).
 */
public final class DtlsCertificate {
    private static final String COMMON_NAME = "storage-session";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String CURVE = "secp256r1";
    private static final String FINGERPRINT_ALGORITHM = "sha-256";
    private static final String JDK_FINGERPRINT_DIGEST = "SHA-256";
    /** Backdated so that a peer whose clock is a little behind ours does not see a not-yet-valid certificate. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(365);
    /** RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 63 random bits plus one stays positive. */
    private static final int SERIAL_BITS = 63;
    private static final HexFormat SDP_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprintSha256;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprintSha256 = FINGERPRINT_ALGORITHM + " " + SDP_HEX.formatHex(sha256(der));
    }

    /** Generates a fresh key pair and certificate valid from a day ago to a year ahead. */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom(), Clock.systemUTC());
    }

    static DtlsCertificate generate(SecureRandom random, Clock clock) {
        X9ECParameters curve = CustomNamedCurves.getByName(CURVE);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        // Named (not explicit) domain parameters so that the certificate carries the curve OID peers expect.
        generator.init(new ECKeyGenerationParameters(
                new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

        Instant now = clock.instant();
        X500Name name = new X500Name("CN=" + COMMON_NAME);
        BigInteger serial = new BigInteger(SERIAL_BITS, random).add(BigInteger.ONE);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signatureAlgorithm =
                    new DefaultSignatureAlgorithmIdentifierFinder().find(SIGNATURE_ALGORITHM);
            AlgorithmIdentifier digestAlgorithm = new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
            byte[] der = builder.build(new BcECContentSignerBuilder(signatureAlgorithm, digestAlgorithm)
                    .build(keyPair.getPrivate())).getEncoded();
            return new DtlsCertificate(der, keyPair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a self-signed certificate failed", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Bouncy Castle has no " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    /** The SDP {@code a=fingerprint} value: {@code sha-256 AB:CD:…} over the certificate's DER (RFC 8122 §5). */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    /** The certificate's DER encoding (a copy). */
    public byte[] encoded() {
        return der.clone();
    }

    /** The certificate as a one-element chain for the given crypto, as the handshake sends it. */
    Certificate chain(BcTlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    /**
     * Credentials that sign with our key, using the ECDSA signature-and-hash pair the peer listed (RFC 5246
     * §7.4.1.4.1) — SHA-256 when it offers it, which every WebRTC stack does.
     *
     * @param peerSignatureAlgorithms the peer's {@code signature_algorithms} (client) or those of its
     *     CertificateRequest (server)
     */
    TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, Vector<?> peerSignatureAlgorithms)
            throws IOException {
        SignatureAndHashAlgorithm algorithm =
                TlsUtils.chooseSignatureAndHashAlgorithm(context, peerSignatureAlgorithms, SignatureAlgorithm.ecdsa);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey,
                chain(crypto), algorithm);
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprintSha256 + "]";
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance(JDK_FINGERPRINT_DIGEST).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }
}
