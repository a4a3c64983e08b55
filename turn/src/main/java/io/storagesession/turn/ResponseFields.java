package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The attributes a TURN client reads from responses, on messages {@link Stun#scan} has already validated (so the
 * attribute framing holds). Only attributes before MESSAGE-INTEGRITY count (RFC 8489 §14.5). Public for the other
 * TURN clients of the tree (the load generator's), which read responses the same way.
 */
public final class ResponseFields {
    private static final int ERROR_CLASS_HUNDREDS = 100;
    private static final int ERROR_CLASS_MASK = 0x7;
    /** ERROR-CODE: 2 reserved bytes, class, number, then the reason phrase. */
    private static final int ERROR_REASON_AT = 8;

    private ResponseFields() {
    }

    /** The value of the first {@code type} attribute of a scanned message, or null. */
    public static byte[] value(byte[] m, int len, int type) {
        int at = Stun.find(m, len, type);
        return at < 0 ? null : Arrays.copyOfRange(m, at + 4, at + 4 + Stun.u16(m, at + 2));
    }

    /** ERROR-CODE as a number (RFC 8489 §14.8: class × 100 + number), or 0 when absent or malformed. */
    public static int errorCode(byte[] m, int len) {
        int at = Stun.find(m, len, Stun.ATTR_ERROR_CODE);
        if (at < 0 || Stun.u16(m, at + 2) < 4) {
            return 0;
        }
        return (m[at + 6] & ERROR_CLASS_MASK) * ERROR_CLASS_HUNDREDS + (m[at + 7] & 0xff);
    }

    /** ERROR-CODE's reason phrase, for messages; empty when absent. */
    public static String errorReason(byte[] m, int len) {
        int at = Stun.find(m, len, Stun.ATTR_ERROR_CODE);
        int length = at < 0 ? 0 : Stun.u16(m, at + 2);
        return length <= 4 ? "" : new String(m, at + ERROR_REASON_AT, length - 4, StandardCharsets.UTF_8);
    }

    /** An XOR-…-ADDRESS attribute of a scanned message, or null when absent or malformed. */
    public static InetSocketAddress xorAddress(byte[] m, int len, int type) {
        int at = Stun.find(m, len, type);
        return at < 0 ? null : Stun.readXorAddress(m, at + 4, Stun.u16(m, at + 2));
    }

    /** A 32-bit attribute such as LIFETIME as an unsigned number, or -1 when absent or malformed. */
    public static long u32(byte[] m, int len, int type) {
        int at = Stun.find(m, len, type);
        return at < 0 || Stun.u16(m, at + 2) != Integer.BYTES ? -1 : Stun.i32(m, at + 4) & 0xffffffffL;
    }

}
