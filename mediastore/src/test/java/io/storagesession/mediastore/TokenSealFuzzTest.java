package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of what makes the store's tokens unforgeable ({@link TokenSeal}, HMAC-SHA256 per RFC 2104):
 * any bytes presented as a sealed token open to nothing (null) unless they are exactly what {@link TokenSeal#seal}
 * makes of the payload they open to, never an exception; and any payload sealed opens to itself. Without
 * {@code JAZZER_FUZZ} only the seeds under {@code TokenSealFuzzTestInputs} run (README "Fuzzing").
 */
class TokenSealFuzzTest {
    private static final TokenSeal SEAL =
            new TokenSeal("token-seal-fuzz-key-of-32-bytes!".getBytes(StandardCharsets.US_ASCII));

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void openAndSeal(byte[] input) {
        byte[] opened = SEAL.open(input);
        if (opened != null) {
            assertThat(SEAL.seal(opened, opened.length)).isEqualTo(input);
        }
        byte[] sealed = SEAL.seal(input, input.length);
        assertThat(sealed).hasSize(input.length + TokenSeal.MAC_BYTES);
        assertThat(SEAL.open(sealed)).isEqualTo(input.length == 0 ? null : input);
        assertThat(SEAL.open(Arrays.copyOf(sealed, sealed.length - 1))).isNull();
    }
}
