package io.storagesession.webrtc.dtls;

import static io.storagesession.webrtc.dtls.DtlsPair.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsEndpointTest {
    private static final int SECONDS = 10;
    private static final SrtpProfile GCM = SrtpProfile.AEAD_AES_128_GCM;
    private static final SrtpProfile CM = SrtpProfile.AES_CM_128_HMAC_SHA1_80;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void bothSidesExportMirroredKeysForEachProfile(SrtpProfile profile) throws Exception {
        DtlsSettings settings = DtlsSettings.defaults().withSrtpProfiles(List.of(profile));
        try (DtlsPair pair = new DtlsPair(settings, settings)) {
            CompletableFuture<SrtpKeys> server = pair.startServer();
            CompletableFuture<SrtpKeys> client = pair.startClient();
            SrtpKeys serverKeys = server.get(SECONDS, TimeUnit.SECONDS);
            SrtpKeys clientKeys = client.get(SECONDS, TimeUnit.SECONDS);

            assertThat(serverKeys.profile()).isEqualTo(profile);
            assertThat(clientKeys.profile()).isEqualTo(profile);
            assertThat(clientKeys.localKey()).isEqualTo(serverKeys.remoteKey()).hasSize(profile.keyLength());
            assertThat(clientKeys.localSalt()).isEqualTo(serverKeys.remoteSalt()).hasSize(profile.saltLength());
            assertThat(clientKeys.remoteKey()).isEqualTo(serverKeys.localKey());
            assertThat(clientKeys.remoteSalt()).isEqualTo(serverKeys.localSalt());
            assertThat(clientKeys.localKey()).isNotEqualTo(clientKeys.remoteKey());
            assertThat(pair.client.isEstablished()).isTrue();
            assertThat(pair.server.isEstablished()).isTrue();
        }
    }

    @Test
    void anEstablishedAssociationKeepsNoDatagramArrays() throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            CompletableFuture<SrtpKeys> server = pair.startServer();
            CompletableFuture<SrtpKeys> client = pair.startClient();
            server.get(SECONDS, TimeUnit.SECONDS);
            client.get(SECONDS, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            while ((pair.server.heldDatagramArrays() > 0 || pair.client.heldDatagramArrays() > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(pair.server.heldDatagramArrays()).isZero();
            assertThat(pair.client.heldDatagramArrays()).isZero();
            assertThat(pair.server.isEstablished()).isTrue();
        }
    }

    @Test
    void serverPicksTheFirstOfItsOwnPreferencesThatTheClientOffered() throws Exception {
        assertThat(negotiate(List.of(GCM, CM), List.of(CM, GCM))).isEqualTo(CM);
        assertThat(negotiate(List.of(CM, GCM), List.of(GCM, CM))).isEqualTo(GCM);
        assertThat(negotiate(List.of(CM), List.of(GCM, CM))).isEqualTo(CM);
        assertThat(negotiate(List.of(GCM, CM), List.of(GCM))).isEqualTo(GCM);
    }

    @Test
    void defaultsPreferGcm() throws Exception {
        assertThat(negotiate(DtlsSettings.DEFAULT_SRTP_PROFILES, DtlsSettings.DEFAULT_SRTP_PROFILES)).isEqualTo(GCM);
    }

    @Test
    void noCommonSrtpProfileFailsBothSidesWithTheReason() throws Exception {
        DtlsSettings client = DtlsSettings.defaults().withSrtpProfiles(List.of(CM));
        DtlsSettings server = DtlsSettings.defaults().withSrtpProfiles(List.of(GCM));
        try (DtlsPair pair = new DtlsPair(client, server)) {
            CompletableFuture<SrtpKeys> serverHandshake = pair.startServer();
            CompletableFuture<SrtpKeys> clientHandshake = pair.startClient();
            assertThat(failureOf(serverHandshake, SECONDS)).hasMessageContaining("no common SRTP profile");
            assertThat(failureOf(clientHandshake, SECONDS)).hasMessageContaining("handshake_failure");
        }
    }

    @Test
    void clientRejectsAServerWhoseCertificateDoesNotMatchTheFingerprint() throws Exception {
        RemoteFingerprint wrong = DtlsPair.fingerprintOf(DtlsPair.CLIENT_CERTIFICATE);
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults(), wrong,
                DtlsPair.fingerprintOf(DtlsPair.CLIENT_CERTIFICATE))) {
            CompletableFuture<SrtpKeys> serverHandshake = pair.startServer();
            CompletableFuture<SrtpKeys> clientHandshake = pair.startClient();
            assertThat(failureOf(clientHandshake, SECONDS))
                    .hasMessageContaining("client").hasMessageContaining("fingerprint mismatch");
            assertThat(failureOf(serverHandshake, SECONDS))
                    .hasMessageContaining("server").hasMessageContaining("bad_certificate");
        }
    }

    @Test
    void serverRejectsAClientWhoseCertificateDoesNotMatchTheFingerprint() throws Exception {
        RemoteFingerprint wrong = DtlsPair.fingerprintOf(DtlsPair.SERVER_CERTIFICATE);
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults(),
                DtlsPair.fingerprintOf(DtlsPair.SERVER_CERTIFICATE), wrong)) {
            CompletableFuture<SrtpKeys> serverHandshake = pair.startServer();
            CompletableFuture<SrtpKeys> clientHandshake = pair.startClient();
            assertThat(failureOf(serverHandshake, SECONDS)).hasMessageContaining("fingerprint mismatch");
            assertThat(failureOf(clientHandshake, SECONDS)).hasMessageContaining("bad_certificate");
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void failsAtTheTimeoutWhenNothingArrives(Role role) throws Exception {
        int timeout = 600;
        DtlsSettings settings = DtlsSettings.defaults().withHandshakeTimeoutMillis(timeout);
        try (DtlsPair pair = new DtlsPair(settings, settings)) {
            pair.toServer.dropWhen(datagram -> true);
            pair.toClient.dropWhen(datagram -> true);
            long start = System.nanoTime();
            CompletableFuture<SrtpKeys> handshake = role == Role.CLIENT ? pair.startClient() : pair.startServer();
            IOException failure = failureOf(handshake, SECONDS);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(failure).hasMessageContaining("timed out after " + timeout + " ms");
            // not before the timeout; how late after it depends on the machine's load, so it is not asserted
            assertThat(elapsed).as("gave up after %d ms", elapsed).isGreaterThanOrEqualTo(timeout - 50L);
        }
    }

    /**
     * Closed once it has sent a flight (so the handshake is under way) and waits for an answer that never comes, the
     * endpoint fails with "closed" — not with the timeout, which is three times the test's wait.
     */
    @ParameterizedTest
    @EnumSource(Role.class)
    void closeDuringTheHandshakeFailsItPromptly(Role role) throws Exception {
        DtlsSettings settings = DtlsSettings.defaults().withHandshakeTimeoutMillis(3 * SECONDS * 1000);
        try (DtlsPair pair = new DtlsPair(settings, settings)) {
            DtlsEndpoint endpoint = role == Role.CLIENT ? pair.client : pair.server;
            LoopbackPath fromEndpoint = role == Role.CLIENT ? pair.toServer : pair.toClient;
            fromEndpoint.dropWhen(datagram -> true);
            CompletableFuture<SrtpKeys> handshake = role == Role.CLIENT ? pair.startClient() : pair.startServer();
            if (role == Role.SERVER) {
                pair.startClient();
            }
            await().atMost(Duration.ofSeconds(SECONDS)).until(() -> fromEndpoint.sent() > 0);
            endpoint.close();
            assertThat(failureOf(handshake, SECONDS)).hasMessageContaining("closed")
                    .hasMessageNotContaining("timed out");
            endpoint.close();
        }
    }

    @Test
    void handshakeRunsOnlyOnce() throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            CompletableFuture<SrtpKeys> server = pair.startServer();
            pair.startClient().get(SECONDS, TimeUnit.SECONDS);
            server.get(SECONDS, TimeUnit.SECONDS);
            assertThatThrownBy(pair.client::handshake).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void handshakeAfterCloseFailsAtOnce() {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults(), DtlsSettings.defaults())) {
            pair.client.close();
            assertThatThrownBy(pair.client::handshake).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void recognisesDtlsRecordsByTheirFirstByte() {
        assertThat(DtlsEndpoint.isDtlsRecord(new byte[] {20}, 0, 1)).isTrue();
        assertThat(DtlsEndpoint.isDtlsRecord(new byte[] {63}, 0, 1)).isTrue();
        assertThat(DtlsEndpoint.isDtlsRecord(new byte[] {19}, 0, 1)).isFalse();
        assertThat(DtlsEndpoint.isDtlsRecord(new byte[] {64}, 0, 1)).isFalse();
        assertThat(DtlsEndpoint.isDtlsRecord(new byte[] {(byte) 0x80}, 0, 1)).isFalse();
        assertThat(DtlsEndpoint.isDtlsRecord(new byte[] {22}, 0, 0)).isFalse();
    }

    private static SrtpProfile negotiate(List<SrtpProfile> clientProfiles, List<SrtpProfile> serverProfiles)
            throws Exception {
        try (DtlsPair pair = new DtlsPair(DtlsSettings.defaults().withSrtpProfiles(clientProfiles),
                DtlsSettings.defaults().withSrtpProfiles(serverProfiles))) {
            CompletableFuture<SrtpKeys> server = pair.startServer();
            SrtpProfile clientProfile = pair.startClient().get(SECONDS, TimeUnit.SECONDS).profile();
            assertThat(server.get(SECONDS, TimeUnit.SECONDS).profile()).isEqualTo(clientProfile);
            return clientProfile;
        }
    }

    enum Role { CLIENT, SERVER }
}
