package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.dash.DashSessionRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Coverage-guided fuzzing of the archived-media session requests: the JSON bodies of GetHLSStreamingSessionURL
 * ({@link HlsSessionRequest}) and GetDASHStreamingSessionURL ({@link DashSessionRequest}), both read by
 * {@link PlaybackRequest} and {@link RequestFields}. The contract: a body is a request within the service model's
 * constraints (a stream named, Expires 300–43200 s, 1–5000 fragments, a range of at most 24 h that ends after it
 * starts) or an {@link ApiException} (InvalidArgumentException or SerializationException), never another exception.
 * The round trip: the session an accepted request grants, sealed into a SessionToken, verifies to the same session.
 * Bodies that are not a JSON object are left to the API module's fuzz target of the body reader. Without
 * {@code JAZZER_FUZZ} only the seeds under {@code PlaybackRequestFuzzTestInputs} run (README "Fuzzing").
 */
class PlaybackRequestFuzzTest {
    private static final long NOW_MILLIS = HlsSessionTokenFuzzTest.NOW.toEpochMilli();
    private static final HlsSessionToken TOKENS =
            new HlsSessionToken(HlsSessionTokenFuzzTest.KEY, Clock.fixed(HlsSessionTokenFuzzTest.NOW, ZoneOffset.UTC));
    private static final ArchivedStream STREAM = new ArchivedStream("fuzz-stream",
            "arn:aws:kinesisvideo:us-west-2:123456789012:stream/fuzz-stream/1704067200000", 24);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void sessionRequests(byte[] input) {
        JsonObject body;
        try {
            body = Buffer.buffer(input).toJsonObject();
        } catch (DecodeException | ClassCastException | IllegalStateException notAnObject) {
            return;
        }
        if (body == null) {
            return;
        }
        try {
            HlsSessionRequest hls = HlsSessionRequest.parse(body, NOW_MILLIS);
            checkRange(hls.playbackMode(), hls.startMillis(), hls.endMillis());
            assertThat(hls.streamName() != null || hls.streamArn() != null).isTrue();
            assertThat(hls.expiresSeconds()).isBetween(PlaybackRequest.MIN_EXPIRES, PlaybackRequest.MAX_EXPIRES);
            assertThat(hls.maxResults()).isBetween(1, PlaybackRequest.MAX_RESULTS);
            roundTrip(hls.session(STREAM, NOW_MILLIS));
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
        try {
            DashSessionRequest dash = DashSessionRequest.parse(body, NOW_MILLIS);
            checkRange(dash.playback().playbackMode(), dash.playback().startMillis(), dash.playback().endMillis());
            roundTrip(dash.session(STREAM, NOW_MILLIS));
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    private static void checkRange(HlsSession.PlaybackMode mode, long start, long end) {
        if (mode == HlsSession.PlaybackMode.LIVE) {
            assertThat(start).isEqualTo(HlsSession.NO_START);
            assertThat(end).isEqualTo(HlsSession.NO_END);
        } else if (end != HlsSession.NO_END) {
            assertThat(end).isGreaterThan(start);
            assertThat(end - start).isBetween(1L, PlaybackRequest.MAX_RANGE_MILLIS);
        }
    }

    private static void roundTrip(HlsSession session) {
        assertThat(TOKENS.verify(TOKENS.issue(session), session.protocol())).isEqualTo(session);
    }
}
