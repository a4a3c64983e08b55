package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds STUN messages byte by byte (RFC 8489 §5–6): header, attributes padded to 4 bytes, then {@link Stun#sign}
 * appends MESSAGE-INTEGRITY and FINGERPRINT. The TURN client's requests add USERNAME, REALM and NONCE for long-term
 * credentials (RFC 8489 §9.2.3, {@link #encode}); the storage session's ICE checks and their answers are signed with
 * short-term credentials ({@link #sign}, RFC 8445 §7.2.2). Control-plane only: messages are rare, so a heap buffer
 * per message is fine; an owner confined to one thread that builds many (an ICE agent) keeps a {@link #reusable}
 * writer and {@link #start}s each message in it, signed in place ({@link #signInPlace}) with a {@link Stun#integrityKey}
 * it keeps too.
 */
public final class StunWriter {
    static final int TRANSACTION_ID_LENGTH = 12;
    private static final int TRANSACTION_ID_AT = 8;
    /** Requests carry a handful of short attributes; a USERNAME can reach 513 bytes (RFC 8489 §14.3). */
    private static final int MAX_REQUEST = 2048;

    /** Room after the attributes for what {@link #signInPlace} appends. */
    private final ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST + Stun.SIGNATURE_ROOM);

    private StunWriter() {
        buf.limit(MAX_REQUEST);
    }

    private StunWriter(int type, byte[] transactionId) {
        this();
        header(type, transactionId);
    }

    /** A writer for one thread to build message after message in ({@link #start}). */
    public static StunWriter reusable() {
        return new StunWriter();
    }

    /** Forgets what was written and starts a message of {@code method} and {@code messageClass}. */
    public StunWriter start(int method, int messageClass, byte[] transactionId) {
        return start(method, messageClass, transactionId, 0);
    }

    /**
     * {@link #start(int, int, byte[])} with the transaction id at {@code transactionId[offset]}: an answer takes it
     * straight from the request it answers.
     */
    public StunWriter start(int method, int messageClass, byte[] transactionId, int offset) {
        buf.clear().limit(MAX_REQUEST);
        buf.putShort((short) Stun.type(method, messageClass));
        buf.putShort((short) 0);
        buf.putInt(Stun.MAGIC_COOKIE);
        buf.put(transactionId, offset, TRANSACTION_ID_LENGTH);
        return this;
    }

    private StunWriter header(int type, byte[] transactionId) {
        buf.putShort((short) type);
        buf.putShort((short) 0);
        buf.putInt(Stun.MAGIC_COOKIE);
        buf.put(transactionId);
        return this;
    }

    /** A request of {@code method}. */
    public static StunWriter request(int method, byte[] transactionId) {
        return new StunWriter(Stun.type(method, Stun.CLASS_REQUEST), transactionId);
    }

    /** A message of {@code method} and {@code messageClass} ({@link Stun#CLASS_SUCCESS}, ...). */
    public static StunWriter message(int method, int messageClass, byte[] transactionId) {
        return new StunWriter(Stun.type(method, messageClass), transactionId);
    }

    public StunWriter attribute(int type, byte[] value) {
        buf.putShort((short) type).putShort((short) value.length).put(value);
        pad();
        return this;
    }

    public StunWriter u32(int type, int value) {
        buf.putShort((short) type).putShort((short) Integer.BYTES).putInt(value);
        return this;
    }

    public StunWriter u64(int type, long value) {
        buf.putShort((short) type).putShort((short) Long.BYTES).putLong(value);
        return this;
    }

    /** An XOR-…-ADDRESS attribute (RFC 8489 §14.2), XORed with this message's transaction id. */
    public StunWriter xorAddress(int type, InetSocketAddress address) {
        return xorAddress(type, address.getAddress().getAddress(), address.getPort());
    }

    /** {@link #xorAddress(int, InetSocketAddress)} of an address given as its bytes (4 or 16) and port. */
    public StunWriter xorAddress(int type, byte[] ip, int port) {
        int at = buf.position();
        Stun.writeXorAddress(buf, at, type, ip, port, TRANSACTION_ID_AT);
        buf.position(at + 4 + Stun.u16(buf.array(), at + 2));
        return this;
    }

    /** The request; authenticated with long-term credentials when {@code credentials} is not null. */
    public byte[] encode(Credentials credentials) {
        if (credentials != null) {
            attribute(Stun.ATTR_USERNAME, credentials.username().getBytes(StandardCharsets.UTF_8));
            attribute(Stun.ATTR_REALM, credentials.realm());
            attribute(Stun.ATTR_NONCE, credentials.nonce());
        }
        return sign(credentials == null ? null : credentials.key());
    }

    /** The message with MESSAGE-INTEGRITY made with {@code key} (none when null) and FINGERPRINT. */
    public byte[] sign(byte[] key) {
        return Stun.sign(encoded(), key);
    }

    /**
     * Finishes the message in the writer's own array ({@link #array()}) with MESSAGE-INTEGRITY made with
     * {@code integrity} (none when null) and FINGERPRINT, and returns its length: sending it from there costs no
     * array. Good until the next {@link #start}.
     */
    public int signInPlace(StunIntegrity integrity) {
        int length = buf.position();
        byte[] m = buf.array();
        Stun.put16(m, 2, length - Stun.HEADER);
        return Stun.signInPlace(m, length, integrity);
    }

    /** The array {@link #signInPlace} leaves its message in, from offset 0. */
    public byte[] array() {
        return buf.array();
    }

    private byte[] encoded() {
        byte[] m = Arrays.copyOf(buf.array(), buf.position());
        Stun.put16(m, 2, m.length - Stun.HEADER);
        return m;
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    /** Long-term credentials as a challenge set them (RFC 8489 §9.2): REALM and NONCE as the server sent them. */
    public record Credentials(String username, byte[] realm, byte[] nonce, byte[] key) {
        /**
         * The credentials a 401 challenge's REALM and NONCE give: the key is MD5(username:realm:password), RFC 8489
         * §9.2.2. SASLprep is not applied: REST usernames and base64 passwords are ASCII.
         */
        public static Credentials of(String username, String password, byte[] realm, byte[] nonce) {
            return new Credentials(username, realm, nonce,
                    Crypto.longTermKey(username, new String(realm, StandardCharsets.UTF_8), password));
        }

        /** The same credentials with the fresh NONCE of a 438 answer (RFC 8489 §9.2.5). */
        public Credentials withNonce(byte[] freshNonce) {
            return new Credentials(username, realm, freshNonce, key);
        }
    }
}
