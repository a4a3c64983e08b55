package io.storagesession.bench.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials of the "TURN REST API" convention (draft-uberti-behave-turn-rest), the one coturn's
 * {@code --use-auth-secret} checks and KVS's GetIceServerConfig hands out: the username is
 * {@code <expiry in epoch seconds>:<user>} and the password is base64(HMAC-SHA1(shared secret, username)). The server
 * needs no user database, only the secret, and refuses a username whose expiry has passed.
 *
 * @param username the long-term credential username, expiry included
 * @param password the long-term credential password
 */
public record RestCredentials(String username, String password) {

    /** Credentials for {@code user} that expire at {@code expiry} (may be in the past, to test refusal). */
    public static RestCredentials of(String sharedSecret, String user, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + user;
        return new RestCredentials(username, passwordFor(sharedSecret, username));
    }

    /** The password the server derives for {@code username}: base64(HMAC-SHA1(secret, username)). */
    public static String passwordFor(String sharedSecret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
