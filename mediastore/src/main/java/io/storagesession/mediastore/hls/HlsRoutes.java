package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchiveSource;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;

/**
 * The one entry point of HLS playback: mounts GetHLSStreamingSessionURL on the server's SigV4-verified API (through
 * {@link HlsApiRegistry}) and the token-authorised HLS resources on the router (KVS-WIRE.md §6):
 * <pre>
 * GET /hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=…
 * GET /hls/v1/getHLSMediaPlaylist.m3u8?SessionToken=…&amp;TrackNumber=…
 * GET /hls/v1/getMP4InitFragment.mp4?SessionToken=…&amp;TrackNumber=…&amp;SequenceNumber=…
 * GET /hls/v1/getMP4MediaFragment.mp4?FragmentNumber=…&amp;SessionToken=…&amp;TrackNumber=…
 * GET /hls/v1/getTSFragment.ts?FragmentNumber=…&amp;SessionToken=…   (MPEG_TS sessions only)
 * OPTIONS /hls/v1/*                                                   (CORS preflight)
 * anything else below /hls/v1/                                        (KVS-shaped 404 or 405, with CORS)
 * </pre>
 * Browser players load these cross-origin, so every answer allows the configured origin ({@code *} as KVS) and
 * preflights are answered without a token (the Fetch standard's CORS-preflight request carries no query semantics).
 *
 * <p>Returns the {@link StreamingSessions} it made — the token key, LIVE cache and answers — on which the DASH routes
 * are mounted, so that both protocols share them.
 */
public final class HlsRoutes {
    private HlsRoutes() {
    }

    public static StreamingSessions mount(Router router, HlsApiRegistry api, ArchiveSource source, HlsSettings settings,
                                          Clock clock) {
        HlsSessionToken tokens = new HlsSessionToken(settings.tokenKey(), clock);
        LiveFragments live = new LiveFragments(source, settings.liveCacheIdle().toMillis());
        StreamingSessions sessions = new StreamingSessions(source, live, tokens, settings, clock);
        HlsSessionUrlApi.mount(api, sessions);

        HlsResources resources = new HlsResources(sessions, live);
        router.route(HttpMethod.OPTIONS, HlsUris.PREFIX + "*").handler(sessions::preflight);
        router.get(HlsUris.PREFIX + HlsUris.MASTER).handler(resources::master);
        router.get(HlsUris.PREFIX + HlsUris.MEDIA).handler(resources::media);
        router.get(HlsUris.PREFIX + HlsUris.INIT).handler(resources::init);
        router.get(HlsUris.PREFIX + HlsUris.FRAGMENT).handler(resources::fragment);
        router.get(HlsUris.PREFIX + HlsUris.TS_FRAGMENT).handler(resources::transportStream);
        router.route(HlsUris.PREFIX + "*").handler(sessions.unknownResource("HLS",
                List.of(HlsUris.MASTER, HlsUris.MEDIA, HlsUris.INIT, HlsUris.FRAGMENT, HlsUris.TS_FRAGMENT)));
        return sessions;
    }
}
