package io.storagesession.turn;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Long-term credentials (RFC 8489 §9.2) with TURN REST API usernames ({@link RestCredentials}): the secret is the one
 * GetIceServerConfig signs with, and the one coturn's {@code --static-auth-secret} uses, so either server accepts the
 * same credentials.
 *
 * <p>Nonces are stateless: {@code <expiry hex>:<MAC>} over the expiry and the client's address with a per-process
 * key, so unauthenticated floods make the server hold nothing, and a nonce cannot be replayed from another address.
 */
final class TurnAuth {
    private static final HexFormat HEX = HexFormat.of();
    private static final int NONCE_MAC_BYTES = 12;
    private static final int NONCE_KEY_BYTES = 32;
    /** RFC 8489 §14.3: USERNAME is at most 513 bytes. */
    static final int MAX_USERNAME_BYTES = 513;

    private final String secret;
    private final String realm;
    private final Duration nonceLifetime;
    private final Clock clock;
    private final byte[] nonceKey = new byte[NONCE_KEY_BYTES];

    TurnAuth(String secret, String realm, Duration nonceLifetime, Clock clock) {
        this.secret = secret;
        this.realm = realm;
        this.nonceLifetime = nonceLifetime;
        this.clock = clock;
        new SecureRandom().nextBytes(nonceKey);
    }

    String realm() {
        return realm;
    }

    String newNonce(InetAddress client) {
        String expiry = Long.toHexString(clock.instant().plus(nonceLifetime).getEpochSecond());
        return expiry + ":" + mac(expiry, client);
    }

    /** The outcome of checking a nonce. */
    enum NonceCheck { VALID, STALE, INVALID }

    NonceCheck checkNonce(String nonce, InetAddress client) {
        int colon = nonce.indexOf(':');
        if (colon <= 0) {
            return NonceCheck.INVALID;
        }
        String expiry = nonce.substring(0, colon);
        if (!nonce.substring(colon + 1).equals(mac(expiry, client))) {
            return NonceCheck.INVALID;
        }
        try {
            return Long.parseLong(expiry, 16) < clock.instant().getEpochSecond() ? NonceCheck.STALE : NonceCheck.VALID;
        } catch (NumberFormatException e) {
            return NonceCheck.INVALID;
        }
    }

    /**
     * The long-term key for a REST username, or null when the username is malformed or its expiry has passed
     * (the REST API's expiry is enforced here: an expired credential is simply a wrong one, 401) — unless
     * {@code ofItsAllocation}: the expiry bounds when an allocation may be made, and the allocation then lives by its
     * own lifetime, refreshed and given permissions and channels under the same credential's key (RFC 8656 §7). KVS
     * hands out credentials for 5 minutes (GetIceServerConfig) for sessions that last up to an hour; refusing the
     * refresh of a live allocation once its credential aged cut every relayed participant off after 10 minutes.
     */
    byte[] keyFor(String username, boolean ofItsAllocation) {
        OptionalLong expiry = RestCredentials.expiryOf(username);
        if (expiry.isEmpty() || !ofItsAllocation && expiry.getAsLong() < clock.instant().getEpochSecond()) {
            return null;
        }
        return Crypto.longTermKey(username, realm, RestCredentials.passwordFor(secret, username));
    }

    private String mac(String expiry, InetAddress client) {
        byte[] address = client.getAddress();
        byte[] data = new byte[expiry.length() + address.length];
        System.arraycopy(expiry.getBytes(StandardCharsets.US_ASCII), 0, data, 0, expiry.length());
        System.arraycopy(address, 0, data, expiry.length(), address.length);
        byte[] mac = Crypto.hmacSha256(nonceKey, data);
        return HEX.formatHex(mac, 0, NONCE_MAC_BYTES);
    }
}
