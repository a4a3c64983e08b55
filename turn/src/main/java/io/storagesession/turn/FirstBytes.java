package io.storagesession.turn;

import java.nio.ByteBuffer;

/**
 * What a new TCP connection to a TURN listener is, told from its first bytes — twice: once on the wire (a TLS
 * handshake record, or plain bytes), and once more on the plaintext (STUN, or something else, which on the port
 * shared with HTTPS is HTTP).
 *
 * <p>On the wire: a TLS record of type handshake starts with byte 22 (0x16, RFC 8446 §5.1), which no STUN message
 * can (RFC 7983 §7: STUN starts with 0..3). So the plain TURN port can run TLS for clients — the KVS C SDK among them
 * — that send a ClientHello even to {@code turn:host:port?transport=tcp}.
 *
 * <p>On the plaintext: a TURN client's first message is always a STUN request (RFC 8656 §3.1: Allocate, or a
 * Binding), which has its two top bits zero and the magic cookie 0x2112A442 at offset 4 (RFC 8489 §5). ChannelData
 * (first bits 0b01, RFC 8656 §12.4) cannot come first: a channel is bound by a ChannelBind request on the same
 * connection's allocation. That matters, because HTTP methods are upper-case letters (0x41..0x5A), inside the
 * ChannelData range — so "the first message is STUN with its cookie" is the only rule that tells TURN from HTTP.
 */
final class FirstBytes {
    /** RFC 8446 §5.1 ContentType handshake: the first byte of a ClientHello record. */
    static final int TLS_HANDSHAKE = 0x16;
    /** The STUN header up to and including the magic cookie (RFC 8489 §5). */
    static final int STUN_PREFIX = 8;
    private static final int COOKIE_OFFSET = 4;
    private static final int TOP_TWO_BITS = 0xC0;

    private FirstBytes() {
    }

    /** What a connection's plaintext is. */
    enum Kind {
        /** Too few bytes to tell yet. */
        UNDECIDED,
        /** A STUN message with the magic cookie: a TURN client. */
        STUN,
        /** Anything else: HTTP where the port is shared with HTTPS, otherwise a stranger to close. */
        OTHER
    }

    /** True when a connection's first byte on the wire starts a TLS handshake record. */
    static boolean isTlsHandshake(int firstByte) {
        return firstByte == TLS_HANDSHAKE;
    }

    /** Classifies the plaintext held in {@code in} from index 0 to {@code end} (exclusive); reads, never moves. */
    static Kind classify(ByteBuffer in, int end) {
        if (end < 1) {
            return Kind.UNDECIDED;
        }
        if ((in.get(0) & TOP_TWO_BITS) != 0) {
            return Kind.OTHER;
        }
        if (end < STUN_PREFIX) {
            return Kind.UNDECIDED;
        }
        return in.getInt(COOKIE_OFFSET) == Stun.MAGIC_COOKIE ? Kind.STUN : Kind.OTHER;
    }
}
