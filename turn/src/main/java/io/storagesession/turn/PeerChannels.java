package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client's peers and their channel numbers (RFC 8656 §12): looked up by peer address on every send, from any
 * thread, without allocating (a concurrent map keyed by the caller's own address objects), and by number on every
 * ChannelData received, on the I/O thread (an array indexed by number, so no boxing).
 */
final class PeerChannels {
    /** RFC 8656 §12: channel numbers 0x4000 through 0x4FFF. */
    static final int LAST_CHANNEL = 0x4FFF;

    private final ConcurrentHashMap<InetSocketAddress, PeerChannel> byPeer = new ConcurrentHashMap<>();
    private final AtomicInteger nextNumber = new AtomicInteger(Stun.MIN_CHANNEL);
    /** I/O thread only: channels whose binding was requested, at {@code number - MIN_CHANNEL}. */
    private PeerChannel[] byNumber = new PeerChannel[0];

    PeerChannel get(InetSocketAddress peer) {
        return byPeer.get(peer);
    }

    /**
     * The peer's channel, created with the next free number on the first send to the peer; {@code created} is given
     * a channel that was created by this call and has a number (the 4,097th peer gets none and stays on Send
     * indications).
     */
    PeerChannel open(InetSocketAddress peer, Consumer<PeerChannel> created) {
        int number = nextNumber.getAndIncrement();
        PeerChannel fresh = new PeerChannel(peer, number <= LAST_CHANNEL ? number : PeerChannel.NONE);
        PeerChannel existing = byPeer.putIfAbsent(peer, fresh);
        if (existing != null) {
            return existing;
        }
        if (fresh.number != PeerChannel.NONE) {
            created.accept(fresh);
        }
        return fresh;
    }

    /** I/O thread: ChannelData on {@code c}'s number is accepted from now on (the server may send it before it answers). */
    void expect(PeerChannel c) {
        int index = c.number - Stun.MIN_CHANNEL;
        if (index >= byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, Math.max(index + 1, byNumber.length * 2));
        }
        byNumber[index] = c;
    }

    /** I/O thread: the channel with {@code number}, or null when this client never bound it. */
    PeerChannel byNumber(int number) {
        int index = number - Stun.MIN_CHANNEL;
        return index >= 0 && index < byNumber.length ? byNumber[index] : null;
    }

    Collection<PeerChannel> all() {
        return byPeer.values();
    }
}
