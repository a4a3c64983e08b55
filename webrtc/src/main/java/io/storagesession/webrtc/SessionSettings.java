package io.storagesession.webrtc;

import com.typesafe.config.Config;
import io.storagesession.webrtc.dtls.DtlsSettings;
import io.storagesession.webrtc.dtls.SrtpProfile;
import io.storagesession.webrtc.ice.CheckSettings;
import io.storagesession.webrtc.ice.ConsentSettings;
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
                              InboxSettings inbox, Duration mediaTickInterval,
                              String aesImplementation) {

    /**
     * What a participant's inbox holds between its relay and its session ({@code media.*}): most datagrams and most
     * bytes waiting at once, for the master and for a viewer, and the largest datagram taken.
     */
    public record InboxSettings(int datagrams, int viewerDatagrams, int bytes, int viewerBytes, int maxDatagramBytes) {
        public InboxSettings {
            if (datagrams < 1 || viewerDatagrams < 1 || maxDatagramBytes < 1 || bytes < maxDatagramBytes
                    || viewerBytes < maxDatagramBytes) {
                throw new IllegalArgumentException("storage-session.media: receive-datagrams >= 1 and receive-bytes >= "
                        + "max-datagram-bytes >= 1 required (for the master and for viewers)");
            }
        }
    }

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
                new InboxSettings(c.getInt("media.receive-datagrams"), c.getInt("media.viewer-receive-datagrams"),
                        Math.toIntExact(c.getBytes("media.receive-bytes")),
                        Math.toIntExact(c.getBytes("media.viewer-receive-bytes")),
                        c.getInt("media.max-datagram-bytes")),
                c.getDuration("media.tick-interval"), c.getString("dtls.aes-implementation"));
    }
}
