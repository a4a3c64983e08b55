package io.storagesession.turn;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Time-limited TURN credentials of the "TURN REST API" convention (draft-uberti-behave-turn-rest-00), the one coturn's
 * {@code --use-auth-secret} checks and KVS's GetIceServerConfig hands out: the username is
 * {@code <expiry in epoch seconds>:<user>} and the password is base64(HMAC-SHA1(shared secret, username)). The TURN
 * server needs no user database, only the secret: it recomputes the password from the username and refuses a username
 * whose expiry has passed. This is the one place the scheme is written down; the issuer (GetIceServerConfig), the
 * verifier ({@link TurnAuth}) and every client (benchmarks, tests) use it.
 *
 * <p>GetIceServerConfig puts the signaling channel's name first in {@code <user>} ({@code <channel>:<user>}; names
 * and client ids cannot contain ':'), so the TURN server can apply its per-channel allocation quota
 * ({@link #channelOf}).
 *
 * @param username the long-term credential username (RFC 8489 §9.2), expiry included
 * @param password the long-term credential password
 */
public record RestCredentials(String username, String password) {
    private static final char SEPARATOR = ':';

    /** Credentials for {@code user} that expire at {@code expiry} (may be in the past, to test refusal). */
    public static RestCredentials issue(String sharedSecret, String user, Instant expiry) {
        String username = expiry.getEpochSecond() + String.valueOf(SEPARATOR) + user;
        return new RestCredentials(username, passwordFor(sharedSecret, username));
    }

    /** The password a TURN server derives for {@code username}: base64(HMAC-SHA1(secret, username)). */
    public static String passwordFor(String sharedSecret, String username) {
        byte[] u = username.getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(
                Crypto.hmacSha1(sharedSecret.getBytes(StandardCharsets.UTF_8), u, 0, u.length));
    }

    /** The expiry (epoch seconds) a REST username carries, or empty when the username has none. */
    static OptionalLong expiryOf(String username) {
        int colon = username.indexOf(SEPARATOR);
        if (colon <= 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(username.substring(0, colon)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The quota group of a REST username: the signaling channel GetIceServerConfig issued it for, else the user. */
    static String channelOf(String username) {
        int first = username.indexOf(SEPARATOR);
        String user = first < 0 ? username : username.substring(first + 1);
        int second = user.indexOf(SEPARATOR);
        return second < 0 ? user : user.substring(0, second);
    }
}
