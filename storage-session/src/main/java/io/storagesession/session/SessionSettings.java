package io.storagesession.session;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/** The {@code storage-session} section of reference.conf, read once at start. */
public record SessionSettings(int threads, int transportThreads, int releaseThreads, Duration housekeepingInterval,
                              int maxViewers, Duration viewerSlotHold, Duration viewerWaitForMaster,
                              Duration maxSessionDuration, Duration masterIdleTimeout, Duration viewerIdleTimeout,
                              Duration connectTimeout, int maxRemoteCandidates, Duration credentialTtl,
                              Duration handshakeTimeout, int mtu, int dtlsReceiveQueue, List<String> srtpProfiles,
                              int receiveBuffers, int receiveBufferBytes) {

    public static SessionSettings from(Config config) {
        Config c = config.getConfig("storage-session");
        int threads = c.getInt("threads");
        return new SessionSettings(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                c.getInt("transport-threads"), c.getInt("release-threads"), c.getDuration("housekeeping-interval"),
                c.getInt("limits.max-viewers"), c.getDuration("limits.viewer-slot-hold"),
                c.getDuration("limits.viewer-wait-for-master"), c.getDuration("limits.max-session-duration"),
                c.getDuration("limits.master-idle-timeout"), c.getDuration("limits.viewer-idle-timeout"),
                c.getDuration("limits.connect-timeout"), c.getInt("limits.max-remote-candidates"),
                c.getDuration("ice.credential-ttl"), c.getDuration("dtls.handshake-timeout"), c.getInt("dtls.mtu"),
                c.getInt("dtls.receive-queue"), c.getStringList("dtls.srtp-profiles"),
                c.getInt("media.receive-buffers"), c.getInt("media.receive-buffer-bytes"));
    }
}
