package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.PlaybackRequest;
import io.storagesession.mediastore.hls.RequestFields;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.vertx.core.json.JsonObject;

/**
 * A GetDASHStreamingSessionURL request, validated as the kinesis-video-archived-media service model and API reference
 * describe it: what it shares with GetHLSStreamingSessionURL ({@link PlaybackRequest}: StreamName or StreamARN,
 * PlaybackMode, DASHFragmentSelector, DisplayFragmentTimestamp, Expires 300..43200, MaxManifestFragmentResults 1..5000
 * with defaults 5 live and 1000 on demand) and its own DisplayFragmentNumber, ALWAYS or NEVER (default). DASH has no
 * ContainerFormat (always fragmented MP4) and no DiscontinuityMode.
 */
public record DashSessionRequest(PlaybackRequest playback, boolean displayFragmentNumber)
        implements StreamingSessions.Request {
    static final String SELECTOR = "DASHFragmentSelector";
    static final String MAX_RESULTS_FIELD = "MaxManifestFragmentResults";
    static final String DISPLAY_FRAGMENT_NUMBER = "DisplayFragmentNumber";

    public static DashSessionRequest parse(JsonObject body, long nowMillis) {
        PlaybackRequest playback = PlaybackRequest.parse(body, nowMillis, SELECTOR, MAX_RESULTS_FIELD);
        return new DashSessionRequest(playback, RequestFields.always(body, DISPLAY_FRAGMENT_NUMBER));
    }

    @Override
    public String streamName() {
        return playback.streamName();
    }

    @Override
    public String streamArn() {
        return playback.streamArn();
    }

    /** The DASH session this request grants on {@code stream}, created at {@code nowMillis}. */
    @Override
    public HlsSession session(ArchivedStream stream, long nowMillis) {
        PlaybackRequest p = playback;
        return new HlsSession(stream.name(), stream.arn(), HlsSession.Protocol.DASH, p.playbackMode(), p.kind(),
                p.startMillis(), p.endMillis(), HlsSession.ContainerFormat.FRAGMENTED_MP4,
                HlsSession.DiscontinuityMode.NEVER, p.displayFragmentTimestamp(), displayFragmentNumber,
                p.maxResults(), nowMillis, p.expiresMillis(nowMillis));
    }
}
