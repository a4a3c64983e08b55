package io.storagesession.bench.session.ice;

import io.storagesession.turn.Stun;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The controlled ICE agent's side of connectivity and consent checks for one participant (RFC 8445 §7.3, RFC 7675):
 * checks a Binding request's MESSAGE-INTEGRITY against our ICE password (short-term credentials, RFC 8489 §9.1) and
 * answers with a Binding success carrying XOR-MAPPED-ADDRESS (where the request came from), MESSAGE-INTEGRITY keyed
 * with the same password and FINGERPRINT (RFC 8489 §14.7), as ice4j, the server's agent, requires. Not thread-safe:
 * one per participant, on the event loop.
 */
public final class IceResponder {
    private static final int SUCCESS = Stun.type(Stun.BINDING, Stun.CLASS_SUCCESS);
    private static final int ATTRIBUTE_HEADER = 4;
    /** Where a STUN header holds the transaction id (RFC 8489 §5). */
    private static final int TRANSACTION_ID_AT = 8;
    private static final int XOR_ADDRESS_V4 = 8;
    private static final int HMAC_SHA1_LENGTH = 20;
    private static final int CRC32_LENGTH = 4;
    /** Header, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT. */
    public static final int ANSWER_LENGTH = Stun.HEADER + ATTRIBUTE_HEADER + XOR_ADDRESS_V4
            + ATTRIBUTE_HEADER + HMAC_SHA1_LENGTH + ATTRIBUTE_HEADER + CRC32_LENGTH;

    /** RFC 8839 §5.4 ice-char: ALPHA / DIGIT / "+" / "/". */
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final String localUfrag;
    private final Mac mac;
    private final CRC32 crc = new CRC32();
    private long refused;

    public IceResponder(String localUfrag, String localPassword) {
        this.localUfrag = localUfrag;
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(localPassword.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /**
     * Checks the request in {@code b[off, off + len)} (modified in place: its length field is rewritten while the
     * integrity is checked, as RFC 8489 §14.5 computes it) and returns it when it is an authentic check for us, else
     * null (counted in {@link #refused()}).
     */
    public BindingRequest authentic(byte[] b, int off, int len) {
        BindingRequest request = BindingRequest.parse(b, off, len);
        if (request == null || !request.isFor(localUfrag) || request.integrityOffset() < 0) {
            refused++;
            return null;
        }
        int integrity = request.integrityOffset();
        int savedLength = BindingRequest.u16(b, off + 2);
        putU16(b, off + 2, integrity - Stun.HEADER + ATTRIBUTE_HEADER + HMAC_SHA1_LENGTH);
        mac.update(b, off, integrity);
        byte[] expected = mac.doFinal();
        putU16(b, off + 2, savedLength);
        byte[] actual = java.util.Arrays.copyOfRange(b, off + integrity + ATTRIBUTE_HEADER,
                off + integrity + ATTRIBUTE_HEADER + HMAC_SHA1_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            refused++;
            return null;
        }
        return request;
    }

    /** Writes the Binding success answering {@code request}, from {@code source}, at {@code out}'s position. */
    public void answer(BindingRequest request, InetSocketAddress source, ByteBuffer out) {
        int start = out.position();
        out.putShort((short) SUCCESS).putShort((short) 0).putInt(Stun.MAGIC_COOKIE).put(request.transactionId());
        int mapped = out.position();
        Stun.writeXorAddress(out, mapped, Stun.ATTR_XOR_MAPPED_ADDRESS, source, start + TRANSACTION_ID_AT);
        out.position(mapped + ATTRIBUTE_HEADER + (out.getShort(mapped + 2) & 0xFFFF));
        int integrity = out.position();
        out.putShort(start + 2, (short) (integrity - start - Stun.HEADER + ATTRIBUTE_HEADER + HMAC_SHA1_LENGTH));
        mac.update(out.array(), out.arrayOffset() + start, integrity - start);
        out.putShort((short) Stun.ATTR_MESSAGE_INTEGRITY).putShort((short) HMAC_SHA1_LENGTH).put(mac.doFinal());
        int fingerprint = out.position();
        out.putShort(start + 2, (short) (fingerprint - start - Stun.HEADER + ATTRIBUTE_HEADER + CRC32_LENGTH));
        crc.reset();
        crc.update(out.array(), out.arrayOffset() + start, fingerprint - start);
        out.putShort((short) Stun.ATTR_FINGERPRINT).putShort((short) CRC32_LENGTH)
                .putInt((int) crc.getValue() ^ Stun.FINGERPRINT_XOR);
    }

    /** A random ufrag or password of {@code length} ice-chars. */
    public static String randomCredential(int length) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return s.toString();
    }

    /** Requests refused: malformed, not for our ufrag, or failing MESSAGE-INTEGRITY. */
    public long refused() {
        return refused;
    }

    private static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
