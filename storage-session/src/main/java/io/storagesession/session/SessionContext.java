package io.storagesession.session;

import io.storagesession.session.dtls.DtlsCertificate;
import io.storagesession.session.ice.IceShutdown;
import io.storagesession.session.ice.RelayAgent;
import io.storagesession.session.ice.RelayServer;
import io.storagesession.session.media.MediaPlaneFactory;
import io.storagesession.signaling.ice.TurnCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of the server shares: settings, the way to participants, the TURN servers, the DTLS
 * certificate (one per server, RFC 5763 §5: its fingerprint goes in every offer), the pools and the metrics.
 */
record SessionContext(SessionSettings settings, Signaling signaling, List<RelayServer> relays,
                      DtlsCertificate certificate, ExecutorService sessionPool, ExecutorService transportPool,
                      ScheduledExecutorService timers, IceShutdown iceShutdown, MediaPlaneFactory media,
                      SessionMetrics metrics, Clock clock) {

    /** Resolved TURN servers with fresh credentials for one participant's allocations; blocking (DNS). */
    List<RelayAgent.Allocation> allocations(String channelName, String user) {
        Instant expiry = clock.instant().plus(settings.credentialTtl());
        List<RelayAgent.Allocation> list = new ArrayList<>();
        for (RelayServer relay : relays) {
            TurnCredentials creds = relay.credentials(channelName, user, expiry);
            list.add(new RelayAgent.Allocation(relay.resolve(), creds.username(), creds.password()));
        }
        return list;
    }

    long nanoTime() {
        return System.nanoTime();
    }
}
