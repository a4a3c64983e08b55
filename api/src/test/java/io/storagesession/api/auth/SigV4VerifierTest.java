package io.storagesession.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SigV4VerifierTest {
    /** The JS SDK's own SigV4RequestSigner.spec.ts vector (KVS-WIRE.md §2). */
    private static final String JS_SDK_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIA4F7WJQR7FMMWMNXI%2F20191201%2Fus-west-2%2Fkinesisvideo%2Faws4_request"
            + "&X-Amz-Date=20191201T000000Z&X-Amz-Expires=299&X-Amz-Security-Token=FakeSessionToken"
            + "&X-Amz-Signature=fc268038be276315822b4f73eafd28ee3a5632a2a35fdb0a88db9a42b13d6c92"
            + "&X-Amz-SignedHeaders=host&X-Amz-TestParam=test-param-value";
    private static final Instant SIGNED_AT = Instant.parse("2019-12-01T00:00:00Z");
    private static final AccessKeyStore JS_KEYS =
            new AccessKeyStore(List.of(new AccessKey("AKIA4F7WJQR7FMMWMNXI", "FakeSecretKey", null)));

    private static SigV4Verifier verifierAt(Instant now, AccessKeyStore keys) {
        return new SigV4Verifier(keys, "kinesisvideo", Duration.ofMinutes(5), Duration.ofDays(7),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void acceptsTheJsSdkTestVector() {
        Principal p = verifierAt(SIGNED_AT.plusSeconds(10), JS_KEYS)
                .verifyPresigned(request("GET", "/", JS_SDK_QUERY, Map.of("host", "kvs.awsamazon.com")));
        assertThat(p.key().accessKeyId()).isEqualTo("AKIA4F7WJQR7FMMWMNXI");
        assertThat(p.region()).isEqualTo("us-west-2");
    }

    @Test
    void acceptsTheJsSdkVectorWithTheSignatureLastAsTheCSdkOrdersIt() {
        String sig = "X-Amz-Signature=fc268038be276315822b4f73eafd28ee3a5632a2a35fdb0a88db9a42b13d6c92";
        String reordered = JS_SDK_QUERY.replace("&" + sig, "") + "&" + sig;
        assertThat(reordered).endsWith(sig);
        verifierAt(SIGNED_AT, JS_KEYS).verifyPresigned(request("GET", "/", reordered, Map.of("host", "kvs.awsamazon.com")));
    }

    @Test
    void rejectsTheVectorWhenAnyPartChanges() {
        SigV4Verifier v = verifierAt(SIGNED_AT, JS_KEYS);
        assertThatThrownBy(() -> v.verifyPresigned(request("GET", "/", JS_SDK_QUERY, Map.of("host", "other.host"))))
                .isInstanceOf(AuthException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> v.verifyPresigned(request("GET", "/", JS_SDK_QUERY.replace("test-param-value", "x"),
                Map.of("host", "kvs.awsamazon.com")))).hasMessageContaining("signature");
        assertThatThrownBy(() -> v.verifyPresigned(request("GET", "/path", JS_SDK_QUERY,
                Map.of("host", "kvs.awsamazon.com")))).hasMessageContaining("signature");
        AccessKeyStore otherSecret = new AccessKeyStore(List.of(new AccessKey("AKIA4F7WJQR7FMMWMNXI", "Other", null)));
        assertThatThrownBy(() -> verifierAt(SIGNED_AT, otherSecret).verifyPresigned(
                request("GET", "/", JS_SDK_QUERY, Map.of("host", "kvs.awsamazon.com")))).hasMessageContaining("signature");
    }

    @Test
    void rejectsAnExpiredOrFutureUrl() {
        var req = request("GET", "/", JS_SDK_QUERY, Map.of("host", "kvs.awsamazon.com"));
        assertThatThrownBy(() -> verifierAt(SIGNED_AT.plusSeconds(300), JS_KEYS).verifyPresigned(req))
                .isInstanceOf(AuthException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> verifierAt(SIGNED_AT.minusSeconds(301), JS_KEYS).verifyPresigned(req))
                .hasMessageContaining("future");
    }

    @Test
    void rejectsAnUnknownKeyAndMalformedParameters() {
        AccessKeyStore none = new AccessKeyStore(List.of(new AccessKey("OTHER", "x", null)));
        var req = request("GET", "/", JS_SDK_QUERY, Map.of("host", "kvs.awsamazon.com"));
        assertThatThrownBy(() -> verifierAt(SIGNED_AT, none).verifyPresigned(req))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.type()).isEqualTo("UnrecognizedClientException"));
        SigV4Verifier v = verifierAt(SIGNED_AT, JS_KEYS);
        for (String bad : List.of("", "X-Amz-Signature=zz", JS_SDK_QUERY.replace("kinesisvideo", "s3"),
                JS_SDK_QUERY.replace("X-Amz-Expires=299", "X-Amz-Expires=99999999"),
                JS_SDK_QUERY.replace("X-Amz-Date=20191201T000000Z", "X-Amz-Date=yesterday"),
                JS_SDK_QUERY.replace("%2F20191201", "%2F20191202"),
                JS_SDK_QUERY.replace("X-Amz-TestParam=test-param-value", "X-Amz-TestParam=%E0%A4%A"))) {
            assertThatThrownBy(() -> v.verifyPresigned(request("GET", "/", bad, Map.of("host", "kvs.awsamazon.com"))))
                    .as(bad).isInstanceOf(AuthException.class);
        }
    }

    @Test
    void verifiesAHeaderSignatureOverTheBodyAndRejectsATamperedBody() {
        AccessKeyStore keys = new AccessKeyStore(List.of(new AccessKey("AKIDEXAMPLE", "secret", null)));
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        String amzDate = "20260102T030405Z";
        byte[] body = "{\"ChannelName\":\"a\"}".getBytes();
        String canonical = "POST\n/createSignalingChannel\n\nhost:127.0.0.1:8080\nx-amz-date:" + amzDate
                + "\n\nhost;x-amz-date\n" + SigV4.sha256Hex(body);
        String scope = "20260102/us-west-2/kinesisvideo/aws4_request";
        String sig = SigV4.signature(SigV4.signingKey("secret", "20260102", "us-west-2", "kinesisvideo"),
                SigV4.stringToSign(amzDate, scope, canonical));
        Map<String, String> headers = Map.of("host", "127.0.0.1:8080", "x-amz-date", amzDate, "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope + ", SignedHeaders=host;x-amz-date, Signature=" + sig);
        SigV4Verifier v = verifierAt(now, keys);
        assertThat(v.verifyHeaders(request("POST", "/createSignalingChannel", null, headers), body).key().accessKeyId())
                .isEqualTo("AKIDEXAMPLE");
        assertThatThrownBy(() -> v.verifyHeaders(request("POST", "/createSignalingChannel", null, headers),
                "{\"ChannelName\":\"b\"}".getBytes())).hasMessageContaining("signature");
        assertThatThrownBy(() -> verifierAt(now.plusSeconds(301), keys)
                .verifyHeaders(request("POST", "/createSignalingChannel", null, headers), body))
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> v.verifyHeaders(request("POST", "/x", null, Map.of("host", "h")), body))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.type()).isEqualTo("MissingAuthenticationTokenException"));
        assertThatThrownBy(() -> v.verifyHeaders(request("POST", "/x", null, Map.of("authorization", "Basic abc")), body))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void canonicalQueryEncodesAndSortsLikeSigV4() {
        assertThat(SigV4Verifier.canonicalQuery("b=2&a=%20x&a=1&c", false)).isEqualTo("a=%20x&a=1&b=2&c=");
        assertThat(SigV4Verifier.canonicalQuery("k=a+b", false)).isEqualTo("k=a%2Bb");
    }

    static SignedRequest request(String method, String path, String query, Map<String, String> headers) {
        Map<String, String> lower = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lower.putAll(headers);
        return new SignedRequest() {
            public String method() {
                return method;
            }

            public String rawPath() {
                return path;
            }

            public String rawQuery() {
                return query;
            }

            public List<String> headers(String name) {
                String v = lower.get(name);
                return v == null ? List.of() : List.of(v);
            }
        };
    }
}
