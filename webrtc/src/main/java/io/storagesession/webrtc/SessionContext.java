package io.storagesession.webrtc;

import io.storagesession.media.MediaPlaneFactory;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.ice.RelayOpener;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What every session of the server shares: settings, the way to participants, where relayed addresses come from,
 * the DTLS certificate (one per server, RFC 5763 §5: its fingerprint goes in every offer), the session workers, the
 * pools, the metrics, and the monotonic clock every session's timeouts, held slots and connected time are measured on
 * ({@code System::nanoTime} in the server; a hand-driven one in tests, so those rules are tested without waiting).
 */
record SessionContext(SessionSettings settings, Signaling signaling, RelayOpener relays,
                      DtlsCertificate certificate, SessionWorkers workers, ExecutorService transportPool,
                      ScheduledExecutorService timers, SharedClock housekeepingClock, SharedClock mediaClock,
                      MediaPlaneFactory media, SessionMetrics metrics, Clock clock,
                      LongSupplier nanos) {

    long nanoTime() {
        return nanos.getAsLong();
    }
}
