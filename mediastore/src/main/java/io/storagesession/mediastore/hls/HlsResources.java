package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The GET handlers of {@code /hls/v1/} (KVS-WIRE.md §6), authorised by the session token alone. Each verifies the
 * token, asks the {@link HlsSource} (futures: nothing blocks the event loop), renders the playlist or writes the fMP4
 * into the event loop's reusable {@link Mp4Buffer}, and answers; any failure becomes a KVS-shaped error.
 *
 * <p>TrackNumber selects one track as KVS does; without it the playlist and fragments hold every track of the stream,
 * muxed (an extension for players that want a single rendition).
 */
final class HlsResources {
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final long BITS_PER_BYTE = 8;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;

    private final HlsSource source;
    private final LiveFragments live;
    private final HlsSessionToken tokens;
    private final HlsSettings settings;
    private final Clock clock;
    private final HlsResponses responses;
    private final MediaSegmentWriter segments;
    private final ThreadLocal<Mp4Buffer> buffers;
    /** TS writers keep continuity counters and a PES buffer: one per thread, like the segment buffers. */
    private final ThreadLocal<TsSegmentWriter> transportStreams = ThreadLocal.withInitial(TsSegmentWriter::new);

    HlsResources(HlsSource source, LiveFragments live, HlsSessionToken tokens, HlsSettings settings, Clock clock) {
        this.source = source;
        this.live = live;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.responses = new HlsResponses(settings);
        this.segments = new MediaSegmentWriter(settings.fallbackVideoFrameDuration().toMillis());
        this.buffers = ThreadLocal.withInitial(() -> new Mp4Buffer(settings.initialSegmentBufferBytes()));
    }

    void master(RoutingContext ctx) {
        run(ctx, () -> {
            String token = ctx.request().getParam(HlsUris.SESSION_TOKEN);
            HlsSession session = tokens.verify(token);
            return window(session).compose(window -> source.tracks(session.streamArn(),
                            window.newest().tracksSequence())
                    .compose(tracks -> variant(session, window.newest(), tracks)
                            .map(v -> session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS
                                    ? MasterPlaylist.renderMuxed(v.tracks(), bandwidth(window.fragments()),
                                            v.frameRate(), token)
                                    : MasterPlaylist.render(v.tracks(), bandwidth(window.fragments()), v.frameRate(),
                                            token))))
                    .onSuccess(text -> responses.playlist(ctx.response(), text));
        });
    }

    void media(RoutingContext ctx) {
        run(ctx, () -> {
            String token = ctx.request().getParam(HlsUris.SESSION_TOKEN);
            HlsSession session = tokens.verify(token);
            Integer track = trackNumber(ctx);
            long tolerance = settings.discontinuityTolerance().toMillis();
            return window(session)
                    .compose(window -> SessionWindow.withDiscontinuitiesBefore(source, live, session, window,
                            tolerance))
                    .compose(window -> source.tracks(session.streamArn(), window.newest().tracksSequence())
                            .map(tracks -> {
                                select(tracks, track);
                                return MediaPlaylist.render(session, window, track, token, tolerance,
                                        source.maxFragmentDuration().toMillis());
                            }))
                    .onSuccess(text -> responses.playlist(ctx.response(), text));
        });
    }

    void init(RoutingContext ctx) {
        run(ctx, () -> {
            HlsSession session = tokens.verify(ctx.request().getParam(HlsUris.SESSION_TOKEN));
            Integer track = trackNumber(ctx);
            long tracksSequence = longParam(ctx, HlsUris.SEQUENCE_NUMBER);
            return source.tracks(session.streamArn(), tracksSequence)
                    .map(tracks -> {
                        Mp4Buffer out = buffer();
                        InitSegmentWriter.write(out, select(tracks, track));
                        responses.mp4(ctx.response(), out);
                        release(out);
                        return null;
                    });
        });
    }

    void fragment(RoutingContext ctx) {
        run(ctx, () -> {
            HlsSession session = tokens.verify(ctx.request().getParam(HlsUris.SESSION_TOKEN));
            Integer track = trackNumber(ctx);
            String number = fragmentNumber(ctx);
            return sessionFragment(session, number).compose(fragment -> source.tracks(session.streamArn(),
                    fragment.info().tracksSequence()).map(tracks -> {
                        Mp4Buffer out = buffer();
                        segments.write(out, select(tracks, track), fragment, session.shiftMillis(fragment.info()),
                                fragment.info().sequence() + 1);
                        responses.mp4(ctx.response(), out);
                        release(out);
                        return null;
                    }));
        });
    }

    /** GetTSFragment: every track of the fragment in one MPEG-TS segment, for MPEG_TS sessions only. */
    void transportStream(RoutingContext ctx) {
        run(ctx, () -> {
            HlsSession session = tokens.verify(ctx.request().getParam(HlsUris.SESSION_TOKEN));
            if (session.containerFormat() != HlsSession.ContainerFormat.MPEG_TS) {
                throw ApiException.invalidArgument("This session's ContainerFormat is FRAGMENTED_MP4: use "
                        + HlsUris.INIT + " and " + HlsUris.FRAGMENT);
            }
            String number = fragmentNumber(ctx);
            return sessionFragment(session, number).compose(fragment -> source.tracks(session.streamArn(),
                    fragment.info().tracksSequence()).map(tracks -> {
                        HlsSessionUrlApi.refuseOpusInTransportStream(session, tracks);
                        Mp4Buffer out = buffer();
                        transportStreams.get().write(out, tracks, fragment, session.shiftMillis(fragment.info()));
                        responses.transportStream(ctx.response(), out);
                        release(out);
                        return null;
                    }));
        });
    }

    private static String fragmentNumber(RoutingContext ctx) {
        String number = ctx.request().getParam(HlsUris.FRAGMENT_NUMBER);
        if (number == null || number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            throw ApiException.invalidArgument("FragmentNumber must be a decimal fragment number");
        }
        return number;
    }

    /** The fragment, if it belongs to the session (KVS serves only "the requested stream, time range"). */
    private Future<HlsFragment> sessionFragment(HlsSession session, String number) {
        return source.fragment(session.streamArn(), number).map(fragment -> {
            if (!SessionWindow.contains(session, fragment.info())) {
                throw ApiException.resourceNotFound("Fragment " + number + " is not part of this session");
            }
            return fragment;
        });
    }

    /** Below /hls/v1/ but no resource: a known resource with another method is a 405, anything else a 404. */
    void unknown(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean known = List.of(HlsUris.MASTER, HlsUris.MEDIA, HlsUris.INIT, HlsUris.FRAGMENT, HlsUris.TS_FRAGMENT)
                .contains(name);
        responses.error(ctx.response(), known
                ? new ApiException(METHOD_NOT_ALLOWED, "MethodNotAllowedException", "HLS resources are read with GET")
                : new ApiException(NOT_FOUND, "UnknownOperationException", "No HLS resource at " + path));
    }

    private Future<SessionWindow.Window> window(HlsSession session) {
        return SessionWindow.of(source, live, session, clock.millis(), settings.liveFreshness().toMillis()).map(w -> {
            if (w.isEmpty()) {
                throw ApiException.resourceNotFound(HlsSessionUrlApi.noFragments(session));
            }
            return w;
        });
    }

    /** The master playlist's view of the variant: its tracks, the video at its decoded size, and the frame rate. */
    private record Variant(List<HlsTrack> tracks, double frameRate) {
    }

    /**
     * Reads the newest fragment of the window for what the stream header does not say: FRAME-RATE as its video frames
     * per second of its length (0, unknown, without video or length) and RESOLUTION as its keyframes' in-band SPS
     * declares it ({@link PictureSize}).
     */
    private Future<Variant> variant(HlsSession session, HlsFragmentInfo newest, List<HlsTrack> tracks) {
        HlsTrack video = tracks.stream().filter(HlsTrack::isVideo).findFirst().orElse(null);
        if (video == null) {
            return Future.succeededFuture(new Variant(tracks, 0));
        }
        return source.fragment(session.streamArn(), newest.fragmentNumber()).map(f -> {
            long frames = f.frames().stream().filter(fr -> fr.trackNumber() == video.trackNumber()).count();
            double rate = newest.durationMillis() > 0 ? frames * MILLIS_PER_SECOND / newest.durationMillis() : 0;
            HlsTrack sized = PictureSize.of(video, f.frames()).applyTo(video);
            List<HlsTrack> withSize = tracks.stream().map(t -> t == video ? sized : t).toList();
            return new Variant(withSize, rate);
        });
    }

    /** RFC 8216 §4.3.4.2: BANDWIDTH is the peak segment bit rate. */
    static long bandwidth(List<HlsFragmentInfo> fragments) {
        long peak = 1;
        for (HlsFragmentInfo f : fragments) {
            if (f.durationMillis() > 0) {
                peak = Math.max(peak, Math.round(f.sizeBytes() * BITS_PER_BYTE * MILLIS_PER_SECOND / f.durationMillis()));
            }
        }
        return peak;
    }

    private static List<HlsTrack> select(List<HlsTrack> tracks, Integer trackNumber) {
        if (trackNumber == null) {
            return tracks;
        }
        List<HlsTrack> one = new ArrayList<>(1);
        for (HlsTrack t : tracks) {
            if (t.trackNumber() == trackNumber) {
                one.add(t);
            }
        }
        if (one.isEmpty()) {
            throw ApiException.invalidArgument("The stream has no track " + trackNumber);
        }
        return one;
    }

    private static Integer trackNumber(RoutingContext ctx) {
        String v = ctx.request().getParam(HlsUris.TRACK_NUMBER);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalidArgument("TrackNumber must be a positive integer");
    }

    private static long longParam(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument(name + " must be an integer");
        }
    }

    private Mp4Buffer buffer() {
        Mp4Buffer b = buffers.get();
        b.reset();
        return b;
    }

    /** A buffer grown past the retained maximum for one unusual fragment is dropped rather than kept. */
    private void release(Mp4Buffer b) {
        if (b.capacity() > settings.maxRetainedSegmentBufferBytes()) {
            buffers.remove();
        }
    }

    private void run(RoutingContext ctx, Supplier<Future<?>> work) {
        Future<?> f;
        try {
            f = work.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onFailure(e -> responses.error(ctx.response(), e));
    }
}
