package io.storagesession.webrtc.srtp;

import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import io.storagesession.webrtc.dtls.DtlsSettings;
import io.storagesession.webrtc.dtls.PacketPath;
import io.storagesession.webrtc.dtls.RemoteFingerprint;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.dtls.SrtpProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** SRTP keys from real DTLS handshakes, one per profile, computed once per test run. */
final class HandshakeKeys {
    /** The two sides of one association: what the DTLS client and the DTLS server exported. */
    record Pair(SrtpKeys client, SrtpKeys server) {
    }

    private static final Map<SrtpProfile, Pair> CACHE = new EnumMap<>(SrtpProfile.class);

    private HandshakeKeys() {
    }

    static synchronized Pair of(SrtpProfile profile) {
        return CACHE.computeIfAbsent(profile, HandshakeKeys::handshake);
    }

    private static Pair handshake(SrtpProfile profile) {
        DtlsCertificate clientCertificate = DtlsCertificate.generate();
        DtlsCertificate serverCertificate = DtlsCertificate.generate();
        DtlsSettings settings = DtlsSettings.defaults().withSrtpProfiles(List.of(profile));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        ExecutorService toClient = Executors.newSingleThreadExecutor();
        ExecutorService toServer = Executors.newSingleThreadExecutor();
        AtomicReference<DtlsEndpoint> serverRef = new AtomicReference<>();
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        DtlsEndpoint client = new DtlsEndpoint(clientCertificate,
                RemoteFingerprint.parse(serverCertificate.fingerprintSha256()), false,
                towards(serverRef, toServer), settings, () -> { });
        DtlsEndpoint server = new DtlsEndpoint(serverCertificate,
                RemoteFingerprint.parse(clientCertificate.fingerprintSha256()), true,
                towards(clientRef, toClient), settings, () -> { });
        clientRef.set(client);
        serverRef.set(server);
        try {
            CompletableFuture<SrtpKeys> serverKeys = CompletableFuture.supplyAsync(() -> run(server), threads);
            SrtpKeys clientKeys = CompletableFuture.supplyAsync(() -> run(client), threads).get(10, TimeUnit.SECONDS);
            return new Pair(clientKeys, serverKeys.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("DTLS handshake for " + profile + " failed", e);
        } finally {
            client.close();
            server.close();
            threads.shutdownNow();
            toClient.shutdownNow();
            toServer.shutdownNow();
        }
    }

    /** Datagrams in order, on the direction's own thread, as a socket reader would deliver them. */
    private static PacketPath towards(AtomicReference<DtlsEndpoint> target, ExecutorService thread) {
        return (buf, off, len) -> {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            thread.execute(() -> target.get().deliver(copy, 0, copy.length));
        };
    }

    private static SrtpKeys run(DtlsEndpoint endpoint) {
        try {
            return endpoint.handshake();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
