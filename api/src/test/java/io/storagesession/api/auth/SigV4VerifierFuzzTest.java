package io.storagesession.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.api.testing.SigV4Presigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of SigV4 verification ({@link SigV4Verifier}) with a fixed key store and clock, in both forms
 * KVS clients sign: the {@code Authorization} header and the presigned query. The contract: any header, query, path
 * or date gives the signer's {@link Principal} or an {@link AuthException} (a KVS-shaped 403), never another exception.
 * The round trip: a request signed here the way the AWS SDKs sign (RFC 3986-encoded and sorted query, trimmed and
 * space-collapsed header values, the double-encoded path) or presigned as the KVS JS and C SDKs presign, with fuzzed
 * path, query and header values (presigned names of unreserved characters), verifies as the key's principal, and the
 * same request with the last signature digit changed does not.
 *
 * <p>Inputs are UTF-8 text, one field per line: for the header form the Authorization header, X-Amz-Date, path, query
 * and host; for the presigned form the query, path and host; for the round trips the path, a header value, then
 * alternating query names and values. Without {@code JAZZER_FUZZ} only the seeds under
 * {@code SigV4VerifierFuzzTestInputs} run (README "Fuzzing").
 */
class SigV4VerifierFuzzTest {
    private static final String KEY_ID = "AKIAFUZZEXAMPLE00001";
    private static final String SECRET = "fuzz-secret-access-key";
    private static final String REGION = "us-west-2";
    private static final String SERVICE = "kinesisvideo";
    private static final Instant NOW = Instant.parse("2019-12-01T00:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_PRESIGNED = Duration.ofDays(7);
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            new AccessKeyStore(List.of(new AccessKey(KEY_ID, SECRET, Policy.ALLOW_ALL))), SERVICE, SKEW, MAX_PRESIGNED,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String HOST = "kvs.example.test";
    private static final String FUZZ_HEADER = "x-fuzz-value";
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final int EXPIRES_SECONDS = SigV4Presigner.JS_EXPIRES_SECONDS;
    private static final String PRESIGN_PREFIX = "X-Amz-";
    /**
     * The presigners sort by name before encoding: the same order as the encoded names' (SigV4's) only for names of
     * RFC 3986 unreserved characters, which is what the KVS SDKs' parameter names are; values stay arbitrary.
     */
    private static final Pattern UNRESERVED_ONLY = Pattern.compile("[^A-Za-z0-9._~-]");

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void authorizationHeaders(byte[] input) {
        List<String> lines = lines(input);
        Map<String, String> headers = new HashMap<>();
        putIfPresent(headers, "authorization", field(lines, 0));
        putIfPresent(headers, "x-amz-date", field(lines, 1));
        putIfPresent(headers, "host", field(lines, 4));
        SignedRequest request = SigV4VerifierTest.request("POST", field(lines, 2), field(lines, 3), headers);
        verifiesOrRefuses(() -> VERIFIER.verifyHeaders(request, input));
        verifiesOrRefuses(() -> VERIFIER.verifyHeaders(request, null));
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void presignedQueries(byte[] input) {
        List<String> lines = lines(input);
        Map<String, String> headers = new HashMap<>();
        putIfPresent(headers, "host", field(lines, 2));
        SignedRequest request = SigV4VerifierTest.request("GET", field(lines, 1), field(lines, 0), headers);
        verifiesOrRefuses(() -> VERIFIER.verifyPresigned(request));
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void signedHeaderRoundTrip(byte[] input) {
        List<String> lines = lines(input);
        String rawPath = "/" + SigV4.uriEncode(lines.get(0), true);
        String headerValue = printable(field(lines, 1));
        List<String[]> params = params(lines);
        String rawQuery = rawQuery(params);
        String amzDate = AMZ_DATE.format(NOW);
        String date = amzDate.substring(0, "yyyyMMdd".length());
        String scope = date + '/' + REGION + '/' + SERVICE + '/' + SigV4.TERMINATOR;
        String signedHeaders = "host;x-amz-date;" + FUZZ_HEADER;
        String canonical = "POST\n" + SigV4.uriEncode(rawPath, true) + '\n' + rawQuery + "\nhost:" + HOST
                + "\nx-amz-date:" + amzDate + '\n' + FUZZ_HEADER + ':' + SPACES.matcher(headerValue.trim())
                .replaceAll(" ") + "\n\n" + signedHeaders + '\n' + SigV4.sha256Hex(input);
        String signature = SigV4.signature(SigV4.signingKey(SECRET, date, REGION, SERVICE),
                SigV4.stringToSign(amzDate, scope, canonical));

        Map<String, String> headers = new HashMap<>(Map.of("host", HOST, "x-amz-date", amzDate, FUZZ_HEADER,
                headerValue));
        headers.put("authorization", authorization(scope, signedHeaders, signature));
        Principal principal = VERIFIER.verifyHeaders(SigV4VerifierTest.request("POST", rawPath, rawQuery, headers),
                input);
        assertThat(principal.key().accessKeyId()).isEqualTo(KEY_ID);
        assertThat(principal.region()).isEqualTo(REGION);

        headers.put("authorization", authorization(scope, signedHeaders, otherSignature(signature)));
        assertThatThrownBy(() -> VERIFIER.verifyHeaders(
                SigV4VerifierTest.request("POST", rawPath, rawQuery, headers), input))
                .isInstanceOf(AuthException.class);
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void presignedRoundTrip(byte[] input) {
        List<String> lines = lines(input);
        String path = "/" + SigV4.uriEncode(lines.get(0), true);
        Map<String, String> params = new TreeMap<>();
        for (String[] p : params(lines)) {
            String name = UNRESERVED_ONLY.matcher(p[0]).replaceAll("");
            if (!name.startsWith(PRESIGN_PREFIX)) {
                params.putIfAbsent(name, p[1]);
            }
        }
        SigV4Presigner presigner = new SigV4Presigner(KEY_ID, SECRET, null, REGION);
        for (SigV4Presigner.Style style : SigV4Presigner.Style.values()) {
            String target = presigner.presign(style, HOST, path, params, NOW, EXPIRES_SECONDS);
            String query = target.substring(target.indexOf('?') + 1);
            Principal principal = VERIFIER.verifyPresigned(
                    SigV4VerifierTest.request("GET", path, query, Map.of("host", HOST)));
            assertThat(principal.key().accessKeyId()).isEqualTo(KEY_ID);
        }
    }

    private static void verifiesOrRefuses(Runnable verification) {
        try {
            verification.run();
        } catch (AuthException refused) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static String authorization(String scope, String signedHeaders, String signature) {
        return SigV4.ALGORITHM + " Credential=" + KEY_ID + '/' + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    /** The signature with its last hex digit changed. */
    private static String otherSignature(String signature) {
        char last = signature.charAt(signature.length() - 1);
        return signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
    }

    /** The query pairs from the third line on, name then value; a name without a value has an empty one. */
    private static List<String[]> params(List<String> lines) {
        List<String[]> params = new ArrayList<>();
        for (int i = 2; i < lines.size(); i += 2) {
            params.add(new String[] {lines.get(i), field(lines, i + 1) == null ? "" : lines.get(i + 1)});
        }
        return params;
    }

    /** The query as the AWS SDKs send it: names and values RFC 3986-encoded, sorted by name then value. */
    private static String rawQuery(List<String[]> params) {
        List<String[]> encoded = new ArrayList<>();
        for (String[] p : params) {
            encoded.add(new String[] {SigV4.uriEncode(p[0], false), SigV4.uriEncode(p[1], false)});
        }
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        List<String> pairs = new ArrayList<>();
        encoded.forEach(p -> pairs.add(p[0] + '=' + p[1]));
        return String.join("&", pairs);
    }

    /** Header values on the wire are printable ASCII: anything else is dropped. */
    private static String printable(String value) {
        return value == null ? "" : value.replaceAll("[^\\x20-\\x7E]", "");
    }

    private static List<String> lines(byte[] input) {
        return List.of(new String(input, StandardCharsets.UTF_8).split("\n", -1));
    }

    private static String field(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index) : null;
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
