package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters of the token-authorised playback resources (KVS-WIRE.md §6) as HLS and DASH read them:
 * SessionToken, TrackNumber (a positive MKV track number selecting one track, as KVS's per-track playlists and
 * manifests do; absent, every track of the stream), and integer parameters. A malformed value is an
 * InvalidArgumentException, never a 500.
 */
public final class ResourceQuery {
    private ResourceQuery() {
    }

    public static String sessionToken(RoutingContext ctx) {
        return ctx.request().getParam(HlsUris.SESSION_TOKEN);
    }

    /** TrackNumber, or null when absent. */
    public static Integer trackNumber(RoutingContext ctx) {
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
        throw ApiException.invalidArgument(HlsUris.TRACK_NUMBER + " must be a positive integer");
    }

    /** A required decimal integer parameter. */
    public static long longParam(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument(name + " must be an integer");
        }
    }

    /** The tracks TrackNumber selects: that one, or all when null; InvalidArgumentException for a track not there. */
    public static List<ArchivedTrack> select(List<ArchivedTrack> tracks, Integer trackNumber) {
        if (trackNumber == null) {
            return tracks;
        }
        List<ArchivedTrack> one = new ArrayList<>(1);
        for (ArchivedTrack t : tracks) {
            if (t.trackNumber() == trackNumber) {
                one.add(t);
            }
        }
        if (one.isEmpty()) {
            throw ApiException.invalidArgument("The stream has no track " + trackNumber);
        }
        return one;
    }
}
