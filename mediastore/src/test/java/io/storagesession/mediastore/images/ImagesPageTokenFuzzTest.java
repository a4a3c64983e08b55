package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.TokenSeal;
import io.storagesession.mediastore.store.TimestampKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Coverage-guided fuzzing of GetImages' NextToken ({@link ImagesPageToken}): forged tokens (any text), and payloads
 * sealed with the server's own key. The contract: a token is refused with InvalidArgumentException (400) or names the
 * first sample of a later page of the very request it continues (1 ≤ next &lt; the request's sample count), never
 * another exception, and only for exactly the bytes {@link ImagesPageToken#issue} writes for that position. Without
 * {@code JAZZER_FUZZ} only the seeds under {@code ImagesPageTokenFuzzTestInputs} run (README "Fuzzing").
 */
class ImagesPageTokenFuzzTest {
    /** A fixed key, so the seed corpus can hold tokens sealed with it. */
    private static final byte[] KEY = "images-page-token-fuzz-key-32-by".getBytes(StandardCharsets.US_ASCII);
    private static final ImagesPageToken TOKENS = new ImagesPageToken(KEY);
    private static final TokenSeal SEAL = new TokenSeal(KEY);
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/fuzz-stream/1704067200000";
    private static final long START_MILLIS = 1_704_067_200_000L;
    private static final long RANGE_MILLIS = 60_000;
    private static final int INTERVAL_MILLIS = 1000;
    private static final int JPEG_QUALITY = 80;
    private static final int PAGE_SIZE = 25;
    private static final ImagesRequest REQUEST = new ImagesRequest(TimestampKind.SERVER_TIMESTAMP, START_MILLIS,
            START_MILLIS + RANGE_MILLIS, INTERVAL_MILLIS, ImageFormat.JPEG, JPEG_QUALITY, new OutputSize(null, null),
            PAGE_SIZE, null);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void forgedTokens(byte[] input) {
        verifiedOrRefused(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void sealedPayloads(byte[] payload) {
        verifiedOrRefused(Base64.getEncoder().encodeToString(SEAL.seal(payload, payload.length)));
    }

    private static void verifiedOrRefused(String token) {
        int next;
        try {
            next = TOKENS.verify(token, ARN, REQUEST);
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.type()).isEqualTo("InvalidArgumentException");
            return;
        }
        assertThat(next).isBetween(1, REQUEST.sampleCount() - 1);
        assertThat(Base64.getDecoder().decode(TOKENS.issue(ARN, REQUEST, next)))
                .isEqualTo(Base64.getDecoder().decode(token));
    }
}
