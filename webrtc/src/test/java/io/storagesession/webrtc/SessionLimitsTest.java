package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.http.ApiException;
import io.storagesession.webrtc.testing.AnswerSdp;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Who may be in a session (KVS-WIRE.md §3 "Limits"), without media: joins, replacements, slots and timeouts. */
class SessionLimitsTest {
    private static final ParticipantAddress MASTER = ParticipantAddress.master(CHANNEL_ARN);

    private static ParticipantAddress viewer(String id) {
        return ParticipantAddress.viewer(CHANNEL_ARN, id);
    }

    @Test
    void aFourthViewerIsRefusedWithThePhraseAndADepartedViewersSlotIsKeptForIt() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            String offer = f.joinForOffer(viewer("v1"));
            f.joinForOffer(viewer("v2"));
            f.joinForOffer(viewer("v3"));
            assertThatThrownBy(() -> f.join(viewer("v4"))).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ApiException.class)
                    .hasMessageContaining("maximum number of viewers connected to the session");

            AnswerSdp bad = AnswerSdp.viewer(SessionFixture.attribute(offer, "fingerprint"));
            bad.videoDirection = "sendrecv";
            f.answer(viewer("v1"), bad.render(), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> f.snapshot().size() == 2);
            assertThatThrownBy(() -> f.join(viewer("v4"))).as("v1's slot is held").cause()
                    .hasMessageContaining("maximum number of viewers");
            f.joinForOffer(viewer("v1"));
            assertThat(f.snapshot()).hasSize(3);
        }
    }

    @Test
    void aRepeatedJoinReplacesThePeerWithAFreshOffer() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            String first = f.joinForOffer(MASTER);
            String second = f.joinForOffer(MASTER);
            assertThat(SessionFixture.attribute(second, "ice-ufrag")).isNotEqualTo(
                    SessionFixture.attribute(first, "ice-ufrag"));
            assertThat(f.snapshot()).hasSize(1);
            f.joinForOffer(viewer("v1"));
            f.joinForOffer(viewer("v1"));
            assertThat(f.snapshot()).hasSize(2);
        }
    }

    @Test
    void offersComeWithTrickledRelayCandidatesOnly() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            f.join(MASTER);
            var offer = f.links.next(MASTER, "SDP_OFFER");
            assertThat(offer.senderClientId()).isNull();
            var candidate = f.links.next(MASTER, "ICE_CANDIDATE");
            String json = io.storagesession.webrtc.testing.RecordingLinks.payloadJson(candidate);
            assertThat(json).contains(" typ relay ").contains("\"sdpMid\":\"0\"").contains("\"sdpMLineIndex\":0");
        }
    }

    @Test
    void anOfferThatFindsNoConnectionYetIsDeliveredOnceTheConnectionIsThere() throws Exception {
        try (SessionFixture f = new SessionFixture()) {
            f.links.refuseNext(3);
            f.join(MASTER);
            var offer = f.links.next(MASTER, "SDP_OFFER");
            assertThat(f.links.next(MASTER, "ICE_CANDIDATE").messagePayload()).isNotEmpty();
            assertThat(offer.messagePayload()).isNotEmpty();
        }
    }

    @Test
    void unconnectedParticipantsAreClosedAfterTheConnectTimeoutAndTheSessionEnds() throws Exception {
        try (SessionFixture f = new SessionFixture(Map.of("storage-session.limits.connect-timeout", "1s",
                "storage-session.housekeeping-interval", "200ms"))) {
            f.joinForOffer(MASTER);
            f.joinForOffer(viewer("v1"));
            assertThat(f.sessions.sessionCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> f.snapshot().isEmpty());
            assertThat(f.metrics.scrape()).contains("reason=\"connect-timeout\"");
        }
    }

    @Test
    void theSessionEndsAtItsMaximumDuration() throws Exception {
        try (SessionFixture f = new SessionFixture(Map.of("storage-session.limits.max-session-duration", "1s",
                "storage-session.housekeeping-interval", "200ms"))) {
            f.join(MASTER);
            assertThat(f.sessions.sessionCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> f.sessions.sessionCount() == 0);
            assertThat(f.metrics.scrape()).contains("reason=\"session-ended\"");
        }
    }
}
