package io.storagesession.api.auth;

import java.util.List;

/** What SigV4 verification needs to see of an HTTP request, independent of the HTTP library. */
public interface SignedRequest {
    /** Upper-case method, e.g. {@code POST}. */
    String method();

    /** The path exactly as on the request line (still percent-encoded). */
    String rawPath();

    /** The query exactly as on the request line, without {@code '?'}; null or empty when there is none. */
    String rawQuery();

    /** Every value of a header (name matched case-insensitively); empty when absent. */
    List<String> headers(String name);
}
