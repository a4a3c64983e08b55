package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The GET handlers of {@code /hls/v1/} that only HLS has (KVS-WIRE.md §6), authorised by an HLS session token alone (a
 * DASH token is refused as NotAuthorizedException 403, as a forged or expired one): the master and media playlists,
 * the FragmentNumber that addresses a media fragment, and GetTSFragment. Each verifies the token, asks the {@link
 * ArchiveSource} (futures: nothing blocks the event loop), renders the playlist or writes the segment, and answers;
 * the steps HLS shares with DASH — the init and media fragments, the reusable buffers, failures as KVS errors — are
 * {@link StreamingSessions}'.
 *
 * <p>TrackNumber selects one track as KVS does; without it the playlist and fragments hold every track of the stream,
 * muxed (an extension for players that want a single rendition).
 */
final class HlsResources {
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final HlsSession.Protocol HLS = HlsSession.Protocol.HLS;

    private final StreamingSessions sessions;
    private final ArchiveSource source;
    /** For the EXT-X-DISCONTINUITY-SEQUENCE of LIVE playlists ({@link SessionWindow#withDiscontinuitiesBefore}). */
    private final LiveFragments live;
    /** TS writers keep continuity counters and a PES buffer: one per thread, like the segment buffers. */
    private final ThreadLocal<TsSegmentWriter> transportStreams = ThreadLocal.withInitial(TsSegmentWriter::new);

    HlsResources(StreamingSessions sessions, LiveFragments live) {
        this.sessions = sessions;
        this.source = sessions.source();
        this.live = live;
    }

    void master(RoutingContext ctx) {
        sessions.run(ctx, () -> {
            String token = ResourceQuery.sessionToken(ctx);
            HlsSession session = sessions.verify(token, HLS);
            return sessions.window(session).compose(window -> source.tracks(session.streamArn(),
                            window.newest().tracksSequence())
                    .compose(tracks -> variant(session, window.newest(), tracks)
                            .map(v -> {
                                long bandwidth = StreamingSessions.bandwidth(window.fragments());
                                return session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS
                                        ? MasterPlaylist.renderMuxed(v.tracks(), bandwidth, v.frameRate(), token)
                                        : MasterPlaylist.render(v.tracks(), bandwidth, v.frameRate(), token);
                            })))
                    .onSuccess(text -> sessions.responses().playlist(ctx.response(), text));
        });
    }

    void media(RoutingContext ctx) {
        sessions.run(ctx, () -> {
            String token = ResourceQuery.sessionToken(ctx);
            HlsSession session = sessions.verify(token, HLS);
            Integer track = ResourceQuery.trackNumber(ctx);
            long tolerance = sessions.settings().discontinuityTolerance().toMillis();
            return sessions.playlistWindow(session)
                    .compose(window -> SessionWindow.withDiscontinuitiesBefore(source, live, session, window,
                            tolerance))
                    .compose(window -> source.tracks(session.streamArn(), window.newest().tracksSequence())
                            .map(tracks -> {
                                ResourceQuery.select(tracks, track);
                                return MediaPlaylist.render(session, window, track, token, tolerance,
                                        source.maxFragmentDuration().toMillis());
                            }))
                    .onSuccess(text -> sessions.responses().playlist(ctx.response(), text));
        });
    }

    void init(RoutingContext ctx) {
        sessions.initFragment(ctx, HLS);
    }

    void fragment(RoutingContext ctx) {
        sessions.mediaFragment(ctx, HLS, this::numberedFragment);
    }

    /** GetTSFragment: every track of the fragment in one MPEG-TS segment, for MPEG_TS sessions only. */
    void transportStream(RoutingContext ctx) {
        sessions.run(ctx, () -> {
            HlsSession session = sessions.verify(ResourceQuery.sessionToken(ctx), HLS);
            if (session.containerFormat() != HlsSession.ContainerFormat.MPEG_TS) {
                throw ApiException.invalidArgument("This session's ContainerFormat is FRAGMENTED_MP4: use "
                        + HlsUris.INIT + " and " + HlsUris.FRAGMENT);
            }
            return numberedFragment(session, ctx).compose(fragment -> source.tracks(session.streamArn(),
                    fragment.info().tracksSequence()).map(tracks -> {
                        HlsSessionUrlApi.refuseOpusInTransportStream(session, tracks);
                        sessions.answerSegment(ctx.response(), out -> transportStreams.get().write(out, tracks,
                                fragment, session.shiftMillis(fragment.info())), sessions.responses()::transportStream);
                        return null;
                    }));
        });
    }

    /**
     * The fragment FragmentNumber names, if it belongs to the session (KVS serves only "the requested stream, time
     * range"); InvalidArgumentException for a FragmentNumber that is not a decimal number.
     */
    private Future<ArchivedFragment> numberedFragment(HlsSession session, RoutingContext ctx) {
        String number = ctx.request().getParam(HlsUris.FRAGMENT_NUMBER);
        if (number == null || number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            throw ApiException.invalidArgument("FragmentNumber must be a decimal fragment number");
        }
        return source.fragment(session.streamArn(), number).map(fragment -> {
            if (!sessions.contains(session, fragment.info())) {
                throw ApiException.resourceNotFound("Fragment " + number + " is not part of this session");
            }
            return fragment;
        });
    }

    /** The master playlist's view of the variant: its tracks, the video at its decoded size, and the frame rate. */
    private record Variant(List<ArchivedTrack> tracks, double frameRate) {
    }

    /**
     * Reads the newest fragment of the window for what the stream header does not say: FRAME-RATE as its video frames
     * per second of its length (0, unknown, without video or length) and RESOLUTION as its keyframes' in-band SPS
     * declares it ({@link PictureSize}).
     */
    private Future<Variant> variant(HlsSession session, ArchivedFragmentInfo newest, List<ArchivedTrack> tracks) {
        ArchivedTrack video = tracks.stream().filter(ArchivedTrack::isVideo).findFirst().orElse(null);
        if (video == null) {
            return Future.succeededFuture(new Variant(tracks, 0));
        }
        return source.fragment(session.streamArn(), newest.fragmentNumber()).map(f -> {
            long frames = f.frames().stream().filter(fr -> fr.trackNumber() == video.trackNumber()).count();
            double rate = newest.durationMillis() > 0 ? frames * MILLIS_PER_SECOND / newest.durationMillis() : 0;
            ArchivedTrack sized = PictureSize.of(video, f.frames()).applyTo(video);
            List<ArchivedTrack> withSize = tracks.stream().map(t -> t == video ? sized : t).toList();
            return new Variant(withSize, rate);
        });
    }
}
