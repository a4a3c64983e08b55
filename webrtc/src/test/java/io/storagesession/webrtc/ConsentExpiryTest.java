package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.media.ParticipantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ICE consent freshness (RFC 7675 §5.1) between the server's ICE agent and participants made of real ice4j agents
 * and DTLS on the embedded TURN server: a participant that answers the server's consent checks stays although it sends
 * no media at all, and one that vanishes without a DTLS close_notify is closed once no check was answered for
 * {@code consent-timeout} with its media-plane {@code disconnected}, the close counted under "consent-expired" (the
 * exact instant is {@code ConsentFreshnessTest}'s, on virtual time). Intervals are shortened so the test takes
 * seconds; the production ones are 5 s and 30 s.
 */
class ConsentExpiryTest {
    private static final ParticipantAddress MASTER = ParticipantAddress.master(CHANNEL_ARN);
    private static final ParticipantAddress VIEWER = ParticipantAddress.viewer(CHANNEL_ARN, "v1");
    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long the test waits for a close at most: a hang guard, not a timing rule (ConsentFreshnessTest's). */
    private static final Duration CLOSE_WAIT = TIMEOUT.multipliedBy(5);
    private static final String CONSENT_EXPIRED = "kvs_storage_session_peers_closed_total{reason=\"consent-expired\"}";

    private final PlaneEvents plane = new PlaneEvents();
    private final List<String> events = plane.events;

    @Test
    void aVanishedPeerIsClosedWhenConsentExpiresWhileOneThatAnswersStaysWithoutSendingMedia() throws Exception {
        Map<String, Object> settings = Map.of("storage-session.ice.consent-interval", INTERVAL.toMillis() + "ms",
                "storage-session.ice.consent-timeout", TIMEOUT.toMillis() + "ms");
        try (SessionFixture f = new SessionFixture(settings, info -> plane)) {
            String masterOffer = f.joinForOffer(MASTER);
            try (FakeParticipant master = new FakeParticipant(f, MASTER)) {
                master.connect(masterOffer, master.certificate.fingerprintSha256());
                await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("connected master"));
                long masterConnected = System.nanoTime();
                String viewerOffer = f.joinForOffer(VIEWER);
                try (FakeParticipant viewer = new FakeParticipant(f, VIEWER)) {
                    viewer.connect(viewerOffer, viewer.certificate.fingerprintSha256());
                    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("connected viewer v1"));
                    await("the viewer answers consent checks").atMost(TIMEOUT)
                            .until(() -> peer(f, ParticipantId.viewer("v1")).map(PeerSnapshot::consentAnswers)
                                    .orElse(0L) > 0);

                    vanishAndAwaitClose(viewer, "viewer v1");
                    assertThat(f.metrics.scrape()).contains(CONSENT_EXPIRED + " 1");
                    assertThat(peer(f, ParticipantId.viewer("v1"))).isEmpty();
                }

                await("several consent timeouts pass while the master answers").atMost(TIMEOUT.multipliedBy(5))
                        .until(() -> System.nanoTime() - masterConnected > TIMEOUT.multipliedBy(3).toNanos());
                PeerSnapshot alive = peer(f, ParticipantId.MASTER).orElseThrow();
                assertThat(alive.connected()).as("consent kept by answers alone: the master sent no media").isTrue();
                assertThat(alive.packets()).isZero();
                assertThat(alive.consentAnswers()).as("the master answered the server's checks").isPositive();

                vanishAndAwaitClose(master, "master");
                assertThat(f.metrics.scrape()).contains(CONSENT_EXPIRED + " 2");
                assertThat(events).containsOnlyOnce("disconnected master");
            }
        }
    }

    private void vanishAndAwaitClose(FakeParticipant participant, String id) {
        assertThat(events).as("%s still connected when it vanishes", id).doesNotContain("disconnected " + id);
        participant.vanish();
        await(id + " closed for lack of consent").atMost(CLOSE_WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> events.contains("disconnected " + id));
    }

    private static Optional<PeerSnapshot> peer(SessionFixture f, ParticipantId id) throws Exception {
        return f.snapshot().stream().filter(p -> p.participant().equals(id)).findFirst();
    }
}
