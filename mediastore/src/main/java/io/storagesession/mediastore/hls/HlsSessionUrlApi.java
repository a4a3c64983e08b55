package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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

    private final StreamingSessions sessions;

    HlsSessionUrlApi(StreamingSessions sessions) {
        this.sessions = sessions;
    }

    public Future<JsonObject> handle(JsonObject body, HlsApiRegistry.Authorizer authorizer, RoutingContext context) {
        long now = sessions.clock().millis();
        HlsSessionRequest request;
        try {
            request = HlsSessionRequest.parse(body, now);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        return sessions.grant(request.streamName(), request.streamArn(), authorizer, now,
                        stream -> request.session(stream, now))
                .compose(grant -> {
                    HlsSession session = grant.session();
                    if (session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS) {
                        return sessions.source().tracks(session.streamArn(), grant.window().newest().tracksSequence())
                                .map(tracks -> refuseOpusInTransportStream(session, tracks));
                    }
                    return Future.succeededFuture(session);
                })
                .map(s -> new JsonObject().put(RESULT_FIELD,
                        sessions.sessionUrl(context, HlsUris.PREFIX + HlsUris.MASTER, s)));
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
}
