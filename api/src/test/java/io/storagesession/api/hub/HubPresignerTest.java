package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.AuthException;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.auth.SignedRequest;
import io.storagesession.api.testing.SigV4Presigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test presigner must sign exactly as the KVS JS SDK does, or the hub tests would prove nothing: checked against
 * the JS SDK's own unit-test vector (KVS-WIRE.md §2), and both layouts against the server's verifier.
 */
class HubPresignerTest {
    private static final Instant VECTOR_DATE = Instant.parse("2019-12-01T00:00:00Z");
    private static final SigV4Presigner VECTOR_SIGNER =
            new SigV4Presigner("AKIA4F7WJQR7FMMWMNXI", "FakeSecretKey", "FakeSessionToken", "us-west-2");

    @Test
    void reproducesTheJsSdkVector() {
        String target = VECTOR_SIGNER.presign(SigV4Presigner.Style.JS, "kvs.awsamazon.com", "/",
                Map.of("X-Amz-TestParam", "test-param-value"), VECTOR_DATE, SigV4Presigner.JS_EXPIRES_SECONDS);
        assertThat(target).isEqualTo("/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA4F7WJQR7FMMWMNXI%2F20191201"
                + "%2Fus-west-2%2Fkinesisvideo%2Faws4_request&X-Amz-Date=20191201T000000Z&X-Amz-Expires=299"
                + "&X-Amz-Security-Token=FakeSessionToken"
                + "&X-Amz-Signature=fc268038be276315822b4f73eafd28ee3a5632a2a35fdb0a88db9a42b13d6c92"
                + "&X-Amz-SignedHeaders=host&X-Amz-TestParam=test-param-value");
    }

    @Test
    void cStylePutsTheSignatureLastAndStillVerifies() {
        String target = VECTOR_SIGNER.presign(SigV4Presigner.Style.C, "kvs.awsamazon.com", "/",
                Map.of("X-Amz-ChannelARN", "arn:aws:kinesisvideo:us-west-2:123456789012:channel/c/1"), VECTOR_DATE, 604800);
        assertThat(target).matches(".*&X-Amz-Signature=[0-9a-f]{64}$");
        SigV4Verifier verifier = verifier(VECTOR_DATE.plusSeconds(10));
        assertThat(verifier.verifyPresigned(request(target)).key().accessKeyId()).isEqualTo("AKIA4F7WJQR7FMMWMNXI");
        assertThatThrownBy(() -> verifier.verifyPresigned(request(target.replace("channel%2Fc", "channel%2Fd"))))
                .isInstanceOf(AuthException.class);
    }

    private static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(new AccessKeyStore(List.of(new AccessKey("AKIA4F7WJQR7FMMWMNXI", "FakeSecretKey",
                Policy.ALLOW_ALL))), "kinesisvideo", Duration.ofMinutes(5), Duration.ofDays(7),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SignedRequest request(String target) {
        int q = target.indexOf('?');
        return new SignedRequest() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String rawPath() {
                return target.substring(0, q);
            }

            @Override
            public String rawQuery() {
                return target.substring(q + 1);
            }

            @Override
            public List<String> headers(String name) {
                return name.equalsIgnoreCase("host") ? List.of("kvs.awsamazon.com") : List.of();
            }
        };
    }
}
