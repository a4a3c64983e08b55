package io.storagesession.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One TURN allocation (RFC 8656 §2.2): a relayed UDP transport address bound for one client 5-tuple, with its
 * permissions (by peer IP, §9) and channel bindings (§12), lifetime, and bandwidth budget. Changed only by the relay
 * thread that owns the client's socket, so it needs no locks; permissions and bindings can also be read from other
 * threads (a {@link LocalRelay} handing a datagram over in-process), hence a concurrent map and a published copy of
 * the bindings. Channel bindings are kept in a short array because an allocation has few of them and the per-packet
 * lookup must not box or allocate.
 */
final class Allocation {
    private static final double MILLIS_PER_SECOND = 1000;
    private static final int BITS_PER_BYTE = 8;

    final Client client;
    final DatagramChannel relay;
    final InetSocketAddress relayAddress;
    final String username;
    final byte[] key;
    final String quotaGroup;
    final byte[] allocateTransaction;
    final long createdMillis;
    long expiresAtMillis;
    long reportedMillis;
    private final Map<InetAddress, Permission> permissions = new ConcurrentHashMap<>();
    private final List<Binding> bindings = new ArrayList<>(2);
    /** No permission or binding expires before this (refreshes only move expiries later); see {@link #expire}. */
    private long earliestExpiryMillis = Long.MAX_VALUE;
    /** {@link #bindings} as other threads see it, replaced whenever the owner changes the list. */
    private volatile Binding[] published = new Binding[0];
    private final double bytesPerMilli;
    private final double burstBytes;
    private double tokens;
    private long refilledAtMillis;

    Allocation(Client client, DatagramChannel relay, InetSocketAddress relayAddress, String username, byte[] key,
               byte[] allocateTransaction, long nowMillis, long lifetimeMillis, long bitsPerSecond) {
        this.client = client;
        this.relay = relay;
        this.relayAddress = relayAddress;
        this.username = username;
        this.key = key;
        this.quotaGroup = RestCredentials.channelOf(username);
        this.allocateTransaction = allocateTransaction;
        this.createdMillis = nowMillis;
        this.reportedMillis = nowMillis;
        this.expiresAtMillis = nowMillis + lifetimeMillis;
        this.bytesPerMilli = bitsPerSecond / (double) BITS_PER_BYTE / MILLIS_PER_SECOND;
        this.burstBytes = bitsPerSecond / (double) BITS_PER_BYTE;
        this.tokens = burstBytes;
        this.refilledAtMillis = nowMillis;
    }

    /** A permission for one peer IP, refreshed by CreatePermission and ChannelBind. */
    static final class Permission {
        volatile long expiresAtMillis;

        Permission(long expiresAtMillis) {
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    /** A channel binding: a channel number tied to one peer transport address. */
    static final class Binding {
        final int number;
        final InetSocketAddress peer;
        volatile long expiresAtMillis;

        Binding(int number, InetSocketAddress peer, long expiresAtMillis) {
            this.number = number;
            this.peer = peer;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    int permissionCount() {
        return permissions.size();
    }

    /** Installs or refreshes the permission for {@code peer} until {@code expiresAtMillis}. */
    Permission permit(InetAddress peer, long expiresAtMillis) {
        Permission p = permissions.get(peer);
        if (p == null) {
            p = new Permission(expiresAtMillis);
            permissions.put(peer, p);
            earliestExpiryMillis = Math.min(earliestExpiryMillis, expiresAtMillis);
        } else {
            p.expiresAtMillis = Math.max(p.expiresAtMillis, expiresAtMillis);
        }
        return p;
    }

    boolean permitted(InetAddress peer, long nowMillis) {
        Permission p = permissions.get(peer);
        return p != null && p.expiresAtMillis > nowMillis;
    }

    Binding bindingByNumber(int number) {
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            if (b.number == number) {
                return b;
            }
        }
        return null;
    }

    Binding bindingByPeer(InetSocketAddress peer) {
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            if (b.peer.getPort() == peer.getPort() && b.peer.getAddress().equals(peer.getAddress())) {
                return b;
            }
        }
        return null;
    }

    int bindingCount() {
        return bindings.size();
    }

    void addBinding(Binding binding) {
        bindings.add(binding);
        earliestExpiryMillis = Math.min(earliestExpiryMillis, binding.expiresAtMillis);
        published = bindings.toArray(new Binding[0]);
    }

    /** {@link #bindingByPeer} for any thread. */
    Binding publishedBindingByPeer(InetSocketAddress peer) {
        for (Binding b : published) {
            if (b.peer.getPort() == peer.getPort() && b.peer.getAddress().equals(peer.getAddress())) {
                return b;
            }
        }
        return null;
    }

    /**
     * Drops expired permissions and bindings (RFC 8656 §9, §12: they are not refreshed implicitly by data). The relay
     * thread's sweep calls this every second for every allocation, and refreshes only ever push an expiry later, so
     * it looks at them only once the earliest expiry it knows of has come: a sweep of allocations whose permissions
     * and bindings are all current costs no pass and no object.
     */
    void expire(long nowMillis) {
        if (nowMillis < earliestExpiryMillis) {
            return;
        }
        long earliest = Long.MAX_VALUE;
        boolean removed = false;
        for (int i = bindings.size() - 1; i >= 0; i--) {
            long expiry = bindings.get(i).expiresAtMillis;
            if (expiry <= nowMillis) {
                bindings.remove(i);
                removed = true;
            } else {
                earliest = Math.min(earliest, expiry);
            }
        }
        if (removed) {
            published = bindings.toArray(new Binding[0]);
        }
        for (Iterator<Permission> it = permissions.values().iterator(); it.hasNext(); ) {
            long expiry = it.next().expiresAtMillis;
            if (expiry <= nowMillis) {
                it.remove();
            } else {
                earliest = Math.min(earliest, expiry);
            }
        }
        earliestExpiryMillis = earliest;
    }

    /**
     * Takes {@code bytes} from the bandwidth budget, a bucket of one second's worth refilled at the cap; false when the
     * allocation is over its cap. Time is the server's clock, the one lifetimes run on (so tests control it); a clock
     * that steps back refills nothing and refills again from where it stepped to, so no step stops the relay.
     */
    boolean spend(int bytes, long nowMillis) {
        if (nowMillis > refilledAtMillis) {
            tokens = Math.min(burstBytes, tokens + (nowMillis - refilledAtMillis) * bytesPerMilli);
        }
        refilledAtMillis = nowMillis;
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
