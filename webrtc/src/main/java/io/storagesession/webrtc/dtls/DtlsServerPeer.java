package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our side as DTLS 1.2 server (RFC 6347), used when the remote answered {@code a=setup:active} (RFC 5763 §5). It
 * signs with our ECDSA certificate, so only ECDHE_ECDSA suites are offered — left to itself Bouncy Castle would pick
 * an RSA suite and then find no RSA credentials. It always asks for the client's certificate, since that certificate
 * is the one thing that proves the DTLS client is the peer that signalled the fingerprint.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // Bouncy Castle's TLS API still speaks raw Hashtable and Vector
final class DtlsServerPeer extends DefaultTlsServer {
    /** RFC 8827 §6.5 makes the first mandatory for WebRTC; the rest cover older or CBC-only stacks. */
    private static final int[] ECDSA_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };
    /** Peers bring ECDSA (browsers, libwebrtc) or RSA (e.g. embedded SDKs) certificates; both are fine. */
    private static final short[] CLIENT_CERTIFICATE_TYPES = {
        ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign,
    };

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsSrtpNegotiation negotiation;
    private final PeerEvents events;
    private final int handshakeTimeoutMillis;

    DtlsServerPeer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsSrtpNegotiation negotiation,
            PeerEvents events, int handshakeTimeoutMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.negotiation = negotiation;
        this.events = events;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return ECDSA_CIPHER_SUITES.clone();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** RFC 7627 §5.4: keying material may only be exported from an extended master secret. */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    /** The certificate is authenticated by its fingerprint (RFC 5763 §5), not by how it was signed. */
    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        return false;
    }

    /** We never renegotiate (Bouncy Castle denies it by default), so RFC 5746 has nothing to protect. */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        negotiation.select(TlsSRTPUtils.getUseSRTPExtension(clientExtensions));
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable serverExtensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(serverExtensions, negotiation.answer());
        return serverExtensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(CLIENT_CERTIFICATE_TYPES.clone(),
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        negotiation.verifyPeer(clientCertificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return certificate.signer(context, crypto, context.getSecurityParametersHandshake().getClientSigAlgs());
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        negotiation.exportKeys(context);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        events.alertReceived(alertLevel, alertDescription);
    }
}
