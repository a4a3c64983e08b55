package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Hashtable;
import java.util.Vector;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcRSAContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A DTLS-SRTP peer built straight on Bouncy Castle with an RSA certificate, as embedded WebRTC SDKs bring: it checks
 * that our endpoint accepts RSA peers in both roles, and its own keying-material export is an outside view of the
 * RFC 5764 §4.2 layout our keys must follow.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class RsaPeer {
    static final byte[] CERTIFICATE_DER;
    private static final AsymmetricCipherKeyPair KEYS;
    private static final int RSA_BITS = 2048;
    private static final int AES_CM = SrtpProfile.AES_CM_128_HMAC_SHA1_80.protectionProfileId();

    static {
        SecureRandom random = new SecureRandom();
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, RSA_BITS, 80));
        KEYS = generator.generateKeyPair();
        try {
            X500Name name = new X500Name("CN=rsa-peer");
            long now = System.currentTimeMillis();
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
            CERTIFICATE_DER = new X509v3CertificateBuilder(name, BigInteger.TEN, new Date(now - 60_000),
                    new Date(now + 3_600_000), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(KEYS.getPublic()))
                    .build(new BcRSAContentSignerBuilder(signature,
                            new DefaultDigestAlgorithmIdentifierFinder().find(signature)).build(KEYS.getPrivate()))
                    .getEncoded();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    /** The raw exporter output: client_write_key | server_write_key | client_write_salt | server_write_salt. */
    volatile byte[] keyingMaterial;

    /** Runs the handshake as DTLS client towards {@code endpoint}, which must run as server. */
    void connect(DtlsEndpoint endpoint) throws IOException {
        BcTlsCrypto crypto = new BcTlsCrypto();
        new DTLSClientProtocol().connect(new DefaultTlsClient(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            public Hashtable getClientExtensions() throws IOException {
                Hashtable extensions = super.getClientExtensions();
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {AES_CM}, new byte[0]));
                return extensions;
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                        return signer(context, crypto, request.getSupportedSignatureAlgorithms());
                    }
                };
            }

            @Override
            public void notifyHandshakeComplete() {
                keyingMaterial = export(context);
            }
        }, transport(endpoint));
    }

    /** Runs the handshake as DTLS server towards {@code endpoint}, which must run as client. */
    void accept(DtlsEndpoint endpoint) throws IOException {
        BcTlsCrypto crypto = new BcTlsCrypto();
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false);
        protocol.accept(new DefaultTlsServer(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            public Hashtable getServerExtensions() throws IOException {
                Hashtable extensions = super.getServerExtensions();
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {AES_CM}, new byte[0]));
                return extensions;
            }

            @Override
            public CertificateRequest getCertificateRequest() {
                return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign},
                        TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
            }

            @Override
            public void notifyClientCertificate(Certificate clientCertificate) {
            }

            @Override
            protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
                return signer(context, crypto, context.getSecurityParametersHandshake().getClientSigAlgs());
            }

            @Override
            public void notifyHandshakeComplete() {
                keyingMaterial = export(context);
            }
        }, transport(endpoint));
    }

    private static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, Vector sigAlgs)
            throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(CERTIFICATE_DER)});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, KEYS.getPrivate(), chain,
                TlsUtils.chooseSignatureAndHashAlgorithm(context, sigAlgs, SignatureAlgorithm.rsa));
    }

    private static byte[] export(TlsContext context) {
        return context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength());
    }

    private DatagramTransport transport(DtlsEndpoint endpoint) {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                try {
                    byte[] datagram = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
                    if (datagram == null) {
                        return -1;
                    }
                    System.arraycopy(datagram, 0, buf, off, Math.min(len, datagram.length));
                    return Math.min(len, datagram.length);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                endpoint.deliver(buf, off, len);
            }

            @Override
            public void close() {
            }
        };
    }
}
