package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** A DTLS client and server endpoint wired back to back over two {@link LoopbackPath}s, each with its own thread. */
final class DtlsPair implements AutoCloseable {
    static final DtlsCertificate CLIENT_CERTIFICATE = DtlsCertificate.generate();
    static final DtlsCertificate SERVER_CERTIFICATE = DtlsCertificate.generate();

    final LoopbackPath toServer = new LoopbackPath("to-server");
    final LoopbackPath toClient = new LoopbackPath("to-client");
    final AtomicInteger clientRemoteCloses = new AtomicInteger();
    final AtomicInteger serverRemoteCloses = new AtomicInteger();
    final DtlsEndpoint client;
    final DtlsEndpoint server;
    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    DtlsPair(DtlsSettings clientSettings, DtlsSettings serverSettings) {
        this(clientSettings, serverSettings, fingerprintOf(SERVER_CERTIFICATE), fingerprintOf(CLIENT_CERTIFICATE));
    }

    DtlsPair(DtlsSettings clientSettings, DtlsSettings serverSettings, RemoteFingerprint clientExpects,
            RemoteFingerprint serverExpects) {
        client = new DtlsEndpoint(CLIENT_CERTIFICATE, clientExpects, false, toServer, clientSettings,
                clientRemoteCloses::incrementAndGet);
        server = new DtlsEndpoint(SERVER_CERTIFICATE, serverExpects, true, toClient, serverSettings,
                serverRemoteCloses::incrementAndGet);
        toServer.connectTo(server);
        toClient.connectTo(client);
    }

    static RemoteFingerprint fingerprintOf(DtlsCertificate certificate) {
        return RemoteFingerprint.parse(certificate.fingerprintSha256());
    }

    CompletableFuture<SrtpKeys> startClient() {
        return start(client);
    }

    CompletableFuture<SrtpKeys> startServer() {
        return start(server);
    }

    private CompletableFuture<SrtpKeys> start(DtlsEndpoint endpoint) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return endpoint.handshake();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers);
    }

    /** The IOException a handshake failed with, waiting at most {@code seconds}; fails if it succeeded. */
    static IOException failureOf(CompletableFuture<SrtpKeys> handshake, int seconds)
            throws InterruptedException, TimeoutException {
        try {
            SrtpKeys keys = handshake.get(seconds, TimeUnit.SECONDS);
            throw new AssertionError("handshake succeeded with " + keys);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException unchecked) {
                return unchecked.getCause();
            }
            throw new AssertionError("handshake failed with an unexpected exception", e.getCause());
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        toServer.close();
        toClient.close();
        workers.shutdownNow();
    }
}
