package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * TURN over TLS (RFC 8656 §3.1, {@code turns:}): the port of the TLS listener, its certificate, and — when that port is
 * shared with HTTPS, as KVS serves both on 443 — the plain HTTP listener that connections whose first decrypted bytes
 * are not STUN are piped to. The same certificate also lets the plain TURN port run TLS for clients that send a
 * ClientHello to {@code turn:…?transport=tcp} (the KVS C SDK does).
 *
 * @param port        the TLS listener's port; 0 picks a free one
 * @param context     the server certificate's TLS context; null when TLS is off
 * @param httpBackend where HTTP arriving on the TLS port goes, decrypted; null when the port carries only TURN
 */
public record TurnTls(int port, SSLContext context, InetSocketAddress httpBackend) {
    /** No TLS anywhere: the TCP listener speaks plain STUN only. */
    public static final TurnTls OFF = new TurnTls(-1, null, null);

    /** True when a TLS listener runs. */
    public boolean enabled() {
        return context != null && port >= 0;
    }

    /** TLS with the certificate chain and PKCS#8 key in these PEM files. */
    public static TurnTls fromPem(int port, Path certificate, Path privateKey, InetSocketAddress httpBackend)
            throws IOException {
        return new TurnTls(port, TlsContexts.fromPem(certificate, privateKey), httpBackend);
    }

    /**
     * TLS as the settings say: off when {@code turn.tls.port} is -1, else on that port with the PEM files of
     * {@code turn.tls.certificate} and {@code turn.tls.private-key}, which must then be set (the server module fills
     * them with its own generated certificate).
     */
    public static TurnTls from(TurnSettings settings) throws IOException {
        if (settings.tlsPort() < 0) {
            return OFF;
        }
        if (settings.tlsCertificate().isBlank() || settings.tlsPrivateKey().isBlank()) {
            throw new IllegalArgumentException("turn.tls.port " + settings.tlsPort() + " needs turn.tls.certificate "
                    + "and turn.tls.private-key (or turn.tls.port = -1 for no TLS)");
        }
        return fromPem(settings.tlsPort(), Path.of(settings.tlsCertificate()), Path.of(settings.tlsPrivateKey()), null);
    }
}
