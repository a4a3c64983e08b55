package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Loss, floods, junk and endings: the endpoint must neither crash, hang, nor grow. */
class DtlsEndpointRobustnessTest {
    private static final int SECONDS = 10;
    private static final byte HANDSHAKE = 22;
    private static final byte ALERT = 21;
    private static final byte CHANGE_CIPHER_SPEC = 20;
    private static final int DTLS_RECORD_HEADER = 13;
    private static final int CERTIFICATE_VERIFY = 15;

    @Test
    void garbageBeforeDuringAndAfterTheHandshakeIsIgnored() throws Exception {
        List<byte[]> garbage = garbage(new Random(7));
        // Room for the junk queued ahead of every real datagram: a fuller queue would drop real ones, by design.
        DtlsSettings settings = DtlsSettings.defaults().withReceiveQueueCapacity(4 * garbage.size());
        try (DtlsPair pair = new DtlsPair(settings, settings)) {
            deliverAll(pair.server, garbage);
            deliverAll(pair.client, garbage);
            pair.toServer.injectBeforeEach(garbage.toArray(byte[][]::new));
            pair.toClient.injectBeforeEach(garbage.toArray(byte[][]::new));

            CompletableFuture<SrtpKeys> server = pair.startServer();
            SrtpKeys clientKeys = pair.startClient().get(SECONDS, TimeUnit.SECONDS);
            SrtpKeys serverKeys = server.get(SECONDS, TimeUnit.SECONDS);
            assertThat(clientKeys.localKey()).isEqualTo(serverKeys.remoteKey());

            deliverAll(pair.server, garbage);
            deliverAll(pair.client, garbage);
            assertThat(pair.server.isEstablished()).isTrue();
            assertThat(pair.client.isEstablished()).isTrue();
            assertThat(pair.serverRemoteCloses).hasValue(0);
            assertThat(pair.clientRemoteCloses).hasValue(0);
            assertThat(pair.server.droppedDatagrams()).isPositive();

            // The association still works: an orderly close still reaches the other side.
            pair.toServer.injectBeforeEach();
            pair.client.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> pair.serverRemoteCloses.get() == 1);
        }
    }

    @Test
    void aFullQueueDropsWithoutBlocking() {
        DtlsSettings settings = DtlsSettings.defaults().withReceiveQueueCapacity(4);
        try (DtlsPair pair = new DtlsPair(settings, settings)) {
            byte[] record = record(HANDSHAKE, 1, new byte[100]);
            // No handshake runs, so nothing ever takes from the queue: a deliver that waited for room would hang.
            assertTimeoutPreemptively(Duration.ofSeconds(SECONDS), () -> {
                for (int i = 0; i < 1000; i++) {
                    pair.server.deliver(record, 0, record.length);
                }
            });
            assertThat(pair.server.droppedDatagrams()).isEqualTo(996);
        }
    }

    @Test
    void closeNotifyFromTheClientReachesTheServerOnce() throws Exception {
        try (DtlsPair pair = handshaken()) {
            pair.client.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> pair.serverRemoteCloses.get() == 1);
            assertThat(pair.server.isEstablished()).isFalse();

            byte[] late = record(ALERT, 1, new byte[32]);
            pair.server.deliver(late, 0, late.length);
            pair.client.close();
            Thread.sleep(200);
            assertThat(pair.serverRemoteCloses).hasValue(1);
            assertThat(pair.clientRemoteCloses).as("a local close is no remote close").hasValue(0);
        }
    }

    @Test
    void closeNotifyFromTheServerReachesTheClientOnce() throws Exception {
        try (DtlsPair pair = handshaken()) {
            pair.server.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> pair.clientRemoteCloses.get() == 1);
            Thread.sleep(200);
            assertThat(pair.clientRemoteCloses).hasValue(1);
            assertThat(pair.serverRemoteCloses).hasValue(0);
        }
    }

    @Test
    void aLostFinalFlightIsResentByTheEstablishedServer() throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            AtomicInteger dropped = new AtomicInteger();
            // The server's last flight is ChangeCipherSpec (epoch 0) and Finished (epoch 1): lose it once.
            pair.toClient.dropWhen(datagram -> (datagram[0] == CHANGE_CIPHER_SPEC || epoch(datagram) == 1)
                    && dropped.getAndIncrement() < 2);
            CompletableFuture<SrtpKeys> server = pair.startServer();
            CompletableFuture<SrtpKeys> client = pair.startClient();
            SrtpKeys serverKeys = server.get(SECONDS, TimeUnit.SECONDS);
            SrtpKeys clientKeys = client.get(SECONDS, TimeUnit.SECONDS);
            assertThat(dropped.get()).isGreaterThanOrEqualTo(2);
            assertThat(clientKeys.remoteKey()).isEqualTo(serverKeys.localKey());
            assertThat(pair.serverRemoteCloses).hasValue(0);
        }
    }

    @Test
    void aClientCertificateVerifyOvertakenByTheChangeCipherSpecDoesNotStallTheServer() throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            pair.toServer.holdBackOnce(datagram -> handshakeType(datagram) == CERTIFICATE_VERIFY);
            CompletableFuture<SrtpKeys> server = pair.startServer();
            CompletableFuture<SrtpKeys> client = pair.startClient();
            // Without the reordering fix Bouncy Castle drops every later epoch-0 record and never completes.
            assertThat(server.get(5, TimeUnit.SECONDS).remoteKey()).isEqualTo(client.get(5, TimeUnit.SECONDS).localKey());
        }
    }

    @Test
    void aLostClientCertificateVerifyIsRecoveredByRetransmission() throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            AtomicInteger dropped = new AtomicInteger();
            pair.toServer.dropWhen(datagram -> handshakeType(datagram) == CERTIFICATE_VERIFY
                    && dropped.getAndIncrement() == 0);
            CompletableFuture<SrtpKeys> server = pair.startServer();
            CompletableFuture<SrtpKeys> client = pair.startClient();
            assertThat(server.get(8, TimeUnit.SECONDS).remoteKey()).isEqualTo(client.get(8, TimeUnit.SECONDS).localKey());
            assertThat(dropped.get()).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * The server's final flight is sent once and its retransmissions are lost: the client completes only if it kept
     * the Finished that arrived ahead of the ChangeCipherSpec; had it dropped it, it would wait for a resend that
     * never comes and fail at the handshake timeout.
     */
    @Test
    void aServerFinishedThatOvertakesItsChangeCipherSpecIsHeldNotLost() throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            AtomicInteger finalFlight = new AtomicInteger();
            // The server's last flight is ChangeCipherSpec (epoch 0) and Finished (epoch 1), a datagram each.
            pair.toClient.dropWhen(datagram -> (datagram[0] == CHANGE_CIPHER_SPEC || epoch(datagram) == 1)
                    && finalFlight.getAndIncrement() >= 2);
            pair.toClient.holdBackOnce(datagram -> datagram[0] == CHANGE_CIPHER_SPEC);
            CompletableFuture<SrtpKeys> server = pair.startServer();
            SrtpKeys clientKeys = pair.startClient().get(2L * SECONDS, TimeUnit.SECONDS);
            assertThat(clientKeys.remoteKey()).isEqualTo(server.get(SECONDS, TimeUnit.SECONDS).localKey());
        }
    }

    private static int handshakeType(byte[] datagram) {
        return datagram[0] == HANDSHAKE && epoch(datagram) == 0 && datagram.length > DTLS_RECORD_HEADER
                ? datagram[DTLS_RECORD_HEADER] : -1;
    }

    private static DtlsPair handshaken() throws Exception {
        DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults());
        CompletableFuture<SrtpKeys> server = pair.startServer();
        pair.startClient().get(SECONDS, TimeUnit.SECONDS);
        server.get(SECONDS, TimeUnit.SECONDS);
        return pair;
    }

    private static void deliverAll(DtlsEndpoint endpoint, List<byte[]> datagrams) {
        for (byte[] datagram : datagrams) {
            endpoint.deliver(datagram, 0, datagram.length);
        }
    }

    /** Random bytes, truncated headers, well-framed records with junk bodies, and non-DTLS first bytes. */
    private static List<byte[]> garbage(Random random) {
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            noise[0] = (byte) (20 + random.nextInt(44));
            garbage.add(noise);
        }
        garbage.add(new byte[] {HANDSHAKE});
        garbage.add(new byte[] {HANDSHAKE, (byte) 0xFE, (byte) 0xFD, 0, 0});
        garbage.add(new byte[] {ALERT, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 50, 1});
        for (int epoch = 0; epoch <= 2; epoch++) {
            for (byte type : new byte[] {HANDSHAKE, ALERT, 23}) {
                byte[] body = new byte[16 + random.nextInt(64)];
                random.nextBytes(body);
                garbage.add(record(type, epoch, body));
            }
        }
        garbage.add(new byte[] {(byte) 0x80, 0, 0, 0});
        garbage.add(new byte[] {0, 1, 0, 0});
        return garbage;
    }

    /** A well-framed DTLS 1.2 record (RFC 6347 §4.1) with a high sequence number so it is not a replay. */
    private static byte[] record(byte type, int epoch, byte[] body) {
        byte[] record = new byte[DTLS_RECORD_HEADER + body.length];
        record[0] = type;
        record[1] = (byte) 0xFE;
        record[2] = (byte) 0xFD;
        record[3] = (byte) (epoch >> 8);
        record[4] = (byte) epoch;
        record[10] = 100;
        record[11] = (byte) (body.length >> 8);
        record[12] = (byte) body.length;
        System.arraycopy(body, 0, record, DTLS_RECORD_HEADER, body.length);
        return record;
    }

    private static int epoch(byte[] datagram) {
        return datagram.length < DTLS_RECORD_HEADER ? -1 : ((datagram[3] & 0xFF) << 8) | (datagram[4] & 0xFF);
    }
}
