package io.storagesession.api.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in the "TURN REST API" convention (draft-uberti-behave-turn-rest-00, as coturn's
 * {@code --use-auth-secret} implements it): {@code username = "<expiry epoch seconds>:<user>"} and
 * {@code password = base64(HMAC-SHA1(secret, username))}. The TURN server recomputes the password from the
 * username, so no state is shared beyond the secret.
 */
public record TurnCredentials(String username, String password) {

    public static TurnCredentials issue(String sharedSecret, String user, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + user;
        return new TurnCredentials(username, password(sharedSecret, username));
    }

    /** The password a TURN server expects for {@code username}, given the shared secret. */
    public static String password(String sharedSecret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every JVM", e);
        }
    }
}
