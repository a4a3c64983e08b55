package io.storagesession.turn;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/** The embedded TURN server's settings ({@code turn} in reference.conf, where each is documented). */
public record TurnSettings(boolean enabled, String listenHost, int port, String relayHost, int relayPortMin,
                           int relayPortMax, String realm, int threads, Duration allocationDefault,
                           Duration allocationMax, Duration permissionLifetime, Duration channelLifetime,
                           Duration nonceLifetime, long bandwidthBitsPerSecond, int allocationsPerChannel,
                           int maxAllocations, int permissionsPerAllocation, int maxTcpConnections,
                           int tcpWriteBufferBytes, List<String> allowedPeers, List<String> deniedPeers,
                           Duration sweepInterval, int tlsPort, String tlsCertificate, String tlsPrivateKey,
                           int listenerBufferBytes, Duration tcpIdleWithoutAllocation, ImpairmentSettings impairment,
                           boolean udpClientSockets, int udpClientSocketBufferBytes) {

    /**
     * {@code turn.impairment}: drops on purpose, for tests. {@code lossPercent} of the relayed datagrams, all the time
     * when {@code burstEvery} is zero, else only during the first {@code burstLength} of every {@code burstEvery}.
     */
    public record ImpairmentSettings(double lossPercent, Duration burstEvery, Duration burstLength,
                                     boolean dropSenderReports) {
        public ImpairmentSettings {
            if (lossPercent < 0 || lossPercent > 100) {
                throw new IllegalArgumentException("turn.impairment.loss-percent must be 0-100, not " + lossPercent);
            }
            if (!burstEvery.isZero() && (burstLength.compareTo(burstEvery) > 0 || burstLength.isNegative())) {
                throw new IllegalArgumentException("turn.impairment.burst-length must be within burst-every");
            }
        }

        static ImpairmentSettings from(Config c) {
            return new ImpairmentSettings(c.getDouble("loss-percent"), c.getDuration("burst-every"),
                    c.getDuration("burst-length"), c.getBoolean("drop-sender-reports"));
        }
    }

    public TurnSettings {
        if (relayPortMin < 1 || relayPortMax > 65535 || relayPortMin > relayPortMax) {
            throw new IllegalArgumentException("turn.relay-port-min/max must be a range within 1..65535");
        }
        if (allocationDefault.compareTo(allocationMax) > 0) {
            throw new IllegalArgumentException("turn.lifetimes.allocation-default exceeds allocation-max");
        }
    }

    public static TurnSettings from(Config root) {
        Config c = root.getConfig("turn");
        return new TurnSettings(c.getBoolean("enabled"), c.getString("listen-host"), c.getInt("port"),
                c.getString("relay-host"), c.getInt("relay-port-min"), c.getInt("relay-port-max"),
                c.getString("realm"), c.getInt("threads"), c.getDuration("lifetimes.allocation-default"),
                c.getDuration("lifetimes.allocation-max"), c.getDuration("lifetimes.permission"),
                c.getDuration("lifetimes.channel"), c.getDuration("lifetimes.nonce"),
                c.getLong("limits.bandwidth-bits-per-second"), c.getInt("limits.allocations-per-channel"),
                c.getInt("limits.max-allocations"), c.getInt("limits.permissions-per-allocation"),
                c.getInt("limits.max-tcp-connections"), c.getInt("limits.tcp-write-buffer-bytes"),
                c.getStringList("peers.allow"), c.getStringList("peers.deny"), c.getDuration("sweep-interval"),
                c.getInt("tls.port"), c.getString("tls.certificate"), c.getString("tls.private-key"),
                c.getInt("listener-buffer-bytes"), c.getDuration("limits.tcp-idle-without-allocation"),
                ImpairmentSettings.from(c.getConfig("impairment")),
                c.getBoolean("udp-client-sockets.enabled"), c.getInt("udp-client-sockets.buffer-bytes"));
    }

    /** Relay threads: the configured number, or one per core. */
    public int relayThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
