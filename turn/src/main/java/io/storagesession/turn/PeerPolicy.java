package io.storagesession.turn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * Which peer addresses a client may relay to (RFC 8656 §21.3, "the server SHOULD restrict the peer addresses"):
 * an address in a denied range (loopback, private, link-local, multicast… by default) is refused with 403 unless an
 * allowed range contains it. The server's own relay addresses are always allowed, so two clients of this server
 * (the storage session and a participant) can reach each other relay-to-relay. Immutable and thread-safe.
 */
public final class PeerPolicy {
    private final List<Cidr> allowed;
    private final List<Cidr> denied;
    private final Set<InetAddress> ownRelayAddresses;

    public PeerPolicy(List<String> allowed, List<String> denied, Set<InetAddress> ownRelayAddresses) {
        this.allowed = allowed.stream().map(Cidr::parse).toList();
        this.denied = denied.stream().map(Cidr::parse).toList();
        this.ownRelayAddresses = Set.copyOf(ownRelayAddresses);
    }

    public boolean permits(InetAddress peer) {
        if (ownRelayAddresses.contains(peer)) {
            return true;
        }
        for (Cidr c : allowed) {
            if (c.contains(peer)) {
                return true;
            }
        }
        for (Cidr c : denied) {
            if (c.contains(peer)) {
                return false;
            }
        }
        return true;
    }

    /** An address range in CIDR notation, IPv4 or IPv6. */
    record Cidr(byte[] network, int prefixLength) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            try {
                if (!host.matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                byte[] address = InetAddress.getByName(host).getAddress();
                int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + text);
                }
                return new Cidr(address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
