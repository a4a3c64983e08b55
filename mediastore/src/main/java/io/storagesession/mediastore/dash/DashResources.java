package io.storagesession.mediastore.dash;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.fmp4.InitSegmentWriter;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.ResourceQuery;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The GET handlers of {@code /dash/v1/} (KVS-WIRE.md §6), authorised by a DASH session token alone (an HLS token is
 * refused as NotAuthorizedException 403, as a forged or expired one). Each verifies the token, asks the store
 * (futures: nothing blocks the event loop), renders the MPD ({@link DashManifest}) or serves the fMP4 HLS also serves
 * ({@link InitSegmentWriter}, {@link MediaSegmentWriter}, through {@link StreamingSessions#initFragment} and
 * {@link StreamingSessions#mediaFragment}), and answers; any failure becomes a KVS-shaped error, with the CORS origin
 * like every answer.
 */
final class DashResources {
    private static final HlsSession.Protocol DASH = HlsSession.Protocol.DASH;

    private final StreamingSessions sessions;
    private final ArchiveSource source;
    private final DashSettings settings;

    DashResources(StreamingSessions sessions, DashSettings settings) {
        this.sessions = sessions;
        this.source = sessions.source();
        this.settings = settings;
    }

    /** GetDASHManifest: the MPD of the session's window now. */
    void manifest(RoutingContext ctx) {
        sessions.run(ctx, () -> {
            String token = ResourceQuery.sessionToken(ctx);
            HlsSession session = sessions.verify(token, DASH);
            return sessions.window(session).compose(window -> source.tracks(session.streamArn(),
                            window.newest().tracksSequence())
                    .map(tracks -> DashManifest.render(session, window, tracks, token,
                            sessions.clock().millis(), settings)))
                    .onSuccess(xml -> sessions.responses().manifest(ctx.response(), xml));
        });
    }

    /** GetMP4InitFragment: ftyp and moov of the track set SequenceNumber names, one track or all. */
    void init(RoutingContext ctx) {
        sessions.initFragment(ctx, DASH);
    }

    /** GetMP4MediaFragment: moof and mdat of the session's fragment starting at FragmentTimestamp. */
    void fragment(RoutingContext ctx) {
        sessions.mediaFragment(ctx, DASH, this::fragmentAt);
    }

    /**
     * The fragment whose timestamp on the session's timeline is FragmentTimestamp — the S@t the manifest gave it — if
     * it belongs to the session (KVS serves only "the requested stream, time range, and format").
     */
    private Future<ArchivedFragment> fragmentAt(HlsSession session, RoutingContext ctx) {
        long timestampMillis = ResourceQuery.longParam(ctx, DashUris.FRAGMENT_TIMESTAMP);
        return source.fragments(new FragmentQuery(session.streamArn(), session.kind(), timestampMillis,
                        timestampMillis, 1, FragmentQuery.End.OLDEST))
                .compose(found -> {
                    if (found.isEmpty() || !sessions.contains(session, found.get(0))) {
                        throw ApiException.resourceNotFound("No fragment of this session starts at "
                                + DashUris.FRAGMENT_TIMESTAMP + " " + timestampMillis);
                    }
                    return source.fragment(session.streamArn(), found.get(0).fragmentNumber());
                });
    }
}
