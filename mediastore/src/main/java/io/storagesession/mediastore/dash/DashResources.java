package io.storagesession.mediastore.dash;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.hls.HlsFragment;
import io.storagesession.mediastore.hls.HlsFragmentQuery;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.HlsSource;
import io.storagesession.mediastore.hls.HlsUris;
import io.storagesession.mediastore.hls.InitSegmentWriter;
import io.storagesession.mediastore.hls.MediaSegmentWriter;
import io.storagesession.mediastore.hls.Mp4Buffer;
import io.storagesession.mediastore.hls.ResourceQuery;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * The GET handlers of {@code /dash/v1/} (KVS-WIRE.md §6), authorised by a DASH session token alone (an HLS token is
 * refused as NotAuthorizedException 403, as a forged or expired one). Each verifies the token, asks the store
 * (futures: nothing blocks the event loop), renders the MPD ({@link DashManifest}) or writes the fMP4 HLS also serves
 * ({@link InitSegmentWriter}, {@link MediaSegmentWriter}) into the event loop's reusable buffer, and answers; any
 * failure becomes a KVS-shaped error, with the CORS origin like every answer.
 */
final class DashResources {
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;

    private final StreamingSessions sessions;
    private final HlsSource source;
    private final DashSettings settings;
    private final MediaSegmentWriter segments;

    DashResources(StreamingSessions sessions, DashSettings settings) {
        this.sessions = sessions;
        this.source = sessions.source();
        this.settings = settings;
        this.segments = new MediaSegmentWriter(sessions.settings().fallbackVideoFrameDuration().toMillis());
    }

    /** GetDASHManifest: the MPD of the session's window now. */
    void manifest(RoutingContext ctx) {
        run(ctx, () -> {
            String token = ResourceQuery.sessionToken(ctx);
            HlsSession session = sessions.verify(token, HlsSession.Protocol.DASH);
            return sessions.window(session).compose(window -> source.tracks(session.streamArn(),
                            window.newest().tracksSequence())
                    .map(tracks -> DashManifest.render(session, window, tracks, token,
                            sessions.clock().millis(), settings)))
                    .onSuccess(xml -> sessions.responses().manifest(ctx.response(), xml));
        });
    }

    /** GetMP4InitFragment: ftyp and moov of the track set SequenceNumber names, one track or all. */
    void init(RoutingContext ctx) {
        run(ctx, () -> {
            HlsSession session = sessions.verify(ResourceQuery.sessionToken(ctx), HlsSession.Protocol.DASH);
            Integer track = ResourceQuery.trackNumber(ctx);
            long tracksSequence = ResourceQuery.longParam(ctx, HlsUris.SEQUENCE_NUMBER);
            return source.tracks(session.streamArn(), tracksSequence).map(tracks -> {
                Mp4Buffer out = sessions.buffer();
                InitSegmentWriter.write(out, ResourceQuery.select(tracks, track));
                sessions.responses().mp4(ctx.response(), out);
                sessions.release(out);
                return null;
            });
        });
    }

    /** GetMP4MediaFragment: moof and mdat of the session's fragment starting at FragmentTimestamp. */
    void fragment(RoutingContext ctx) {
        run(ctx, () -> {
            HlsSession session = sessions.verify(ResourceQuery.sessionToken(ctx), HlsSession.Protocol.DASH);
            Integer track = ResourceQuery.trackNumber(ctx);
            long timestamp = ResourceQuery.longParam(ctx, DashUris.FRAGMENT_TIMESTAMP);
            return fragmentAt(session, timestamp).compose(fragment -> source.tracks(session.streamArn(),
                    fragment.info().tracksSequence()).map(tracks -> {
                        Mp4Buffer out = sessions.buffer();
                        segments.write(out, ResourceQuery.select(tracks, track), fragment,
                                session.shiftMillis(fragment.info()), fragment.info().sequence() + 1);
                        sessions.responses().mp4(ctx.response(), out);
                        sessions.release(out);
                        return null;
                    }));
        });
    }

    /**
     * The fragment whose timestamp on the session's timeline is {@code timestampMillis} — the S@t the manifest gave
     * it — if it belongs to the session (KVS serves only "the requested stream, time range, and format").
     */
    private Future<HlsFragment> fragmentAt(HlsSession session, long timestampMillis) {
        return source.fragments(new HlsFragmentQuery(session.streamArn(), session.kind(), timestampMillis,
                        timestampMillis, 1, HlsFragmentQuery.End.OLDEST))
                .compose(found -> {
                    if (found.isEmpty() || !sessions.contains(session, found.get(0))) {
                        throw ApiException.resourceNotFound("No fragment of this session starts at "
                                + DashUris.FRAGMENT_TIMESTAMP + " " + timestampMillis);
                    }
                    return source.fragment(session.streamArn(), found.get(0).fragmentNumber());
                });
    }

    /** Below /dash/v1/ but no resource: a known resource with another method is a 405, anything else a 404. */
    void unknown(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean known = List.of(DashUris.MANIFEST, DashUris.INIT, DashUris.FRAGMENT).contains(name);
        sessions.responses().error(ctx.response(), known
                ? new ApiException(METHOD_NOT_ALLOWED, "MethodNotAllowedException", "DASH resources are read with GET")
                : new ApiException(NOT_FOUND, "UnknownOperationException", "No DASH resource at " + path));
    }

    private void run(RoutingContext ctx, Supplier<Future<?>> work) {
        Future<?> f;
        try {
            f = work.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onFailure(e -> sessions.responses().error(ctx.response(), e));
    }
}
