package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.TokenSeal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Coverage-guided fuzzing of the HLS and DASH SessionToken ({@link HlsSessionToken}), which alone authorises a
 * session's resources (KVS-WIRE.md §6). Two kinds of input: forged tokens (any text), and payloads sealed with the
 * server's own key, which reach the payload's parsing as only a key reused across formats could. The contract: a
 * token is refused with an {@link ApiException} (403 NotAuthorizedException, or 400 for an empty one) or grants a
 * session, never another exception; a session is granted only for exactly the bytes {@link HlsSessionToken#issue}
 * writes for it, and only for the protocol it was issued for; a granted session issued again verifies to itself.
 * Without {@code JAZZER_FUZZ} only the seeds under {@code HlsSessionTokenFuzzTestInputs} run (README "Fuzzing").
 */
class HlsSessionTokenFuzzTest {
    /** A fixed key, so the seed corpus can hold tokens sealed with it. */
    static final byte[] KEY = "hls-session-token-fuzz-key-32-by".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
    private static final HlsSessionToken TOKENS = new HlsSessionToken(KEY, Clock.fixed(NOW, ZoneOffset.UTC));
    private static final TokenSeal SEAL = new TokenSeal(KEY);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void forgedTokens(byte[] input) {
        verifiedOrRefused(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void sealedPayloads(byte[] payload) {
        verifiedOrRefused(Base64.getUrlEncoder().withoutPadding().encodeToString(SEAL.seal(payload, payload.length)));
    }

    private static void verifiedOrRefused(String token) {
        for (HlsSession.Protocol protocol : HlsSession.Protocol.values()) {
            HlsSession session;
            try {
                session = TOKENS.verify(token, protocol);
            } catch (ApiException refused) {
                assertThat(refused.status()).isIn(400, 403);
                continue;
            }
            assertThat(session.protocol()).isEqualTo(protocol);
            assertThat(session.expiresMillis()).isGreaterThan(NOW.toEpochMilli());
            String issued = TOKENS.issue(session);
            assertThat(Base64.getUrlDecoder().decode(issued)).isEqualTo(Base64.getUrlDecoder().decode(token));
            assertThat(TOKENS.verify(issued, protocol)).isEqualTo(session);
        }
    }
}
