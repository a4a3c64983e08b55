package io.storagesession.webrtc.ice;

import io.storagesession.turn.Stun;
import io.storagesession.turn.StunIntegrity;
import io.storagesession.turn.StunWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The STUN messages of ICE connectivity and consent checks (RFC 8445 §7.1–7.3, RFC 7675), built and read with the
 * TURN module's {@link Stun} codec: a Binding request with PRIORITY, ICE-CONTROLLING, optionally USE-CANDIDATE,
 * USERNAME, MESSAGE-INTEGRITY (short-term credentials, RFC 8445 §7.2.2) and FINGERPRINT; its success and error
 * responses, with the TURN module's {@link StunWriter}. Checks go on for as long as a participant stays (a consent
 * check each way every few seconds, RFC 7675), so a message is built and signed in the agent's one writer
 * ({@link StunWriter#signInPlace}, with keyed HMACs made once, {@link Stun#integrityKey}) and sent from its array:
 * each builder returns the message's length in {@link StunWriter#array()}, good until the writer's next message.
 */
final class IceMessages {
    static final int ATTR_ERROR_CODE = 0x0009;
    /** RFC 8445 §16.1. */
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int ATTR_ICE_CONTROLLING = 0x802A;
    static final int ROLE_CONFLICT = 487;
    static final int TRANSACTION_ID_OFFSET = 8;
    static final int TRANSACTION_ID_LENGTH = 12;
    private static final int ATTR_HEADER = 4;
    private static final int TIE_BREAKER_LENGTH = 8;
    private static final byte[] NO_VALUE = new byte[0];
    private static final int ERROR_CLASS_HUNDREDS = 100;

    private IceMessages() {
    }

    /** A connectivity or consent check, signed with the remote peer's password; its length in the writer's array. */
    static int request(StunWriter writer, byte[] transaction, byte[] username, long priority, long tieBreaker,
                       boolean useCandidate, StunIntegrity remoteKey) {
        StunWriter w = writer.start(Stun.BINDING, Stun.CLASS_REQUEST, transaction)
                .attribute(Stun.ATTR_USERNAME, username)
                .u32(Stun.ATTR_PRIORITY, (int) priority)
                .u64(ATTR_ICE_CONTROLLING, tieBreaker);
        if (useCandidate) {
            w.attribute(Stun.ATTR_USE_CANDIDATE, NO_VALUE);
        }
        return w.signInPlace(remoteKey);
    }

    /**
     * The success response to a check (RFC 8445 §7.3.1.1): the source it came from ({@code ip}, {@code port}), signed
     * with our password; its length in the writer's array.
     */
    static int success(StunWriter writer, byte[] request, byte[] ip, int port, StunIntegrity localKey) {
        return writer.start(Stun.BINDING, Stun.CLASS_SUCCESS, request, TRANSACTION_ID_OFFSET)
                .xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, ip, port).signInPlace(localKey);
    }

    /** An error response (RFC 8489 §14.8), e.g. 487 Role Conflict (RFC 8445 §7.3.1.1); its length in the writer. */
    static int error(StunWriter writer, byte[] request, int code, String reason, StunIntegrity localKey) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[Integer.BYTES + text.length];
        value[2] = (byte) (code / ERROR_CLASS_HUNDREDS);
        value[3] = (byte) (code % ERROR_CLASS_HUNDREDS);
        System.arraycopy(text, 0, value, Integer.BYTES, text.length);
        return writer.start(Stun.BINDING, Stun.CLASS_ERROR, request, TRANSACTION_ID_OFFSET)
                .attribute(ATTR_ERROR_CODE, value).signInPlace(localKey);
    }

    /** The offset of the first {@code type} attribute's value before MESSAGE-INTEGRITY, or -1. */
    static int find(byte[] m, int len, int type) {
        int at = Stun.find(m, len, type);
        return at < 0 ? -1 : at + ATTR_HEADER;
    }

    /** Length of the attribute whose value starts at {@code valueAt}. */
    static int valueLength(byte[] m, int valueAt) {
        return Stun.u16(m, valueAt - 2);
    }

    /** The error code of an error response (e.g. 487), or 0 when it has none. */
    static int errorCode(byte[] m, int len) {
        int at = find(m, len, ATTR_ERROR_CODE);
        if (at < 0 || valueLength(m, at) < Integer.BYTES) {
            return 0;
        }
        return (m[at + 2] & 0x7) * ERROR_CLASS_HUNDREDS + (m[at + 3] & 0xff);
    }

    /** The 64-bit value of a tie-breaker attribute, or null when absent or malformed. */
    static Long tieBreaker(byte[] m, int len, int type) {
        int at = find(m, len, type);
        if (at < 0 || valueLength(m, at) != TIE_BREAKER_LENGTH) {
            return null;
        }
        return ByteBuffer.wrap(m, at, TIE_BREAKER_LENGTH).getLong();
    }

    static boolean sameTransaction(byte[] m, byte[] transaction) {
        return Arrays.equals(m, TRANSACTION_ID_OFFSET, TRANSACTION_ID_OFFSET + TRANSACTION_ID_LENGTH, transaction, 0,
                TRANSACTION_ID_LENGTH);
    }
}
