package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.TokenSeal;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.HlsSessionToken;
import io.storagesession.mediastore.store.TimestampKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The session token's protocol: signed into the payload, so a GetDASHStreamingSessionURL token verifies for DASH
 * only and a GetHLSStreamingSessionURL token for HLS only, and rewriting the protocol breaks the signature.
 */
class DashSessionTokenTest {
    private static final long NOW = 1_763_800_000_000L;
    private static final HlsSessionToken TOKENS = new HlsSessionToken(new byte[TokenSeal.KEY_BYTES],
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private static HlsSession session(HlsSession.Protocol protocol, boolean displayNumber) {
        return new HlsSession("camera", "arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1700000000000",
                protocol, HlsSession.PlaybackMode.LIVE_REPLAY, TimestampKind.SERVER_TIMESTAMP, NOW - 60_000,
                HlsSession.NO_END, HlsSession.ContainerFormat.FRAGMENTED_MP4, HlsSession.DiscontinuityMode.NEVER,
                false, displayNumber, 10, NOW, NOW + 300_000);
    }

    @Test
    void aDashTokenCarriesItsSessionAndOpensDashOnly() {
        HlsSession dash = session(HlsSession.Protocol.DASH, true);
        String token = TOKENS.issue(dash);
        assertThat(TOKENS.verify(token, HlsSession.Protocol.DASH)).isEqualTo(dash);
        assertThatThrownBy(() -> TOKENS.verify(token)).as("what the HLS resources call")
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.type()).isEqualTo("NotAuthorizedException");
                });
    }

    @Test
    void anHlsTokenOpensHlsOnly() {
        HlsSession hls = session(HlsSession.Protocol.HLS, false);
        String token = TOKENS.issue(hls);
        assertThat(TOKENS.verify(token)).isEqualTo(hls);
        assertThatThrownBy(() -> TOKENS.verify(token, HlsSession.Protocol.DASH))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void rewritingTheProtocolInThePayloadBreaksTheSignature() {
        byte[] raw = Base64.getUrlDecoder().decode(TOKENS.issue(session(HlsSession.Protocol.HLS, false)));
        // version, two length-prefixed strings, then the protocol byte
        int at = 1;
        for (int s = 0; s < 2; s++) {
            at += Short.BYTES + (((raw[at] & 0xFF) << Byte.SIZE) | (raw[at + 1] & 0xFF));
        }
        assertThat(raw[at]).isEqualTo((byte) HlsSession.Protocol.HLS.ordinal());
        raw[at] = (byte) HlsSession.Protocol.DASH.ordinal();
        String rewritten = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> TOKENS.verify(rewritten, HlsSession.Protocol.DASH))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
