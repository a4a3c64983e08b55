package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * GetHLSStreamingSessionURL (KVS-WIRE.md §6): validates the request ({@link HlsSessionRequest}), resolves and
 * authorises the stream, refuses what KVS refuses — no data retention (NoDataRetentionException), no fragment in the
 * asked range or, for LIVE, in the last 30 s (ResourceNotFoundException) — and answers
 * {@code {"HLSStreamingSessionURL":"<base>/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=…"}}.
 *
 * <p>ContainerFormat MPEG_TS: TS carries H.264 and AAC here ({@link TsSegmentWriter}), so a stream with Opus audio is
 * refused with UnsupportedStreamMediaTypeException (the service model's error for a codec the session cannot play:
 * "Opus plays in HLS only inside fMP4", KVS-WIRE.md §6).
 */
public final class HlsSessionUrlApi {
    public static final String PATH = "/getHLSStreamingSessionURL";
    public static final String OPERATION = "GetHLSStreamingSessionURL";
    static final String RESULT_FIELD = "HLSStreamingSessionURL";

    private final HlsSource source;
    private final LiveFragments live;
    private final HlsSessionToken tokens;
    private final HlsSettings settings;
    private final Clock clock;

    HlsSessionUrlApi(HlsSource source, LiveFragments live, HlsSessionToken tokens, HlsSettings settings,
                     Clock clock) {
        this.source = source;
        this.live = live;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    public Future<JsonObject> handle(JsonObject body, HlsApiRegistry.Authorizer authorizer, RoutingContext context) {
        long now = clock.millis();
        HlsSessionRequest request;
        try {
            request = HlsSessionRequest.parse(body, now);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return source.stream(request.streamName(), request.streamArn()).compose(stream -> {
            if (request.streamName() != null && request.streamArn() != null
                    && !request.streamName().equals(stream.name())) {
                throw ApiException.invalidArgument("StreamName and StreamARN name different streams");
            }
            authorizer.authorize(stream.arn());
            if (stream.dataRetentionInHours() == 0) {
                throw HlsErrors.noDataRetention("The stream " + stream.name() + " does not retain data");
            }
            HlsSession session = request.session(stream, now);
            return SessionWindow.of(source, live, session, now, settings.liveFreshness().toMillis())
                    .compose(window -> {
                        if (window.isEmpty()) {
                            throw ApiException.resourceNotFound(noFragments(session));
                        }
                        if (session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS) {
                            return source.tracks(session.streamArn(), window.newest().tracksSequence())
                                    .map(tracks -> refuseOpusInTransportStream(session, tracks));
                        }
                        return Future.succeededFuture(session);
                    })
                    .map(s -> new JsonObject().put(RESULT_FIELD, baseUrl(context) + HlsUris.PREFIX + HlsUris.MASTER
                            + "?" + HlsUris.SESSION_TOKEN + "=" + tokens.issue(s)));
        });
    }

    static String noFragments(HlsSession session) {
        return session.playbackMode() == HlsSession.PlaybackMode.LIVE
                ? "No fragments found in the stream in the last 30 seconds for the LIVE session"
                : "No fragments found in the stream for the requested timestamp range";
    }

    static HlsSession refuseOpusInTransportStream(HlsSession session, List<HlsTrack> tracks) {
        for (HlsTrack t : tracks) {
            if (t.codec() == HlsTrack.Codec.OPUS) {
                throw HlsErrors.unsupportedMediaType("Track " + t.trackNumber()
                        + " is Opus (A_OPUS), which MPEG_TS cannot carry; use ContainerFormat FRAGMENTED_MP4");
            }
        }
        return session;
    }

    private String baseUrl(RoutingContext context) {
        if (!settings.publicBaseUrl().isEmpty()) {
            return settings.publicBaseUrl();
        }
        String host = context.request().getHeader("Host");
        if (host == null && context.request().authority() != null) {
            host = context.request().authority().toString();
        }
        return context.request().scheme() + "://" + host;
    }
}
