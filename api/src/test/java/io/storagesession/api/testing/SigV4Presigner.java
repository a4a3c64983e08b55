package io.storagesession.api.testing;

import io.storagesession.api.auth.SigV4;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Presigns signaling WebSocket URLs the way KVS clients do (KVS-WIRE.md §2), built on the {@link SigV4} primitives:
 * the JS SDK (every parameter, the signature included, sorted by name; {@code X-Amz-Expires=299}) and the C SDK
 * (the signature appended last; long expiries). Both sign {@code GET}, the path, the sorted RFC 3986-encoded query
 * without the signature, the {@code host} header, and the SHA-256 of the empty payload.
 */
public final class SigV4Presigner {
    /** The JS SDK's fixed X-Amz-Expires. */
    public static final int JS_EXPIRES_SECONDS = 299;
    private static final String SERVICE = "kinesisvideo";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** How a client lays out the signed query. */
    public enum Style { JS, C }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String region;

    public SigV4Presigner(String accessKeyId, String secretAccessKey, String sessionToken, String region) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.region = region;
    }

    /** The request target ({@code path?query}) a client of {@code style} would send to {@code host}. */
    public String presign(Style style, String host, String path, Map<String, String> params, Instant at,
                          int expiresSeconds) {
        String amzDate = AMZ_DATE.format(at);
        String date = amzDate.substring(0, "yyyyMMdd".length());
        String scope = date + '/' + region + '/' + SERVICE + '/' + SigV4.TERMINATOR;
        TreeMap<String, String> query = new TreeMap<>(params);
        query.put("X-Amz-Algorithm", SigV4.ALGORITHM);
        query.put("X-Amz-Credential", accessKeyId + '/' + scope);
        query.put("X-Amz-Date", amzDate);
        query.put("X-Amz-Expires", Integer.toString(expiresSeconds));
        query.put("X-Amz-SignedHeaders", "host");
        if (sessionToken != null) {
            query.put("X-Amz-Security-Token", sessionToken);
        }
        String canonicalQuery = encode(new ArrayList<>(query.entrySet()));
        String canonicalRequest = "GET\n" + path + '\n' + canonicalQuery + "\nhost:" + host + "\n\nhost\n"
                + SigV4.EMPTY_PAYLOAD_SHA256;
        byte[] key = SigV4.signingKey(secretAccessKey, date, region, SERVICE);
        String signature = SigV4.signature(key, SigV4.stringToSign(amzDate, scope, canonicalRequest));
        if (style == Style.JS) {
            query.put("X-Amz-Signature", signature);
            return path + '?' + encode(new ArrayList<>(query.entrySet()));
        }
        return path + '?' + canonicalQuery + "&X-Amz-Signature=" + signature;
    }

    private static String encode(List<Map.Entry<String, String>> entries) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : entries) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(SigV4.uriEncode(e.getKey(), false)).append('=').append(SigV4.uriEncode(e.getValue(), false));
        }
        return out.toString();
    }
}
