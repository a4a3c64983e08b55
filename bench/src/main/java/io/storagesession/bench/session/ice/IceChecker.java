package io.storagesession.bench.session.ice;

import io.storagesession.turn.Stun;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The controlling ICE agent's checks (RFC 8445 §7.2.4), for a participant that offers to an SFU (a Janus publisher):
 * Binding requests to each remote candidate with USERNAME {@code <their ufrag>:<our ufrag>}, PRIORITY, ICE-CONTROLLING
 * and USE-CANDIDATE (aggressive nomination, which libnice accepts), MESSAGE-INTEGRITY keyed with their password and
 * FINGERPRINT. The first success nominates its pair; checks then go on at the consent interval (RFC 7675). Responses
 * are matched by transaction id only (the loopback path is trusted). Not thread-safe: one per participant, on the loop.
 */
public final class IceChecker {
    private static final int REQUEST = Stun.type(Stun.BINDING, Stun.CLASS_REQUEST);
    private static final int SUCCESS = Stun.type(Stun.BINDING, Stun.CLASS_SUCCESS);
    private static final int ATTRIBUTE_HEADER = 4;
    private static final int HMAC_SHA1_LENGTH = 20;
    private static final int CRC32_LENGTH = 4;
    private static final int TRANSACTION_ID_LENGTH = 12;
    private static final int TRANSACTION_ID_OFFSET = 8;
    /** RFC 8445 §5.1.2.1: relay type preference 0, local preference 65535, component 1. */
    private static final int RELAY_PRIORITY = (65_535 << 8) | (256 - 1);
    /** Retransmission while unanswered (loopback: fast), and consent afterwards. */
    private static final long CHECK_INTERVAL_NANOS = 50_000_000;
    private static final long CONSENT_INTERVAL_NANOS = 5_000_000_000L;

    private final byte[] username;
    private final Mac mac;
    private final CRC32 crc = new CRC32();
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();
    private final Map<Long, Integer> pending = new HashMap<>();
    private long nextCheck;
    private int nominated = -1;

    public IceChecker(String localUfrag, String remoteUfrag, String remotePassword) {
        username = (remoteUfrag + ":" + localUfrag).getBytes(StandardCharsets.UTF_8);
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(remotePassword.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Whether a check is due at {@code now}; if so the caller writes one per remote channel with {@link #write}. */
    public boolean due(long now) {
        if (now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + (nominated < 0 ? CHECK_INTERVAL_NANOS : CONSENT_INTERVAL_NANOS);
        return true;
    }

    /** Writes a check for the pair on {@code channel} at {@code out}'s position. */
    public void write(int channel, ByteBuffer out) {
        int start = out.position();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & 0xFFFF_FFFF_FFFFL;
        int low = random.nextInt();
        out.putShort((short) REQUEST).putShort((short) 0).putInt(Stun.MAGIC_COOKIE).putLong(high).putInt(low);
        pending.put(key(out.array(), out.arrayOffset() + start + TRANSACTION_ID_OFFSET), channel);
        out.putShort((short) Stun.ATTR_USERNAME).putShort((short) username.length).put(username);
        for (int pad = username.length; pad % 4 != 0; pad++) {
            out.put((byte) 0);
        }
        out.putShort((short) BindingRequest.ATTR_PRIORITY).putShort((short) 4).putInt(RELAY_PRIORITY);
        out.putShort((short) BindingRequest.ATTR_ICE_CONTROLLING).putShort((short) 8).putLong(tieBreaker);
        out.putShort((short) BindingRequest.ATTR_USE_CANDIDATE).putShort((short) 0);
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

    /**
     * A STUN message that is not a request: if it is the success answering one of our checks, returns its channel
     * (and the first one nominates the pair), else -1.
     */
    public int answered(byte[] b, int off, int len) {
        if (len < Stun.HEADER || ((b[off] & 0x3F) << 8 | b[off + 1] & 0xFF) != SUCCESS) {
            return -1;
        }
        Integer channel = pending.remove(key(b, off + TRANSACTION_ID_OFFSET));
        if (channel == null) {
            return -1;
        }
        if (nominated < 0) {
            nominated = channel;
        }
        return channel;
    }

    /** The channel of the nominated pair, or -1. */
    public int nominated() {
        return nominated;
    }

    /** The transaction id's last 8 bytes: random, so unique enough to match answers. */
    private static long key(byte[] b, int transactionId) {
        long k = 0;
        for (int i = TRANSACTION_ID_LENGTH - Long.BYTES; i < TRANSACTION_ID_LENGTH; i++) {
            k = k << 8 | b[transactionId + i] & 0xFF;
        }
        return k;
    }
}
