package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.media.ParticipantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Viewers are closed when no master has been connected for {@code storage-session.limits.viewer-wait-for-master}
 * (KVS-WIRE.md §3 "Limits": 3 minutes), whether the master never joined or left, counted under "no-master"; once
 * their held slots expire the session ends and gives back everything it held: its relayed addresses on the TURN
 * server, its media plane, its gauges. Real ICE and DTLS viewers; the sessions on the manual clock.
 */
class ViewersWithoutMasterTest {
    private static final Duration WAIT_FOR_MASTER = Duration.ofMinutes(3);
    private static final Duration SLOT_HOLD = Duration.ofMinutes(1);
    private static final Duration NANO = Duration.ofNanos(1);
    /** Participants that send nothing would otherwise be closed as idle first (1 minute a viewer, 3 the master). */
    private static final Map<String, Object> SETTINGS = Map.of("storage-session.limits.viewer-idle-timeout", "1h",
            "storage-session.limits.master-idle-timeout", "1h");
    private static final ParticipantAddress V1 = ParticipantAddress.viewer(CHANNEL_ARN, "v1");

    private final PlaneEvents plane = new PlaneEvents();
    private final List<String> planeEvents = plane.events;

    @Test
    void viewersOfAMasterThatNeverJoinedAreClosedAndTheSessionEndsLeavingNothing() throws Exception {
        try (SessionFixture f = SessionFixture.onManualClock(SETTINGS, info -> plane);
             FakeParticipant viewer = f.joinAndConnect(V1)) {
            int allocationsWithSession = f.turn.server.allocationCount();
            f.advance(WAIT_FOR_MASTER.minus(NANO));
            assertThat(f.present(ParticipantId.viewer("v1"))).isTrue();

            f.advance(NANO);
            assertThat(f.present(ParticipantId.viewer("v1"))).isFalse();
            assertThat(f.metrics.scrape()).contains("kvs_storage_session_peers_closed_total{reason=\"no-master\"} 1")
                    .contains("kvs_storage_session_peers{role=\"viewer\"} 0");
            assertThat(f.sessions.sessionCount()).as("the slot is held a minute for v1").isOne();

            f.advance(SLOT_HOLD);
            assertThat(f.sessions.sessionCount()).isZero();
            assertThat(f.metrics.scrape()).contains("kvs_storage_sessions 0");
            assertThat(planeEvents).containsExactly("connected viewer v1", "disconnected viewer v1", "closed");
            assertThat(f.turn.server.allocationCount()).as("the session's relayed address given back; the viewer's "
                    + "own allocation remains until it closes").isEqualTo(allocationsWithSession - 1);
        }
    }

    @Test
    void viewersAreClosedWhenTheMasterLeftAndDidNotComeBack() throws Exception {
        try (SessionFixture f = SessionFixture.onManualClock(SETTINGS, info -> plane)) {
            FakeParticipant master = f.joinAndConnect(ParticipantAddress.master(CHANNEL_ARN));
            try (FakeParticipant viewer = f.joinAndConnect(V1)) {
                f.advance(WAIT_FOR_MASTER);
                assertThat(f.present(ParticipantId.viewer("v1"))).as("the master is there").isTrue();
                assertThat(f.present(ParticipantId.MASTER)).isTrue();

                master.leave(() -> !f.presentQuietly(ParticipantId.MASTER)); // DTLS close_notify
                f.advance(WAIT_FOR_MASTER.minus(NANO));
                assertThat(f.present(ParticipantId.viewer("v1"))).isTrue();
                f.advance(NANO);
                assertThat(f.present(ParticipantId.viewer("v1"))).isFalse();
                assertThat(f.metrics.scrape())
                        .contains("kvs_storage_session_peers_closed_total{reason=\"no-master\"} 1");
            }
        }
    }
}
