package io.storagesession.it.webrtc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST API credentials (draft-uberti-behave-turn-rest, coturn's {@code --use-auth-secret}), as KVS's
 * GetIceServerConfig hands them out: the username is {@code <expiry epoch seconds>:<user>} and the password is
 * base64(HMAC-SHA1(shared secret, username)). Computed here independently of the server so a test checks the server's
 * arithmetic rather than repeating it.
 */
public record TurnCredentials(String username, String password) {

    static TurnCredentials rest(String secret, String user, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + user;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new TurnCredentials(username, Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
        }
    }

    /** The same username with a password the server cannot have derived: every request must be refused (401). */
    public TurnCredentials withWrongPassword() {
        return new TurnCredentials(username, Base64.getEncoder()
                .encodeToString(("not-" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
