package io.storagesession.bench.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parts of a STUN response a TURN client acts on. Other attributes are skipped; the response's
 * MESSAGE-INTEGRITY is not verified (the benchmark trusts its own server on 127.0.0.1).
 *
 * @param messageClass {@link Stun#CLASS_SUCCESS} or {@link Stun#CLASS_ERROR}
 * @param errorCode 0 unless an ERROR-CODE attribute was present
 * @param relayedAddress XOR-RELAYED-ADDRESS of an Allocate success, else null
 * @param mappedAddress XOR-MAPPED-ADDRESS, else null
 */
public record StunResponse(int method, int messageClass, byte[] transactionId, int errorCode, String reason,
                           String realm, String nonce, InetSocketAddress relayedAddress,
                           InetSocketAddress mappedAddress, int lifetimeSeconds) {

    /** Whether {@code datagram} starts like a STUN message (first two bits 0 and the magic cookie). */
    public static boolean isStun(ByteBuffer datagram) {
        return datagram.remaining() >= Stun.HEADER_LENGTH && (datagram.get(datagram.position()) & 0xC0) == 0
                && datagram.getInt(datagram.position() + 4) == Stun.MAGIC_COOKIE;
    }

    /** Parses the STUN message in {@code datagram}'s remaining bytes. */
    public static StunResponse parse(ByteBuffer datagram) {
        ByteBuffer in = datagram.slice();
        int type = in.getShort() & 0x3FFF;
        int length = in.getShort() & 0xFFFF;
        in.getInt();
        byte[] transactionId = new byte[12];
        in.get(transactionId);
        if (length > in.remaining()) {
            throw new IllegalArgumentException("STUN length " + length + " beyond datagram " + in.remaining());
        }
        int errorCode = 0;
        int lifetime = 0;
        String reason = null;
        String realm = null;
        String nonce = null;
        InetSocketAddress relayed = null;
        InetSocketAddress mapped = null;
        int end = Stun.HEADER_LENGTH + length;
        while (in.position() + 4 <= end) {
            int attribute = in.getShort() & 0xFFFF;
            int valueLength = in.getShort() & 0xFFFF;
            int valueStart = in.position();
            switch (attribute) {
                case Stun.ATTR_ERROR_CODE -> {
                    in.getShort();
                    errorCode = (in.get() & 0x7) * 100 + (in.get() & 0xFF);
                    reason = string(in, valueLength - 4);
                }
                case Stun.ATTR_REALM -> realm = string(in, valueLength);
                case Stun.ATTR_NONCE -> nonce = string(in, valueLength);
                case Stun.ATTR_LIFETIME -> lifetime = in.getInt();
                case Stun.ATTR_XOR_RELAYED_ADDRESS -> relayed = Stun.getXorAddress(in, valueLength, transactionId);
                case Stun.ATTR_XOR_MAPPED_ADDRESS -> mapped = Stun.getXorAddress(in, valueLength, transactionId);
                default -> {
                }
            }
            in.position(valueStart + Stun.padded(valueLength));
        }
        int messageClass = type & Stun.CLASS_ERROR;
        int method = type & ~Stun.CLASS_ERROR;
        return new StunResponse(method, messageClass, transactionId, errorCode, reason, realm, nonce, relayed, mapped,
                lifetime);
    }

    public boolean isSuccess() {
        return messageClass == Stun.CLASS_SUCCESS;
    }

    public boolean answers(byte[] requestTransactionId) {
        return Arrays.equals(transactionId, requestTransactionId);
    }

    private static String string(ByteBuffer in, int length) {
        byte[] bytes = new byte[Math.max(0, length)];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (isSuccess() ? "success" : "error " + errorCode + " " + reason) + " to method 0x"
                + Integer.toHexString(method) + (relayedAddress == null ? "" : " relayed " + relayedAddress);
    }
}
