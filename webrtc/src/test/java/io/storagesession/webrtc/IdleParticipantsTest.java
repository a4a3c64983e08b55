package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.media.ParticipantId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connected participants from whom nothing arrives are closed at their idle timeout (KVS-WIRE.md §3 "Limits": 3
 * minutes for the master, 1 minute for a viewer; {@code storage-session.limits.*-idle-timeout}), counted under
 * "idle". The participants are real ICE and DTLS peers that send no media; the sessions run on the manual clock, so
 * the instant is exact. (The signaling connection's own idle timeout is the hub's: {@code HubLifecycleTest}.)
 */
class IdleParticipantsTest {
    private static final Duration NANO = Duration.ofNanos(1);
    private static final String IDLE = "kvs_storage_session_peers_closed_total{reason=\"idle\"}";

    @Test
    void aViewerThatSendsNothingIsClosedAtTheViewerIdleTimeout() throws Exception {
        Duration idle = Duration.ofMinutes(1);
        try (SessionFixture f = SessionFixture.onManualClock(Map.of());
             FakeParticipant viewer = f.joinAndConnect(ParticipantAddress.viewer(CHANNEL_ARN, "v1"))) {
            f.advance(idle.minus(NANO));
            assertThat(f.present(ParticipantId.viewer("v1"))).isTrue();
            f.advance(NANO);
            assertThat(f.present(ParticipantId.viewer("v1"))).isFalse();
            assertThat(f.metrics.scrape()).contains(IDLE + " 1");
        }
    }

    @Test
    void aMasterThatSendsNothingIsClosedAtTheMasterIdleTimeoutAndTheEmptySessionEnds() throws Exception {
        Duration idle = Duration.ofMinutes(3);
        try (SessionFixture f = SessionFixture.onManualClock(Map.of());
             FakeParticipant master = f.joinAndConnect(ParticipantAddress.master(CHANNEL_ARN))) {
            f.advance(idle.minus(NANO));
            assertThat(f.present(ParticipantId.MASTER)).isTrue();
            f.advance(NANO);
            assertThat(f.sessions.sessionCount()).as("the master was all the session had").isZero();
            assertThat(f.metrics.scrape()).contains(IDLE + " 1");
        }
    }
}
