package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;

/**
 * Encodes the server's STUN responses with ice4j's codec (as the issue asks: the TURN server is built on ice4j's
 * message classes), then appends MESSAGE-INTEGRITY — keyed with the request's long-term key when the request was
 * authenticated (RFC 8489 §9.2.4) — and FINGERPRINT with {@link Stun#sign}.
 */
final class Responses {
    private Responses() {
    }

    static byte[] success(int method, byte[] transactionId, List<Attribute> attributes, byte[] key) {
        return encode(Stun.type(method, Stun.CLASS_SUCCESS), transactionId, attributes, key);
    }

    static byte[] error(int method, byte[] transactionId, int code, String reason, byte[] key) {
        return encode(Stun.type(method, Stun.CLASS_ERROR), transactionId,
                List.of(AttributeFactory.createErrorCodeAttribute((char) code, reason)), key);
    }

    /** 401 and 438 carry REALM and a fresh NONCE so the client can (re)compute its credentials (RFC 8489 §9.2.4). */
    static byte[] challenge(int method, byte[] transactionId, int code, String reason, String realm, String nonce) {
        return encode(Stun.type(method, Stun.CLASS_ERROR), transactionId, List.of(
                AttributeFactory.createErrorCodeAttribute((char) code, reason),
                AttributeFactory.createRealmAttribute(realm.getBytes(StandardCharsets.UTF_8)),
                AttributeFactory.createNonceAttribute(nonce.getBytes(StandardCharsets.UTF_8))), null);
    }

    static Attribute xorMapped(InetSocketAddress address, boolean tcp, byte[] transactionId) {
        return AttributeFactory.createXorMappedAddressAttribute(transport(address, tcp), transactionId);
    }

    static Attribute xorRelayed(InetSocketAddress address, byte[] transactionId) {
        return AttributeFactory.createXorRelayedAddressAttribute(transport(address, false), transactionId);
    }

    static Attribute lifetime(long seconds) {
        return AttributeFactory.createLifetimeAttribute((int) seconds);
    }

    private static TransportAddress transport(InetSocketAddress address, boolean tcp) {
        return new TransportAddress(address.getAddress(), address.getPort(), tcp ? Transport.TCP : Transport.UDP);
    }

    private static byte[] encode(int type, byte[] transactionId, List<Attribute> attributes, byte[] key) {
        Response response = MessageFactory.createChannelBindResponse();
        response.setMessageType((char) type);
        try {
            response.setTransactionID(transactionId);
        } catch (StunException e) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes", e);
        }
        for (Attribute attribute : attributes) {
            response.putAttribute(attribute);
        }
        return Stun.sign(withoutFingerprint(response.encode(null)), key);
    }

    /**
     * ice4j appends a FINGERPRINT itself when its {@code ALWAYS_SIGN} property is set (as ice4j agents in the same
     * JVM set it); it must go, because MESSAGE-INTEGRITY and the one FINGERPRINT are appended after it.
     */
    private static byte[] withoutFingerprint(byte[] encoded) {
        int last = encoded.length - 8;
        if (last >= Stun.HEADER && Stun.u16(encoded, last) == Stun.ATTR_FINGERPRINT && Stun.u16(encoded, last + 2) == 4) {
            byte[] trimmed = Arrays.copyOf(encoded, last);
            Stun.put16(trimmed, 2, last - Stun.HEADER);
            return trimmed;
        }
        return encoded;
    }
}
