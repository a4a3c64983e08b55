package io.storagesession.bench.turn;

import io.storagesession.turn.ResponseFields;
import io.storagesession.turn.Stun;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parts of a STUN response the load generator's TURN client acts on, read with the turn module's
 * {@link Stun#scan} and {@link ResponseFields}. Other attributes are skipped; the response's MESSAGE-INTEGRITY is not
 * verified (the benchmark trusts its own server on 127.0.0.1).
 *
 * @param messageClass {@link Stun#CLASS_SUCCESS} or {@link Stun#CLASS_ERROR}
 * @param errorCode 0 unless an ERROR-CODE attribute was present
 * @param relayedAddress XOR-RELAYED-ADDRESS of an Allocate success, else null
 * @param mappedAddress XOR-MAPPED-ADDRESS, else null
 */
public record StunResponse(int method, int messageClass, byte[] transactionId, int errorCode, String reason,
                           String realm, String nonce, InetSocketAddress relayedAddress,
                           InetSocketAddress mappedAddress, int lifetimeSeconds) {
    private static final int TRANSACTION_ID_AT = 8;
    private static final int TRANSACTION_ID_LENGTH = 12;

    /** Whether {@code datagram} starts like a STUN message (first two bits 0 and the magic cookie). */
    public static boolean isStun(ByteBuffer datagram) {
        return datagram.remaining() >= Stun.HEADER && Stun.isStun(datagram.get(datagram.position()) & 0xff)
                && datagram.getInt(datagram.position() + 4) == Stun.MAGIC_COOKIE;
    }

    /** Parses the STUN message in {@code datagram}'s remaining bytes; throws when its framing is malformed. */
    public static StunResponse parse(ByteBuffer datagram) {
        byte[] m = new byte[datagram.remaining()];
        datagram.duplicate().get(m);
        Stun.Scan scan = Stun.scan(m, m.length);
        if (scan == null) {
            throw new IllegalArgumentException("malformed STUN message of " + m.length + " bytes");
        }
        byte[] realm = ResponseFields.value(m, m.length, Stun.ATTR_REALM);
        byte[] nonce = ResponseFields.value(m, m.length, Stun.ATTR_NONCE);
        long lifetime = ResponseFields.u32(m, m.length, Stun.ATTR_LIFETIME);
        int messageClass = Stun.messageClass(scan.type());
        String reason = ResponseFields.errorReason(m, m.length);
        return new StunResponse(Stun.method(scan.type()), messageClass,
                Arrays.copyOfRange(m, TRANSACTION_ID_AT, TRANSACTION_ID_AT + TRANSACTION_ID_LENGTH),
                ResponseFields.errorCode(m, m.length), reason.isEmpty() ? null : reason, string(realm), string(nonce),
                ResponseFields.xorAddress(m, m.length, Stun.ATTR_XOR_RELAYED_ADDRESS),
                ResponseFields.xorAddress(m, m.length, Stun.ATTR_XOR_MAPPED_ADDRESS),
                lifetime < 0 ? 0 : (int) lifetime);
    }

    public boolean isSuccess() {
        return messageClass == Stun.CLASS_SUCCESS;
    }

    public boolean answers(byte[] requestTransactionId) {
        return Arrays.equals(transactionId, requestTransactionId);
    }

    private static String string(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (isSuccess() ? "success" : "error " + errorCode + " " + reason) + " to method 0x"
                + Integer.toHexString(method) + (relayedAddress == null ? "" : " relayed " + relayedAddress);
    }
}
