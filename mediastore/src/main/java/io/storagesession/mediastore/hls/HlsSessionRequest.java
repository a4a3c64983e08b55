package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.json.JsonObject;

/**
 * A GetHLSStreamingSessionURL request, validated as the kinesis-video-archived-media service model and API reference
 * describe it: what it shares with GetDASHStreamingSessionURL ({@link PlaybackRequest}: stream, PlaybackMode,
 * HLSFragmentSelector, DisplayFragmentTimestamp, Expires, MaxMediaPlaylistFragmentResults 1..5000) and its own members:
 * ContainerFormat FRAGMENTED_MP4 (default) or MPEG_TS; DiscontinuityMode defaulting to ALWAYS for SERVER_TIMESTAMP and
 * NEVER for PRODUCER_TIMESTAMP. Violations are InvalidArgumentException, mistyped JSON SerializationException.
 */
public record HlsSessionRequest(String streamName, String streamArn, HlsSession.PlaybackMode playbackMode,
                                TimestampKind kind, long startMillis, long endMillis,
                                HlsSession.ContainerFormat containerFormat,
                                HlsSession.DiscontinuityMode discontinuityMode, boolean displayFragmentTimestamp,
                                int expiresSeconds, int maxResults) implements StreamingSessions.Request {
    static final String SELECTOR = "HLSFragmentSelector";
    static final String MAX_RESULTS_FIELD = "MaxMediaPlaylistFragmentResults";
    /** The largest MaxMediaPlaylistFragmentResults (5000). */
    static final int MAX_RESULTS = PlaybackRequest.MAX_RESULTS;
    private static final long MILLIS_PER_SECOND = 1000;

    public static HlsSessionRequest parse(JsonObject body, long nowMillis) {
        PlaybackRequest p = PlaybackRequest.parse(body, nowMillis, SELECTOR, MAX_RESULTS_FIELD);
        HlsSession.ContainerFormat container = RequestFields.enumValue(body, "ContainerFormat",
                HlsSession.ContainerFormat.class, HlsSession.ContainerFormat.FRAGMENTED_MP4);
        HlsSession.DiscontinuityMode discontinuity = RequestFields.enumValue(body, "DiscontinuityMode",
                HlsSession.DiscontinuityMode.class, p.kind() == TimestampKind.SERVER_TIMESTAMP
                        ? HlsSession.DiscontinuityMode.ALWAYS : HlsSession.DiscontinuityMode.NEVER);
        return new HlsSessionRequest(p.streamName(), p.streamArn(), p.playbackMode(), p.kind(), p.startMillis(),
                p.endMillis(), container, discontinuity, p.displayFragmentTimestamp(), p.expiresSeconds(),
                p.maxResults());
    }

    /** The session this request grants on {@code stream}, created at {@code nowMillis}. */
    @Override
    public HlsSession session(ArchivedStream stream, long nowMillis) {
        return new HlsSession(stream.name(), stream.arn(), HlsSession.Protocol.HLS, playbackMode, kind, startMillis,
                endMillis, containerFormat, discontinuityMode, displayFragmentTimestamp, false, maxResults, nowMillis,
                nowMillis + expiresSeconds * MILLIS_PER_SECOND);
    }
}
