package io.storagesession.api.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile input to the SigV4 parser: whatever arrives, the answer is an AuthException (a KVS-shaped 403), never a crash. */
class SigV4VerifierPropertiesTest {
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            new AccessKeyStore(List.of(new AccessKey("AKIA4F7WJQR7FMMWMNXI", "FakeSecretKey", null))), "kinesisvideo",
            Duration.ofMinutes(5), Duration.ofDays(7),
            Clock.fixed(Instant.parse("2019-12-01T00:00:00Z"), ZoneOffset.UTC));

    @Property(tries = 500)
    void anyQueryIsRejectedCleanly(@ForAll("queries") String query) {
        assertThatThrownBy(() -> VERIFIER.verifyPresigned(
                SigV4VerifierTest.request("GET", "/", query, Map.of("host", "kvs.awsamazon.com"))))
                .isInstanceOf(AuthException.class);
    }

    @Property(tries = 500)
    void anyAuthorizationHeaderIsRejectedCleanly(@ForAll("authorizations") String authorization) {
        assertThatThrownBy(() -> VERIFIER.verifyHeaders(SigV4VerifierTest.request("POST", "/x", null,
                Map.of("host", "h", "authorization", authorization, "x-amz-date", "20191201T000000Z")), new byte[0]))
                .isInstanceOf(AuthException.class);
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> names = Arbitraries.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token", "%", "=", "");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.of("AWS4-HMAC-SHA256", "AKIA4F7WJQR7FMMWMNXI/20191201/us-west-2/kinesisvideo/aws4_request",
                        "20191201T000000Z", "299", "host", "%zz", "%E0%A4%A", "a".repeat(64), "-1", "99999999999999999999"));
        return Arbitraries.entries(names, values).list().ofMaxSize(9)
                .map(l -> String.join("&", l.stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    @Provide
    Arbitrary<String> authorizations() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().ofMaxLength(40).map(s -> "AWS4-HMAC-SHA256 Credential=" + s
                        + ", SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64)),
                Arbitraries.strings().alpha().ofMaxLength(10).map(s -> "AWS4-HMAC-SHA256 Credential=AKIA4F7WJQR7FMMWMNXI/"
                        + "20191201/us-west-2/kinesisvideo/aws4_request, SignedHeaders=" + s + ", Signature=" + "f".repeat(64)));
    }
}
