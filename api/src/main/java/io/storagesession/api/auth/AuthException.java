package io.storagesession.api.auth;

import io.storagesession.api.http.ApiException;

/**
 * SigV4 failures, named as AWS names them for every SigV4 service (HTTP 403 with
 * {@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException} or
 * {@code InvalidSignatureException}), so SDKs report them exactly as they would against AWS.
 */
public final class AuthException extends ApiException {
    private AuthException(String type, String message) {
        super(403, type, message);
    }

    public static AuthException missing(String what) {
        return new AuthException("MissingAuthenticationTokenException", "Missing Authentication Token: " + what);
    }

    public static AuthException unknownKey() {
        return new AuthException("UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    public static AuthException badSignature() {
        return new AuthException("InvalidSignatureException", "The request signature we calculated does not match the "
                + "signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    public static AuthException malformed(String what) {
        return new AuthException("IncompleteSignatureException", what);
    }

    public static AuthException expired(String what) {
        return new AuthException("InvalidSignatureException", "Signature expired: " + what);
    }
}
