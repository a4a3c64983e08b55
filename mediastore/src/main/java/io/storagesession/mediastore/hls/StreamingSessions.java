package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.InitSegmentWriter;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import io.storagesession.mediastore.fmp4.SegmentBuffers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What HLS and DASH playback share (KVS-WIRE.md §6), made once by {@link HlsRoutes#mount} and handed to the DASH
 * routes: the store ({@link ArchiveSource}), one cache of LIVE windows, one token key (a token names the protocol it
 * opens, see {@link HlsSessionToken}), the {@code media-store.hls} settings (token key, public base URL, LIVE
 * freshness, CORS), the clock, the KVS-shaped answers and one reusable fMP4 buffer per event loop thread.
 *
 * <p>Its steps are those both protocols take alike. GetHLSStreamingSessionURL and GetDASHStreamingSessionURL ({@link
 * #sessionUrlHandler}): resolve and authorise the stream, refuse a stream without retention
 * (NoDataRetentionException), without fragments for the session (ResourceNotFoundException) or whose tracks cannot be
 * played (the source's 400s, then the protocol's own rule), and sign the session into its URL. The token-authorised
 * resources: verify the token for the protocol, take the fragment window a playlist or manifest shows ({@code
 * SessionWindow}: LIVE, LIVE_REPLAY, ON_DEMAND as the API reference describes PlaybackMode for both protocols), serve
 * GetMP4InitFragment and GetMP4MediaFragment ({@link #initFragment}, {@link #mediaFragment}), and turn every failure
 * into a KVS error ({@link #run}).
 */
public final class StreamingSessions {
    private static final String ALLOW_METHODS = "GET, OPTIONS";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    private static final int NO_CONTENT = 204;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final long BITS_PER_BYTE = 8;

    private final ArchiveSource source;
    private final LiveFragments live;
    private final HlsSessionToken tokens;
    private final HlsSettings settings;
    private final Clock clock;
    private final HlsResponses responses;
    private final MediaSegmentWriter segments;
    /** One reusable fMP4 buffer per event loop thread, for the segments of both protocols. */
    private final SegmentBuffers buffers;

    /** The fragments a playlist or manifest shows now, ascending and never empty, and whether none will be added. */
    public record Window(List<ArchivedFragmentInfo> fragments, boolean ended) {
        public Window {
            fragments = List.copyOf(fragments);
        }

        public ArchivedFragmentInfo newest() {
            return fragments.get(fragments.size() - 1);
        }
    }

    /** A parsed GetHLSStreamingSessionURL or GetDASHStreamingSessionURL request: its stream and its session on it. */
    public interface Request {
        String streamName();

        String streamArn();

        /** The session granted on {@code stream}, created at {@code nowMillis}. */
        HlsSession session(ArchivedStream stream, long nowMillis);
    }

    /** Reads a session URL request's JSON body at {@code nowMillis}; throws the KVS error for an invalid one. */
    @FunctionalInterface
    public interface RequestParser {
        Request parse(JsonObject body, long nowMillis);
    }

    /** Finds the fragment a media fragment request names, once its token verified; fails as the protocol answers. */
    @FunctionalInterface
    public interface FragmentLocator {
        Future<ArchivedFragment> find(HlsSession session, RoutingContext ctx);
    }

    StreamingSessions(ArchiveSource source, LiveFragments live, HlsSessionToken tokens, HlsSettings settings,
                      Clock clock) {
        this.source = source;
        this.live = live;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.responses = new HlsResponses(settings);
        this.segments = new MediaSegmentWriter(settings.fallbackVideoFrameDuration().toMillis());
        this.buffers = new SegmentBuffers(settings.initialSegmentBufferBytes(),
                settings.maxRetainedSegmentBufferBytes());
    }

    public ArchiveSource source() {
        return source;
    }

    public HlsSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public HlsResponses responses() {
        return responses;
    }

    /**
     * The handler of GetHLSStreamingSessionURL or GetDASHStreamingSessionURL, called once the request is signed:
     * parses the body at the clock's now ({@code parser} throws the request's InvalidArgumentException or
     * SerializationException), resolves StreamName/StreamARN, checks both name the same stream, authorises it, refuses
     * a stream that keeps no data, makes the session the request describes — ResourceNotFoundException when its window
     * is empty (no fragment in the range; for LIVE, none in the last 30 s) —, reads the tracks of the window's newest
     * fragment (the source's 400 when they cannot be played) and lets {@code playable} refuse what the protocol cannot
     * carry. Answers {@code {"<resultField>":"<base><resource>?SessionToken=…"}}.
     */
    public HlsApiRegistry.Handler sessionUrlHandler(RequestParser parser,
                                                    BiConsumer<HlsSession, List<ArchivedTrack>> playable,
                                                    String resource, String resultField) {
        return (body, authorizer, context) -> {
            long now = clock.millis();
            Request request;
            try {
                request = parser.parse(body, now);
            } catch (ApiException e) {
                return Future.failedFuture(e);
            }
            return open(request, authorizer, now, playable)
                    .map(session -> new JsonObject().put(resultField, sessionUrl(context, resource, session)));
        };
    }

    private Future<HlsSession> open(Request request, HlsApiRegistry.Authorizer authorizer, long now,
                                    BiConsumer<HlsSession, List<ArchivedTrack>> playable) {
        String name = request.streamName();
        String arn = request.streamArn();
        return source.stream(name, arn).compose(stream -> {
            if (name != null && arn != null && !name.equals(stream.name())) {
                throw ApiException.invalidArgument("StreamName and StreamARN name different streams");
            }
            authorizer.authorize(stream.arn());
            if (stream.dataRetentionInHours() == 0) {
                throw ArchiveErrors.noDataRetention("The stream " + stream.name() + " does not retain data");
            }
            HlsSession session = request.session(stream, now);
            return window(session, now)
                    .compose(window -> source.tracks(session.streamArn(), window.newest().tracksSequence()))
                    .map(tracks -> {
                        playable.accept(session, tracks);
                        return session;
                    });
        });
    }

    /** The session's window now; ResourceNotFoundException when it holds no fragment. */
    public Future<Window> window(HlsSession session) {
        return window(session, clock.millis());
    }

    private Future<Window> window(HlsSession session, long nowMillis) {
        return playlistWindow(session, nowMillis).map(w -> new Window(w.fragments(), w.ended()));
    }

    /** As {@link #window(HlsSession)}, in the form the media playlist counts its discontinuities on. */
    Future<SessionWindow.Window> playlistWindow(HlsSession session) {
        return playlistWindow(session, clock.millis());
    }

    private Future<SessionWindow.Window> playlistWindow(HlsSession session, long nowMillis) {
        return SessionWindow.of(source, live, session, nowMillis, settings.liveFreshness().toMillis()).map(w -> {
            if (w.isEmpty()) {
                throw ApiException.resourceNotFound(HlsSessionUrlApi.noFragments(session));
            }
            return w;
        });
    }

    /** Whether a fragment belongs to the session (KVS serves only "the requested stream, time range, and format"). */
    public boolean contains(HlsSession session, ArchivedFragmentInfo fragment) {
        return SessionWindow.contains(session, fragment);
    }

    /** The session a token grants, if issued for {@code protocol}; NotAuthorizedException (403) otherwise. */
    public HlsSession verify(String token, HlsSession.Protocol protocol) {
        return tokens.verify(token, protocol);
    }

    /**
     * The session's URL: {@code <base>/<resource>?SessionToken=…}, the base being {@code public-base-url} or, without
     * one, the scheme and Host the call came in with (the data endpoint the client used).
     */
    private String sessionUrl(RoutingContext context, String resource, HlsSession session) {
        return baseUrl(context) + resource + "?" + HlsUris.SESSION_TOKEN + "=" + tokens.issue(session);
    }

    /** GetMP4InitFragment of either protocol: ftyp and moov of the track set SequenceNumber names, one track or all. */
    public void initFragment(RoutingContext ctx, HlsSession.Protocol protocol) {
        run(ctx, () -> {
            HlsSession session = verify(ResourceQuery.sessionToken(ctx), protocol);
            Integer track = ResourceQuery.trackNumber(ctx);
            long tracksSequence = ResourceQuery.longParam(ctx, HlsUris.SEQUENCE_NUMBER);
            return source.tracks(session.streamArn(), tracksSequence).map(tracks -> {
                answerSegment(ctx.response(), out -> InitSegmentWriter.write(out, ResourceQuery.select(tracks, track)),
                        responses::mp4);
                return null;
            });
        });
    }

    /**
     * GetMP4MediaFragment of either protocol: moof and mdat of the session's fragment {@code locator} finds (by
     * FragmentNumber for HLS, FragmentTimestamp for DASH), one track or all, on the session's timeline.
     */
    public void mediaFragment(RoutingContext ctx, HlsSession.Protocol protocol, FragmentLocator locator) {
        run(ctx, () -> {
            HlsSession session = verify(ResourceQuery.sessionToken(ctx), protocol);
            Integer track = ResourceQuery.trackNumber(ctx);
            return locator.find(session, ctx).compose(fragment -> source.tracks(session.streamArn(),
                    fragment.info().tracksSequence()).map(tracks -> {
                        answerSegment(ctx.response(), out -> segments.write(out, ResourceQuery.select(tracks, track),
                                fragment, session.shiftMillis(fragment.info()), fragment.info().sequence() + 1),
                                responses::mp4);
                        return null;
                    }));
        });
    }

    /**
     * Writes a segment into this thread's emptied buffer, answers it with {@code send}, and gives the buffer back (one
     * grown past {@code max-retained-segment-buffer-size} is dropped, not kept).
     */
    void answerSegment(HttpServerResponse response, Consumer<Mp4Buffer> write,
                       BiConsumer<HttpServerResponse, Mp4Buffer> send) {
        Mp4Buffer out = buffers.take();
        try {
            write.accept(out);
            send.accept(response, out);
        } finally {
            buffers.release(out);
        }
    }

    /**
     * Runs a resource's work, answering its failure — thrown or in the future — as a KVS error
     * ({@link HlsResponses#error}: the {@link ApiException}'s own, anything else InternalFailure 500).
     */
    public void run(RoutingContext ctx, Supplier<Future<?>> work) {
        Future<?> f;
        try {
            f = work.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onFailure(e -> responses.error(ctx.response(), e));
    }

    /**
     * Below a protocol's prefix but no resource: one of {@code resources} with another method is a 405
     * (MethodNotAllowedException), anything else a 404 (UnknownOperationException), KVS-shaped with CORS.
     */
    public Handler<RoutingContext> unknownResource(String protocol, List<String> resources) {
        return ctx -> {
            String path = ctx.request().path();
            String name = path.substring(path.lastIndexOf('/') + 1);
            responses.error(ctx.response(), resources.contains(name)
                    ? new ApiException(METHOD_NOT_ALLOWED, "MethodNotAllowedException",
                            protocol + " resources are read with GET")
                    : new ApiException(NOT_FOUND, "UnknownOperationException", "No " + protocol + " resource at "
                            + path));
        };
    }

    /** RFC 8216 §4.3.4.2's BANDWIDTH, also DASH's Representation@bandwidth: the peak fragment bit rate. */
    public static long bandwidth(List<ArchivedFragmentInfo> fragments) {
        long peak = 1;
        for (ArchivedFragmentInfo f : fragments) {
            if (f.durationMillis() > 0) {
                long bitsPerSecond = Math.round(f.sizeBytes() * BITS_PER_BYTE * MILLIS_PER_SECOND / f.durationMillis());
                peak = Math.max(peak, bitsPerSecond);
            }
        }
        return peak;
    }

    /**
     * The Fetch standard's CORS preflight answer, for every resource below {@code /hls/v1/} and {@code /dash/v1/}:
     * origin, methods, the headers asked for, and how long to cache it.
     */
    public void preflight(RoutingContext ctx) {
        String asked = ctx.request().getHeader(REQUEST_HEADERS);
        ctx.response().setStatusCode(NO_CONTENT)
                .putHeader(HlsResponses.ALLOW_ORIGIN, settings.corsAllowedOrigin())
                .putHeader("Access-Control-Allow-Methods", ALLOW_METHODS)
                .putHeader("Access-Control-Allow-Headers", asked == null ? "*" : asked)
                .putHeader("Access-Control-Max-Age", String.valueOf(settings.corsMaxAge().toSeconds()))
                .end();
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
