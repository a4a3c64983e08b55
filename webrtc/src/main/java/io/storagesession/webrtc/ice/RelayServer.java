package io.storagesession.webrtc.ice;

import io.storagesession.api.ice.IceServer;
import io.storagesession.turn.RestCredentials;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TURN server the storage session allocates its own relay candidates on: the UDP URI of one of the servers
 * GetIceServerConfig advertises (embedded or coturn), and the REST-API secret to mint credentials with. The session
 * uses only {@code turn:…?transport=udp} (RFC 7065) URIs: ice4j allocates over UDP only (DEPENDENCIES.md).
 */
public record RelayServer(String host, int port, String sharedSecret) {
    /** {@code turn:host:port?transport=udp}, {@code turn:host:port} (UDP by default), IPv6 hosts in brackets. */
    private static final Pattern TURN_URI = Pattern.compile(
            "turn:(\\[[0-9a-fA-F:.]+]|[^:?\\[\\]]+)(?::(\\d{1,5}))?(?:\\?transport=([a-zA-Z]+))?");
    private static final int DEFAULT_PORT = 3478;
    private static final int MAX_PORT = 65_535;

    /** The UDP relays among the advertised TURN servers, in their order; servers without a UDP URI are left out. */
    public static List<RelayServer> fromAdvertised(List<IceServer> servers) {
        List<RelayServer> relays = new ArrayList<>();
        for (IceServer server : servers) {
            server.uris().stream().map(uri -> parseUdp(uri, server.sharedSecret())).flatMap(Optional::stream)
                    .findFirst().ifPresent(relays::add);
        }
        return List.copyOf(relays);
    }

    static Optional<RelayServer> parseUdp(String uri, String secret) {
        Matcher m = TURN_URI.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        String transport = m.group(3);
        if (transport != null && !transport.toLowerCase(Locale.ROOT).equals("udp")) {
            return Optional.empty();
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
        if (port == 0 || port > MAX_PORT) {
            return Optional.empty();
        }
        return Optional.of(new RelayServer(host, port, secret));
    }

    /**
     * Credentials for the session's own allocations, named like the participants' ({@code <channel>:<user>}) so the
     * TURN server counts them against the channel's quota.
     */
    public RestCredentials credentials(String channelName, String user, Instant expiry) {
        return RestCredentials.issue(sharedSecret, channelName + ":" + user, expiry);
    }

    /** Resolves the host: blocking (DNS), so never on an event loop. */
    public InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }
}
