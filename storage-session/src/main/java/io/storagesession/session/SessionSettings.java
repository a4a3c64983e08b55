package io.storagesession.session;

import com.typesafe.config.Config;
import io.storagesession.session.dtls.DtlsSettings;
import io.storagesession.session.dtls.SrtpProfile;
import io.storagesession.session.ice.CheckSettings;
import io.storagesession.session.ice.ConsentSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code storage-session} section of reference.conf, read once at start. */
public record SessionSettings(int threads, int workerQueue, int transportThreads, Duration housekeepingInterval,
                              Duration signalingRetryInterval,
                              int maxViewers, Duration viewerSlotHold, Duration viewerWaitForMaster,
                              Duration maxSessionDuration, Duration masterIdleTimeout, Duration viewerIdleTimeout,
                              Duration connectTimeout, int maxRemoteCandidates, Duration credentialTtl, boolean hostCandidates,
                              CheckSettings checks, ConsentSettings consent, DtlsSettings dtls,
                              int receiveBuffers, int viewerReceiveBuffers, int receiveBufferBytes, Duration mediaTickInterval,
                              String aesImplementation) {

    /** Checked at start, so a wrong profile name or MTU stops the server instead of failing every answer. */
    private static DtlsSettings dtls(Config c) {
        List<SrtpProfile> profiles = new ArrayList<>();
        for (String name : c.getStringList("dtls.srtp-profiles")) {
            try {
                profiles.add(SrtpProfile.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("storage-session.dtls.srtp-profiles: unknown profile " + name
                        + "; known: " + List.of(SrtpProfile.values()), e);
            }
        }
        return new DtlsSettings((int) c.getDuration("dtls.handshake-timeout").toMillis(), c.getInt("dtls.mtu"),
                c.getInt("dtls.receive-queue"), profiles);
    }

    public static SessionSettings from(Config config) {
        Config c = config.getConfig("storage-session");
        int threads = c.getInt("threads");
        return new SessionSettings(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                c.getInt("worker-queue"),
                c.getInt("transport-threads"), c.getDuration("housekeeping-interval"),
                c.getDuration("signaling-retry-interval"),
                c.getInt("limits.max-viewers"), c.getDuration("limits.viewer-slot-hold"),
                c.getDuration("limits.viewer-wait-for-master"), c.getDuration("limits.max-session-duration"),
                c.getDuration("limits.master-idle-timeout"), c.getDuration("limits.viewer-idle-timeout"),
                c.getDuration("limits.connect-timeout"), c.getInt("limits.max-remote-candidates"),
                c.getDuration("ice.credential-ttl"), c.getBoolean("ice.host-candidates"),
                new CheckSettings(c.getDuration("ice.checks.pacing"), c.getDuration("ice.checks.rto"),
                        c.getDuration("ice.checks.max-rto"), c.getInt("ice.checks.attempts")), new ConsentSettings(c.getDuration("ice.consent-interval"),
                        c.getDuration("ice.consent-timeout")), dtls(c),
                c.getInt("media.receive-buffers"), c.getInt("media.viewer-receive-buffers"),
                c.getInt("media.receive-buffer-bytes"),
                c.getDuration("media.tick-interval"), c.getString("dtls.aes-implementation"));
    }
}
