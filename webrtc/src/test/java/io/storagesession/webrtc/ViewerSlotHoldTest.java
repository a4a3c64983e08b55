package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.media.ParticipantId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A departed viewer's slot (KVS-WIRE.md §3 "Limits": held a minute for the same clientId,
 * {@code storage-session.limits.viewer-slot-hold}) is given back when the hold expires: until that instant a fourth
 * viewer is refused, from it on the fourth joins. On the sessions' manual clock, so the instant is exact.
 */
class ViewerSlotHoldTest {
    private static final Duration HOLD = Duration.ofMinutes(1);
    private static final Duration NANO = Duration.ofNanos(1);
    /** Long enough that the two viewers that never connect keep their slots while the clock moves. */
    private static final Map<String, Object> SETTINGS = Map.of("storage-session.limits.connect-timeout", "1h");

    private static ParticipantAddress viewer(String id) {
        return ParticipantAddress.viewer(CHANNEL_ARN, id);
    }

    @Test
    void aLeavingViewersSlotIsHeldUntilTheHoldExpiresAndThenTakenByAnotherViewer() throws Exception {
        try (SessionFixture f = SessionFixture.onManualClock(SETTINGS)) {
            FakeParticipant v1 = f.joinAndConnect(viewer("v1"));
            f.joinForOffer(viewer("v2"));
            f.joinForOffer(viewer("v3"));
            v1.leave(() -> !f.presentQuietly(ParticipantId.viewer("v1"))); // DTLS close_notify
            assertThat(f.sessions.onSessionExecutor(CHANNEL_ARN, () -> f.sessions.session(CHANNEL_ARN)
                    .heldSlotCount())).as("v1's slot is held").isOne();

            f.advance(HOLD.minus(NANO));
            assertThatThrownBy(() -> f.join(viewer("v4"))).as("the hold has not expired").cause()
                    .hasMessageContaining(Session.VIEWER_LIMIT_PHRASE);

            f.advance(NANO);
            f.join(viewer("v4"));
            assertThat(f.snapshot()).extracting(PeerSnapshot::participant).containsExactlyInAnyOrder(
                    ParticipantId.viewer("v2"), ParticipantId.viewer("v3"), ParticipantId.viewer("v4"));
            assertThat(f.metrics.scrape()).contains("kvs_storage_session_peers_closed_total{reason=\"dtls-closed\"} 1");
        }
    }
}
