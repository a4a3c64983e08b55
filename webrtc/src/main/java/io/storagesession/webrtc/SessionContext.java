package io.storagesession.webrtc;

import io.storagesession.media.MediaPlaneFactory;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.ice.RelayOpener;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of the server shares: settings, the way to participants, where relayed addresses come from,
 * the DTLS certificate (one per server, RFC 5763 §5: its fingerprint goes in every offer), the session workers, the
 * pools and the metrics.
 */
record SessionContext(SessionSettings settings, Signaling signaling, RelayOpener relays,
                      DtlsCertificate certificate, SessionWorkers workers, ExecutorService transportPool,
                      ScheduledExecutorService timers, SharedClock housekeepingClock, SharedClock mediaClock,
                      MediaPlaneFactory media, SessionMetrics metrics, Clock clock) {

    long nanoTime() {
        return System.nanoTime();
    }
}
