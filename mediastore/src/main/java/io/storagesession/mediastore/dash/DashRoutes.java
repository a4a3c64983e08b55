package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.hls.HlsApiRegistry;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The one entry point of DASH playback: mounts GetDASHStreamingSessionURL on the server's SigV4-verified API (through
 * the same {@link HlsApiRegistry} adapter as GetHLSStreamingSessionURL) and the token-authorised DASH resources on the
 * router (KVS-WIRE.md §6), on the {@link StreamingSessions} HLS made — one token key, LIVE cache, CORS policy:
 * <pre>
 * GET /dash/v1/getDASHManifest.mpd?SessionToken=…
 * GET /dash/v1/getMP4InitFragment.mp4?SessionToken=…&amp;TrackNumber=…&amp;SequenceNumber=…
 * GET /dash/v1/getMP4MediaFragment.mp4?SessionToken=…&amp;TrackNumber=…&amp;FragmentTimestamp=…
 * OPTIONS /dash/v1/*                                                  (CORS preflight, as HLS)
 * anything else below /dash/v1/                                       (KVS-shaped 404 or 405, with CORS)
 * </pre>
 */
public final class DashRoutes {
    private DashRoutes() {
    }

    public static void mount(Router router, HlsApiRegistry api, StreamingSessions sessions, DashSettings settings) {
        DashSessionUrlApi.mount(api, sessions);

        DashResources resources = new DashResources(sessions, settings);
        router.route(HttpMethod.OPTIONS, DashUris.PREFIX + "*").handler(sessions::preflight);
        router.get(DashUris.PREFIX + DashUris.MANIFEST).handler(resources::manifest);
        router.get(DashUris.PREFIX + DashUris.INIT).handler(resources::init);
        router.get(DashUris.PREFIX + DashUris.FRAGMENT).handler(resources::fragment);
        router.route(DashUris.PREFIX + "*").handler(sessions.unknownResource("DASH",
                List.of(DashUris.MANIFEST, DashUris.INIT, DashUris.FRAGMENT)));
    }
}
