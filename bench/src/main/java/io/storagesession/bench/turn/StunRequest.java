package io.storagesession.bench.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds one STUN request. Used only while setting allocations up (never per relayed packet), so it favours clarity
 * over avoiding allocation. {@link #encode(LongTermKey)} appends MESSAGE-INTEGRITY computed with the long-term key
 * (RFC 8489 §9.2), which is how a TURN server authenticates every request after its 401 challenge.
 */
public final class StunRequest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MESSAGE_INTEGRITY_LENGTH = 20;

    private final ByteBuffer buffer = ByteBuffer.allocate(1500);
    private final byte[] transactionId = new byte[12];

    public StunRequest(int method) {
        RANDOM.nextBytes(transactionId);
        buffer.putShort((short) Stun.messageType(method, Stun.CLASS_REQUEST));
        buffer.putShort((short) 0);
        buffer.putInt(Stun.MAGIC_COOKIE);
        buffer.put(transactionId);
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public StunRequest attribute(int type, byte[] value) {
        buffer.putShort((short) type).putShort((short) value.length).put(value);
        buffer.position(buffer.position() + Stun.padded(value.length) - value.length);
        return this;
    }

    public StunRequest attribute(int type, String value) {
        return attribute(type, value.getBytes(StandardCharsets.UTF_8));
    }

    public StunRequest intAttribute(int type, int value) {
        return attribute(type, ByteBuffer.allocate(4).putInt(value).array());
    }

    public StunRequest xorAddress(int type, InetSocketAddress address) {
        ByteBuffer value = ByteBuffer.allocate(20);
        Stun.putXorAddress(value, address, transactionId);
        return attribute(type, Arrays.copyOf(value.array(), value.position()));
    }

    /** The request's bytes; with a key, USERNAME/REALM/NONCE are added and MESSAGE-INTEGRITY last. */
    public byte[] encode(LongTermKey key) {
        if (key != null) {
            attribute(Stun.ATTR_USERNAME, key.username());
            attribute(Stun.ATTR_REALM, key.realm());
            attribute(Stun.ATTR_NONCE, key.nonce());
            int integrityStart = buffer.position();
            buffer.putShort(2, (short) (integrityStart - Stun.HEADER_LENGTH + 4 + MESSAGE_INTEGRITY_LENGTH));
            byte[] hmac = key.hmac(Arrays.copyOf(buffer.array(), integrityStart));
            attribute(Stun.ATTR_MESSAGE_INTEGRITY, hmac);
        }
        buffer.putShort(2, (short) (buffer.position() - Stun.HEADER_LENGTH));
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * The long-term credential mechanism's key, MD5(username ":" realm ":" password), with the realm and nonce the
     * server's 401 challenge gave. SASLprep is not applied: REST usernames and base64 passwords are ASCII.
     */
    public record LongTermKey(String username, String realm, String nonce, byte[] key) {
        public static LongTermKey of(String username, String password, String realm, String nonce) {
            try {
                byte[] key = MessageDigest.getInstance("MD5")
                        .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
                return new LongTermKey(username, realm, nonce, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("MD5 is part of every JDK", e);
            }
        }

        public LongTermKey withNonce(String newNonce) {
            return new LongTermKey(username, realm, newNonce, key);
        }

        byte[] hmac(byte[] message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(key, "HmacSHA1"));
                return mac.doFinal(message);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
            }
        }
    }
}
