package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peers with RSA certificates, in either role, against our ECDSA endpoint; keys checked against their export. */
class RsaPeerInteropTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ExecutorService toPeer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        toPeer.shutdownNow();
    }

    @Test
    void ourServerAcceptsAnRsaClientAndExportsTheClientKeyAsRemote() throws Exception {
        RsaPeer peer = new RsaPeer();
        DtlsEndpoint server = endpoint(peer, true);
        CompletableFuture<SrtpKeys> keys = CompletableFuture.supplyAsync(() -> handshake(server), threads);
        peer.connect(server);
        SrtpKeys ours = keys.get(10, TimeUnit.SECONDS);
        byte[] material = peer.keyingMaterial;
        assertThat(ours.remoteKey()).isEqualTo(Arrays.copyOfRange(material, 0, 16));
        assertThat(ours.localKey()).isEqualTo(Arrays.copyOfRange(material, 16, 32));
        assertThat(ours.remoteSalt()).isEqualTo(Arrays.copyOfRange(material, 32, 46));
        assertThat(ours.localSalt()).isEqualTo(Arrays.copyOfRange(material, 46, 60));
        server.close();
    }

    @Test
    void ourClientConnectsToAnRsaServerAndExportsTheClientKeyAsLocal() throws Exception {
        RsaPeer peer = new RsaPeer();
        DtlsEndpoint client = endpoint(peer, false);
        CompletableFuture<Void> peerDone = CompletableFuture.runAsync(() -> {
            try {
                peer.accept(client);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, threads);
        SrtpKeys ours = handshake(client);
        peerDone.get(10, TimeUnit.SECONDS);
        byte[] material = peer.keyingMaterial;
        assertThat(ours.localKey()).isEqualTo(Arrays.copyOfRange(material, 0, 16));
        assertThat(ours.remoteKey()).isEqualTo(Arrays.copyOfRange(material, 16, 32));
        assertThat(ours.localSalt()).isEqualTo(Arrays.copyOfRange(material, 32, 46));
        assertThat(ours.remoteSalt()).isEqualTo(Arrays.copyOfRange(material, 46, 60));
        client.close();
    }

    /** Our endpoint with the peer's RSA fingerprint; what it sends lands in the peer's inbox, in order. */
    private DtlsEndpoint endpoint(RsaPeer peer, boolean server) throws Exception {
        RemoteFingerprint fingerprint = new RemoteFingerprint("sha-256",
                MessageDigest.getInstance("SHA-256").digest(RsaPeer.CERTIFICATE_DER));
        return new DtlsEndpoint(DtlsPair.SERVER_CERTIFICATE, fingerprint, server, (buf, off, len) -> {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            toPeer.execute(() -> peer.inbox.add(copy));
        }, DtlsSettings.defaults().withSrtpProfiles(List.of(PROFILE)), () -> { });
    }

    private static SrtpKeys handshake(DtlsEndpoint endpoint) {
        try {
            return endpoint.handshake();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
