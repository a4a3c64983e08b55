package io.storagesession.bench.session.sdp;

import java.net.InetSocketAddress;

/**
 * Reads the address of an ICE candidate attribute (RFC 8839 §5.1: {@code candidate:<foundation> <component> <transport>
 * <priority> <address> <port> typ <type> …}), with or without the {@code a=} prefix. Only UDP candidates with an IP
 * literal are taken (no name lookups); anything else gives null, never an exception.
 */
public final class CandidateLine {
    private static final int TRANSPORT_FIELD = 2;
    private static final int ADDRESS_FIELD = 4;
    private static final int PORT_FIELD = 5;
    private static final int TYPE_FIELD = 7;
    private static final int MAX_PORT = 0xFFFF;

    private CandidateLine() {
    }

    /** The address of a UDP candidate, or null. */
    public static InetSocketAddress udpAddress(String candidate) {
        if (candidate == null) {
            return null;
        }
        String[] f = candidate.trim().replaceFirst("^a=", "").split("\\s+");
        if (f.length <= PORT_FIELD || !f[TRANSPORT_FIELD].equalsIgnoreCase("udp")) {
            return null;
        }
        try {
            int port = Integer.parseInt(f[PORT_FIELD]);
            if (port <= 0 || port > MAX_PORT || !f[ADDRESS_FIELD].matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return null;
            }
            return new InetSocketAddress(f[ADDRESS_FIELD], port);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the candidate is of type relay (a TURN relayed address). */
    public static boolean isRelay(String candidate) {
        String[] f = candidate == null ? new String[0] : candidate.trim().split("\\s+");
        return f.length > TYPE_FIELD && f[TYPE_FIELD].equals("relay") && f[TYPE_FIELD - 1].equals("typ");
    }
}
