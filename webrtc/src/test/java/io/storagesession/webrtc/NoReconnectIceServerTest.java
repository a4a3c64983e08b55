package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.turn.TurnClients;
import io.storagesession.webrtc.ice.ExternalRelays;
import io.storagesession.webrtc.testing.AnswerSdp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RECONNECT_ICE_SERVER is KVS signaling's word for "fetch new ICE servers" (KVS-WIRE.md §2); the storage session never
 * says it: its relayed addresses are its own business, so a participant hears only offers, candidates and
 * STATUS_RESPONSEs through a session's whole life — joins, connections, a replaced master, a refused answer, idle and
 * missing-master timeouts, the session's end at its maximum duration — and a session relay whose TURN credentials
 * have expired closes that participant (reason "turn") instead.
 */
class NoReconnectIceServerTest {
    private static final String RECONNECT_ICE_SERVER = "RECONNECT_ICE_SERVER";
    private static final Duration MAX_SESSION = Duration.ofHours(1);
    private static final String CLOSED_FOR_TURN = "kvs_storage_session_peers_closed_total{reason=\"turn\"} 1";
    /** The master stays until the session's end, which closes it. */
    private static final String MASTER_IDLE = "storage-session.limits.master-idle-timeout";

    @Test
    void aSessionsWholeLifeSendsOnlyOffersCandidatesAndStatusResponses() throws Exception {
        ParticipantAddress master = ParticipantAddress.master(CHANNEL_ARN);
        try (SessionFixture f = SessionFixture.onManualClock(Map.of(MASTER_IDLE, "2h"))) {
            try (FakeParticipant first = f.joinAndConnect(master);
                 FakeParticipant viewer = f.joinAndConnect(ParticipantAddress.viewer(CHANNEL_ARN, "v1"));
                 FakeParticipant second = f.joinAndConnect(master)) {
                ParticipantAddress refused = ParticipantAddress.viewer(CHANNEL_ARN, "v2");
                String offer = f.joinForOffer(refused);
                AnswerSdp bad = AnswerSdp.viewer(SessionFixture.attribute(offer, "fingerprint"));
                bad.videoDirection = "sendrecv";
                f.answer(refused, bad.render(), "bad");
                f.links.next(refused, "STATUS_RESPONSE");
                f.advance(Duration.ofMinutes(1)); // the viewer idles out
                assertThat(f.sessions.sessionCount()).isOne();
                f.advance(MAX_SESSION.minusMinutes(1)); // the session ends at its maximum duration
                assertThat(f.sessions.sessionCount()).isZero();
            }
            assertThat(f.links.delivered()).extracting(OutboundMessage::messageType)
                    .contains("SDP_OFFER", "ICE_CANDIDATE", "STATUS_RESPONSE")
                    .allMatch(type -> type.equals("SDP_OFFER") || type.equals("ICE_CANDIDATE")
                            || type.equals("STATUS_RESPONSE"))
                    .doesNotContain(RECONNECT_ICE_SERVER);
            assertThat(f.metrics.scrape()).contains("reason=\"replaced\"", "reason=\"invalid-answer\"",
                    "reason=\"idle\"", "reason=\"session-ended\"");
        }
    }

    @Test
    void aSessionRelayWhoseTurnCredentialsExpiredClosesItsParticipantWithoutReconnectIceServer() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        try (SessionFixture f = SessionFixture.withRelays(turn -> new ExternalRelays(turn.relays(),
                TurnClients.shared(), Duration.ofHours(1), twoHoursAgo, Runnable::run))) {
            f.join(ParticipantAddress.master(CHANNEL_ARN));
            await("the master closed for want of a relay").atMost(Duration.ofSeconds(10))
                    .until(() -> f.metrics.scrape().contains(CLOSED_FOR_TURN));
            assertThat(f.links.delivered()).extracting(OutboundMessage::messageType)
                    .doesNotContain(RECONNECT_ICE_SERVER);
        }
    }
}
