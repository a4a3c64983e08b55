package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.TokenSeal;
import io.storagesession.mediastore.store.TimestampKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HlsSessionTokenTest {
    private static final long NOW = 1_763_800_000_000L;
    private static final byte[] KEY = new byte[32];
    private static final HlsSession SESSION = new HlsSession("camera",
            "arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1700000000000",
            HlsSession.PlaybackMode.ON_DEMAND, TimestampKind.PRODUCER_TIMESTAMP, NOW - 60_000, NOW - 1_000,
            HlsSession.ContainerFormat.FRAGMENTED_MP4, HlsSession.DiscontinuityMode.ON_DISCONTINUITY, true, 1000, NOW,
            NOW + 300_000);

    private static HlsSessionToken at(long millis, byte[] key) {
        return new HlsSessionToken(key, Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    @Test
    void aTokenCarriesItsSessionAndIsUrlSafe() {
        String token = at(NOW, KEY).issue(SESSION);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(at(NOW + 299_999, KEY).verify(token)).isEqualTo(SESSION);
    }

    @Test
    void anExpiredTokenIsRefusedAs403NotAuthorized() {
        String token = at(NOW, KEY).issue(SESSION);
        assertThatThrownBy(() -> at(NOW + 300_000, KEY).verify(token)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.type()).isEqualTo("NotAuthorizedException");
            assertThat(e.getMessage()).contains("expired");
        });
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        byte[] other = KEY.clone();
        other[0] = 1;
        String forged = at(NOW, other).issue(SESSION);
        assertThatThrownBy(() -> at(NOW, KEY).verify(forged)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo("NotAuthorizedException"));
    }

    @Test
    void extendingTheExpiryInThePayloadBreaksTheSignature() {
        byte[] raw = Base64.getUrlDecoder().decode(at(NOW, KEY).issue(SESSION));
        // expiresMillis is the payload's last 8 bytes, just before the 32-byte MAC
        int last = raw.length - TokenSeal.MAC_BYTES - 1;
        raw[last - 3] += 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> at(NOW, KEY).verify(altered)).isInstanceOf(ApiException.class);
    }

    @Test
    void aMissingTokenIsAnInvalidArgument() {
        assertThatThrownBy(() -> at(NOW, KEY).verify(null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo("InvalidArgumentException"));
    }

    @Property
    void noSingleByteChangeOfAValidTokenVerifies(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                                 @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] raw = Base64.getUrlDecoder().decode(at(NOW, KEY).issue(SESSION));
        raw[position % raw.length] ^= (byte) xor;
        String mutated = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> at(NOW, KEY).verify(mutated)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(403));
    }

    @Property
    void noTruncationOrExtensionOfAValidTokenVerifies(@ForAll @IntRange(min = 1, max = 400) int cut,
                                                      @ForAll("suffixes") String suffix) {
        String token = at(NOW, KEY).issue(SESSION);
        String truncated = token.substring(0, Math.max(0, token.length() - cut));
        assertThatThrownBy(() -> at(NOW, KEY).verify(truncated)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> at(NOW, KEY).verify(token + suffix)).isInstanceOf(ApiException.class);
    }

    @Property
    void randomStringsNeverVerify(@ForAll String anything) {
        assertThatThrownBy(() -> at(NOW, KEY).verify(anything)).isInstanceOf(ApiException.class);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> suffixes() {
        return net.jqwik.api.Arbitraries.strings().withChars("ABCDEFabcdef0123456789-_").ofMinLength(1)
                .ofMaxLength(12);
    }
}
