package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * What HLS and DASH playback share (KVS-WIRE.md §6), made once by {@link HlsRoutes#mount} and handed to the DASH
 * routes: the store ({@link HlsSource}), one cache of LIVE windows, one token key (a token names the protocol it
 * opens, see {@link HlsSessionToken}), the {@code media-store.hls} settings (token key, public base URL, LIVE freshness,
 * CORS), the clock and the KVS-shaped answers. Its steps are those GetHLSStreamingSessionURL and GetDASHStreamingSessionURL
 * take alike — resolve and authorise the stream, refuse a stream without retention (NoDataRetentionException) or
 * without fragments for the session (ResourceNotFoundException), sign the session into its URL — and the fragment
 * window a playlist or manifest shows ({@code SessionWindow}: LIVE, LIVE_REPLAY, ON_DEMAND as the API reference
 * describes PlaybackMode for both protocols).
 */
public final class StreamingSessions {
    private static final String ALLOW_METHODS = "GET, OPTIONS";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    private static final int NO_CONTENT = 204;

    private final HlsSource source;
    private final LiveFragments live;
    private final HlsSessionToken tokens;
    private final HlsSettings settings;
    private final Clock clock;
    private final HlsResponses responses;
    /** One reusable fMP4 buffer per event loop thread, for the segments of both protocols. */
    private final ThreadLocal<Mp4Buffer> buffers;

    /** The fragments a playlist or manifest shows now, ascending and never empty, and whether none will be added. */
    public record Window(List<HlsFragmentInfo> fragments, boolean ended) {
        public Window {
            fragments = List.copyOf(fragments);
        }

        public HlsFragmentInfo newest() {
            return fragments.get(fragments.size() - 1);
        }
    }

    /** A session granted on a stream, with the window it starts with. */
    public record Grant(HlsSession session, Window window) {
    }

    StreamingSessions(HlsSource source, LiveFragments live, HlsSessionToken tokens, HlsSettings settings,
                      Clock clock) {
        this.source = source;
        this.live = live;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.responses = new HlsResponses(settings);
        this.buffers = ThreadLocal.withInitial(() -> new Mp4Buffer(settings.initialSegmentBufferBytes()));
    }

    public HlsSource source() {
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
     * Resolves StreamName/StreamARN, checks both name the same stream, authorises it, refuses a stream that keeps no
     * data, and makes the session {@code sessionOf} describes — refused with ResourceNotFoundException when its window
     * is empty (no fragment in the range; for LIVE, none in the last 30 s).
     */
    public Future<Grant> grant(String streamName, String streamArn, HlsApiRegistry.Authorizer authorizer,
                               long nowMillis, Function<HlsStream, HlsSession> sessionOf) {
        return source.stream(streamName, streamArn).compose(stream -> {
            if (streamName != null && streamArn != null && !streamName.equals(stream.name())) {
                throw ApiException.invalidArgument("StreamName and StreamARN name different streams");
            }
            authorizer.authorize(stream.arn());
            if (stream.dataRetentionInHours() == 0) {
                throw HlsErrors.noDataRetention("The stream " + stream.name() + " does not retain data");
            }
            HlsSession session = sessionOf.apply(stream);
            return window(session, nowMillis).map(window -> new Grant(session, window));
        });
    }

    /** The session's window now; ResourceNotFoundException when it holds no fragment. */
    public Future<Window> window(HlsSession session) {
        return window(session, clock.millis());
    }

    private Future<Window> window(HlsSession session, long nowMillis) {
        return SessionWindow.of(source, live, session, nowMillis, settings.liveFreshness().toMillis()).map(w -> {
            if (w.isEmpty()) {
                throw ApiException.resourceNotFound(HlsSessionUrlApi.noFragments(session));
            }
            return new Window(w.fragments(), w.ended());
        });
    }

    /** Whether a fragment belongs to the session (KVS serves only "the requested stream, time range, and format"). */
    public boolean contains(HlsSession session, HlsFragmentInfo fragment) {
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
    public String sessionUrl(RoutingContext context, String resource, HlsSession session) {
        return baseUrl(context) + resource + "?" + HlsUris.SESSION_TOKEN + "=" + tokens.issue(session);
    }

    /** This thread's segment buffer, emptied; give it back with {@link #release} once its bytes are sent. */
    public Mp4Buffer buffer() {
        Mp4Buffer b = buffers.get();
        b.reset();
        return b;
    }

    /** A buffer grown past {@code max-retained-segment-buffer-size} for one unusual fragment is dropped, not kept. */
    public void release(Mp4Buffer b) {
        if (b.capacity() > settings.maxRetainedSegmentBufferBytes()) {
            buffers.remove();
        }
    }

    /** RFC 8216 §4.3.4.2's BANDWIDTH, also DASH's Representation@bandwidth: the peak fragment bit rate. */
    public static long bandwidth(List<HlsFragmentInfo> fragments) {
        return HlsResources.bandwidth(fragments);
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
