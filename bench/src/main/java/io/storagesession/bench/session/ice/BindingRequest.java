package io.storagesession.bench.session.ice;

import io.storagesession.turn.Stun;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An ICE connectivity check or consent check received by the controlled agent (RFC 8445 §7.3, RFC 7675): a STUN
 * Binding request whose USERNAME is {@code <our ufrag>:<their ufrag>} and whose MESSAGE-INTEGRITY is keyed with our
 * ICE password (RFC 8489 §9.1). {@link #parse} never throws and never reads outside its range: anything that is not a
 * well-formed Binding request gives null.
 *
 * @param transactionId        the request's 96-bit transaction id, echoed in the answer
 * @param username             the USERNAME attribute, or null
 * @param useCandidate         whether USE-CANDIDATE was present: the controlling agent nominates this pair
 * @param integrityOffset      where MESSAGE-INTEGRITY's attribute header starts, relative to the message, or -1
 */
public record BindingRequest(byte[] transactionId, String username, boolean useCandidate, int integrityOffset) {
    static final int ATTR_PRIORITY = 0x0024;
    static final int ATTR_USE_CANDIDATE = 0x0025;
    static final int ATTR_ICE_CONTROLLING = 0x802A;
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int TRANSACTION_ID_LENGTH = 12;
    private static final int TRANSACTION_ID_OFFSET = 8;
    private static final int ATTRIBUTE_HEADER = 4;
    private static final int TYPE_MASK = 0x3FFF;
    private static final int HMAC_SHA1_LENGTH = 20;

    /** The Binding request in {@code b[off, off + len)}, or null. */
    public static BindingRequest parse(byte[] b, int off, int len) {
        if (len < Stun.HEADER || (b[off] & 0xC0) != 0) {
            return null;
        }
        int type = u16(b, off) & TYPE_MASK;
        int length = u16(b, off + 2);
        if (type != Stun.type(Stun.BINDING, Stun.CLASS_REQUEST) || u32(b, off + 4) != Stun.MAGIC_COOKIE
                || length % 4 != 0 || Stun.HEADER + length > len) {
            return null;
        }
        byte[] transactionId = Arrays.copyOfRange(b, off + TRANSACTION_ID_OFFSET,
                off + TRANSACTION_ID_OFFSET + TRANSACTION_ID_LENGTH);
        String username = null;
        boolean useCandidate = false;
        int integrity = -1;
        int pos = Stun.HEADER;
        int end = Stun.HEADER + length;
        while (pos + ATTRIBUTE_HEADER <= end) {
            int attribute = u16(b, off + pos);
            int valueLength = u16(b, off + pos + 2);
            int value = pos + ATTRIBUTE_HEADER;
            if (value + valueLength > end) {
                return null;
            }
            if (attribute == Stun.ATTR_USERNAME) {
                username = new String(b, off + value, valueLength, StandardCharsets.UTF_8);
            } else if (attribute == ATTR_USE_CANDIDATE) {
                useCandidate = true;
            } else if (attribute == Stun.ATTR_MESSAGE_INTEGRITY) {
                if (valueLength != HMAC_SHA1_LENGTH) {
                    return null;
                }
                integrity = pos;
                break; // RFC 8489 §14.5: only FINGERPRINT may follow, and nothing after it is covered
            }
            pos = value + (valueLength + 3 & ~3);
        }
        return new BindingRequest(transactionId, username, useCandidate, integrity);
    }

    /** Whether USERNAME names our ufrag first, as checks for us must (RFC 8445 §7.2.2). */
    public boolean isFor(String localUfrag) {
        return username != null && username.startsWith(localUfrag + ":");
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static int u32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }
}
