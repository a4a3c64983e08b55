package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code NextToken} of list operations: the base64 of the last name returned, so a page continues after
 * it in name order even when resources are created or deleted between calls. Base64 keeps it within KVS's token
 * pattern {@code [a-zA-Z0-9+/=]*} and its 512-character limit (names are at most 256 ASCII characters).
 */
final class PageToken {
    private PageToken() {
    }

    static String after(String lastName) {
        return Base64.getEncoder().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    /** The name a token continues after; null for an absent or empty token (the first page). */
    static String lastName(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String name = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (!Validation.NAME.matcher(name).matches()) {
                throw invalid(token);
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
    }

    private static ApiException invalid(String token) {
        return ApiException.invalidArgument("The NextToken " + token + " is not a token this server issued");
    }
}
