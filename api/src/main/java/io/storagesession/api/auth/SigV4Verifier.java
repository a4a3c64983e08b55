package io.storagesession.api.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 on incoming requests, in both forms KVS clients use:
 * the {@code Authorization} header (AWS SDKs, CLI, producers' PutMedia) and the presigned query
 * (signaling WebSocket URLs of the JS and C SDKs, KVS-WIRE.md §2).
 *
 * <p>The canonical request is rebuilt from what arrived on the wire: sorted, RFC 3986-encoded query;
 * lower-case signed headers with trimmed, space-collapsed values; the payload hash from
 * {@code x-amz-content-sha256} when present (the Java producer's {@code UNSIGNED-PAYLOAD}), else the hash of the
 * body, else — for streamed bodies such as PutMedia from C producers — the hash of the empty string.
 * The canonical URI is tried double-encoded (the AWS SDKs' default for non-S3 services) and as sent.
 *
 * <p>The region of the credential scope is not required to equal the server's: every client that signs for
 * any region is accepted, which is friendlier to a self-hosted endpoint than AWS's rejection.
 */
public final class SigV4Verifier {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential\\s*=\\s*([^,\\s]+)\\s*,\\s*SignedHeaders\\s*=\\s*([^,\\s]+)\\s*,"
                    + "\\s*Signature\\s*=\\s*([0-9a-fA-F]{64})\\s*");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final AccessKeyStore keys;
    private final String service;
    private final Duration allowedSkew;
    private final Duration maxPresignedExpiry;
    private final Clock clock;

    /**
     * @param service            the SigV4 service name every scope must carry ({@code kinesisvideo})
     * @param allowedSkew        how far a request's date may be from the server's clock (AWS: 5 minutes)
     * @param maxPresignedExpiry the largest {@code X-Amz-Expires} accepted (AWS: 7 days)
     */
    public SigV4Verifier(AccessKeyStore keys, String service, Duration allowedSkew, Duration maxPresignedExpiry, Clock clock) {
        this.keys = keys;
        this.service = service;
        this.allowedSkew = allowedSkew;
        this.maxPresignedExpiry = maxPresignedExpiry;
        this.clock = clock;
    }

    /**
     * Verifies a request signed in its {@code Authorization} header.
     *
     * @param body the request body when it was read whole, or null for a streamed body (PutMedia)
     */
    public Principal verifyHeaders(SignedRequest request, byte[] body) {
        List<String> auth = request.headers("authorization");
        if (auth.isEmpty()) {
            throw AuthException.missing("no Authorization header");
        }
        Matcher m = AUTHORIZATION.matcher(auth.get(0).trim());
        if (!m.matches()) {
            throw AuthException.malformed("Authorization header is not a well-formed AWS4-HMAC-SHA256 signature");
        }
        Scope scope = Scope.parse(m.group(1), service);
        List<String> signedHeaders = List.of(m.group(2).toLowerCase(Locale.ROOT).split(";"));
        if (!signedHeaders.contains("host")) {
            throw AuthException.malformed("SignedHeaders must include host");
        }
        String amzDate = first(request, "x-amz-date");
        if (amzDate == null) {
            throw AuthException.malformed("missing X-Amz-Date header");
        }
        Instant signedAt = parseDate(amzDate, scope);
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(allowedSkew) > 0) {
            throw AuthException.expired(amzDate + " is more than " + allowedSkew.toMinutes()
                    + " minutes from the server time " + AMZ_DATE.format(now));
        }
        String payloadHash = first(request, "x-amz-content-sha256");
        if (payloadHash == null) {
            payloadHash = body == null ? SigV4.EMPTY_PAYLOAD_SHA256 : SigV4.sha256Hex(body);
        }
        String query = canonicalQuery(request.rawQuery(), false);
        String headers = canonicalHeaders(request, signedHeaders);
        return check(request, scope, amzDate, query, headers, String.join(";", signedHeaders), payloadHash,
                m.group(3).toLowerCase(Locale.ROOT));
    }

    /** Verifies a presigned URL ({@code X-Amz-*} query parameters, signed headers {@code host}). */
    public Principal verifyPresigned(SignedRequest request) {
        Map<String, String> params = decodedQuery(request.rawQuery());
        String algorithm = params.get("X-Amz-Algorithm");
        String credential = params.get("X-Amz-Credential");
        String amzDate = params.get("X-Amz-Date");
        String expires = params.get("X-Amz-Expires");
        String signedHeaderList = params.get("X-Amz-SignedHeaders");
        String signature = params.get("X-Amz-Signature");
        if (algorithm == null && credential == null && signature == null) {
            throw AuthException.missing("the URL carries no X-Amz-* signature parameters");
        }
        if (!SigV4.ALGORITHM.equals(algorithm) || credential == null || amzDate == null || signedHeaderList == null
                || signature == null || !SIGNATURE.matcher(signature).matches()) {
            throw AuthException.malformed("presigned URL needs X-Amz-Algorithm=AWS4-HMAC-SHA256, X-Amz-Credential, "
                    + "X-Amz-Date, X-Amz-SignedHeaders and a 64-hex-digit X-Amz-Signature");
        }
        Scope scope = Scope.parse(credential, service);
        Instant signedAt = parseDate(amzDate, scope);
        long expirySeconds;
        try {
            expirySeconds = expires == null ? maxPresignedExpiry.toSeconds() : Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw AuthException.malformed("X-Amz-Expires must be a number of seconds");
        }
        if (expirySeconds < 1 || expirySeconds > maxPresignedExpiry.toSeconds()) {
            throw AuthException.malformed("X-Amz-Expires must be between 1 and " + maxPresignedExpiry.toSeconds());
        }
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(allowedSkew))) {
            throw AuthException.expired("X-Amz-Date " + amzDate + " is in the future");
        }
        if (now.isAfter(signedAt.plusSeconds(expirySeconds))) {
            throw AuthException.expired("the URL expired at " + AMZ_DATE.format(signedAt.plusSeconds(expirySeconds)));
        }
        List<String> signedHeaders = List.of(signedHeaderList.toLowerCase(Locale.ROOT).split(";"));
        if (!signedHeaders.contains("host")) {
            throw AuthException.malformed("X-Amz-SignedHeaders must include host");
        }
        return check(request, scope, amzDate, canonicalQuery(request.rawQuery(), true),
                canonicalHeaders(request, signedHeaders), String.join(";", signedHeaders), SigV4.EMPTY_PAYLOAD_SHA256,
                signature.toLowerCase(Locale.ROOT));
    }

    private Principal check(SignedRequest request, Scope scope, String amzDate, String query, String headers,
                            String signedHeaders, String payloadHash, String signature) {
        AccessKey key = keys.find(scope.accessKeyId).orElseThrow(AuthException::unknownKey);
        byte[] signingKey = SigV4.signingKey(key.secretAccessKey(), scope.date, scope.region, scope.service);
        String rawPath = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        for (String uri : new String[] {SigV4.uriEncode(rawPath, true), rawPath}) {
            String canonical = request.method() + '\n' + uri + '\n' + query + '\n' + headers + '\n' + signedHeaders
                    + '\n' + payloadHash;
            String expected = SigV4.signature(signingKey, SigV4.stringToSign(amzDate, scope.value(), canonical));
            if (SigV4.signaturesEqual(expected, signature)) {
                return new Principal(key, scope.region);
            }
        }
        throw AuthException.badSignature();
    }

    private static Instant parseDate(String amzDate, Scope scope) {
        try {
            Instant at = Instant.from(AMZ_DATE.parse(amzDate));
            if (!amzDate.startsWith(scope.date)) {
                throw AuthException.malformed("credential scope date " + scope.date + " does not match X-Amz-Date " + amzDate);
            }
            return at;
        } catch (DateTimeParseException e) {
            throw AuthException.malformed("X-Amz-Date must look like 20191201T000000Z");
        }
    }

    private static String first(SignedRequest request, String header) {
        List<String> values = request.headers(header);
        return values.isEmpty() ? null : values.get(0).trim();
    }

    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headers(name);
            List<String> trimmed = new ArrayList<>(values.size());
            for (String v : values) {
                trimmed.add(SPACES.matcher(v.trim()).replaceAll(" "));
            }
            out.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return out.toString();
    }

    /** Sorted by encoded name, then encoded value, as SigV4 specifies; the signature itself left out when presigned. */
    static String canonicalQuery(String rawQuery, boolean dropSignature) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = percentDecode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(part.substring(eq + 1));
            if (dropSignature && name.equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {SigV4.uriEncode(name, false), SigV4.uriEncode(value, false)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** The query as a map of decoded names to decoded values (first value wins). */
    public static Map<String, String> decodedQuery(String rawQuery) {
        Map<String, String> params = new TreeMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            params.putIfAbsent(percentDecode(eq < 0 ? part : part.substring(0, eq)),
                    eq < 0 ? "" : percentDecode(part.substring(eq + 1)));
        }
        return params;
    }

    /** Percent-decoding only: a literal '+' stays '+', as RFC 3986 queries (and SigV4) treat it. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AuthException.malformed("the query has a malformed percent-escape");
        }
    }

    /** The credential scope {@code AKID/yyyymmdd/region/service/aws4_request}. */
    private record Scope(String accessKeyId, String date, String region, String service) {
        static Scope parse(String credential, String expectedService) {
            String[] parts = credential.split("/", -1);
            if (parts.length != 5 || !SigV4.TERMINATOR.equals(parts[4]) || parts[0].isEmpty()
                    || !parts[1].matches("\\d{8}") || parts[2].isEmpty()) {
                throw AuthException.malformed("Credential must be <access key id>/<yyyymmdd>/<region>/<service>/aws4_request");
            }
            if (!expectedService.equals(parts[3])) {
                throw AuthException.malformed("Credential should be scoped to correct service: '" + expectedService + "'");
            }
            return new Scope(parts[0], parts[1], parts[2], parts[3]);
        }

        String value() {
            return date + '/' + region + '/' + service + '/' + SigV4.TERMINATOR;
        }
    }
}
