package io.storagesession.webrtc;

import static io.storagesession.webrtc.SessionFixture.CHANNEL_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.media.ParticipantId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's WebRTCRecordingMinutes and WebRTCViewerMinutes, published in seconds as
 * {@code kvs_webrtc_recording_seconds_total} (a master connected) and {@code kvs_webrtc_viewer_seconds_total} (viewers
 * connected): each advances by the time its participants were really connected, from DTLS connected to their close,
 * however the housekeeping ticks fall — sub-second steps add up, a viewer's time stops when it leaves. Real ICE and
 * DTLS participants; the sessions on the manual clock, so the seconds are exact.
 */
class ConnectedTimeMetricsTest {
    private static final String RECORDING = "kvs_webrtc_recording_seconds_total";
    private static final String VIEWER = "kvs_webrtc_viewer_seconds_total";
    /** Participants that send nothing would otherwise be closed as idle while the clock moves. */
    private static final Map<String, Object> SETTINGS = Map.of("storage-session.limits.viewer-idle-timeout", "1h",
            "storage-session.limits.master-idle-timeout", "1h");

    @Test
    void recordingAndViewerSecondsAdvanceByTheTimeEachParticipantWasConnected() throws Exception {
        try (SessionFixture f = SessionFixture.onManualClock(SETTINGS);
             FakeParticipant master = f.joinAndConnect(ParticipantAddress.master(CHANNEL_ARN))) {
            assertThat(f.metrics.total(RECORDING)).as("nothing before the clock moves").isZero();
            f.advance(Duration.ofMillis(2_500));
            assertThat(f.metrics.total(RECORDING)).isEqualTo(2);
            f.advance(Duration.ofMillis(300));
            f.advance(Duration.ofMillis(200));
            assertThat(f.metrics.total(RECORDING)).as("sub-second steps add up").isEqualTo(3);

            FakeParticipant viewer = f.joinAndConnect(ParticipantAddress.viewer(CHANNEL_ARN, "v1"));
            f.advance(Duration.ofSeconds(4));
            assertThat(f.metrics.total(VIEWER)).isEqualTo(4);
            assertThat(f.metrics.total(RECORDING)).isEqualTo(7);

            // DTLS close_notify: the viewer leaves at this instant of the session's clock
            viewer.leave(() -> !f.presentQuietly(ParticipantId.viewer("v1")));
            f.advance(Duration.ofSeconds(3));
            assertThat(f.metrics.total(VIEWER)).as("no time after the viewer left").isEqualTo(4);
            assertThat(f.metrics.total(RECORDING)).isEqualTo(10);
            assertThat(f.metrics.scrape()).contains(RECORDING + "{channel=\"door\"} 10",
                    VIEWER + "{channel=\"door\"} 4");
        }
    }
}
