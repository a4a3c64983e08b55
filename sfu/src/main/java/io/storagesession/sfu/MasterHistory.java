package io.storagesession.sfu;

import io.storagesession.codecs.rtp.PacketRing;

/**
 * The master's last video packets as they arrived, once per session, by SSRC and sequence number: what every viewer's
 * NACKs are answered from ({@link RetransmissionBuffer} keeps, per viewer, only which of these it sent under which
 * numbers, and finds them here by the master's numbers). One copy instead of one per viewer keeps a viewer's cost to
 * a few arrays of ints. The bytes are in a {@link PacketRing} that keeps each packet for
 * {@code retransmission.max-age} (older ones are never resent, RFC 4585 §6.2.1 NACKs come within a round trip) and so
 * grows to the master's bit rate × max-age, not slots × MTU; its slots likewise grow from
 * {@code retransmission.initial-packets} to the master's packet rate × max-age, up to {@code max-packets}. A packet's
 * key is its SSRC above its sequence number, so a new master's packet with the same number is a different packet.
 * Made when the session's first viewer connects. Confined to the session executor.
 */
final class MasterHistory {
    /** {@link #find} result. */
    static final int MISSING = PacketRing.NOT_HELD;
    private static final int SEQUENCE_BITS = 16;
    private static final int SEQUENCE_MASK = 0xFFFF;

    private final PacketRing ring;

    /**
     * {@code initialPackets} slots that may grow to {@code maxPackets} (both rounded up to a power of two) over a byte
     * ring of {@code initialBytes} that may grow to {@code maxBytes}, to keep every packet younger than
     * {@code maxAgeNanos}.
     */
    MasterHistory(int initialPackets, int maxPackets, int initialBytes, int maxBytes, long maxAgeNanos) {
        this.ring = new PacketRing(initialPackets, maxPackets, initialBytes, maxBytes, maxAgeNanos);
    }

    /** A history with a fixed number of slots. */
    MasterHistory(int maxPackets, int initialBytes, int maxBytes, long maxAgeNanos) {
        this(maxPackets, maxPackets, initialBytes, maxBytes, maxAgeNanos);
    }

    MasterHistory(VideoSettings settings) {
        this(settings.retransmissionInitialPackets(), settings.retransmissionMaxPackets(),
                settings.retransmissionHistoryInitialBytes(), settings.retransmissionHistoryMaxBytes(),
                settings.retransmissionMaxAge().toNanos());
    }

    /** The slot count now. */
    int capacity() {
        return ring.slots();
    }

    /** The byte ring's size now: what the history's packets cost the session. */
    int capacityBytes() {
        return ring.capacityBytes();
    }

    /** Packets lost to the cap (retransmission.history-max-bytes) while still younger than max-age. */
    long overwritten() {
        return ring.overwritten();
    }

    /**
     * Keeps the master's packet with {@code sequence} from source {@code ssrc} as it was at {@code nowNanos}, evicting
     * the one that held its slot; returns the slot (good until the next store: slots may grow), or
     * {@link PacketRing#REFUSED} for a packet beyond the ring's cap.
     */
    int store(int ssrc, int sequence, byte[] packet, int off, int len, long nowNanos) {
        return ring.store(key(ssrc, sequence), packet, off, len, nowNanos);
    }

    /** The slot holding packet {@code sequence} of source {@code ssrc}, intact, or {@link #MISSING}. */
    int find(int ssrc, int sequence) {
        return ring.find(key(ssrc, sequence));
    }

    /**
     * Whether {@code slot} still holds packet {@code sequence} of source {@code ssrc}: not overwritten, and not a new
     * master's packet that happens to carry the same number.
     */
    boolean holds(int slot, int ssrc, int sequence) {
        return ring.holds(slot, key(ssrc, sequence));
    }

    /** The array the packet in {@code slot} is in, at {@link #offset}; take it again after every {@link #store}. */
    byte[] packet(int slot) {
        return ring.bytes();
    }

    int offset(int slot) {
        return ring.offset(slot);
    }

    int length(int slot) {
        return ring.length(slot);
    }

    private static long key(int ssrc, int sequence) {
        return Integer.toUnsignedLong(ssrc) << SEQUENCE_BITS | sequence & SEQUENCE_MASK;
    }
}
