package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers of the HLS and DASH resources: playlists as {@code application/x-mpegURL} (RFC 8216 §4, the type KVS
 * serves), DASH manifests as {@code application/dash+xml} (ISO/IEC 23009-1 Annex C), fMP4 as {@code video/mp4}, and
 * errors in KVS's shape (KVS-WIRE.md §1: status, {@code x-amzn-ErrorType}, {@code x-amzn-RequestId}, body
 * {@code {"__type","message"}}). Every answer, errors included, carries the CORS origin header so that a browser player
 * can read it.
 */
public final class HlsResponses {
    private static final Logger LOG = LoggerFactory.getLogger(HlsResponses.class);
    static final String PLAYLIST_TYPE = "application/x-mpegURL";
    static final String MP4_TYPE = "video/mp4";
    /** RFC 8216 §3.2 / the MPEG-2 TS media type KVS's GetTSFragment answers with. */
    static final String TS_TYPE = "video/MP2T";
    /** ISO/IEC 23009-1 Annex C: the MPD's media type. */
    static final String MANIFEST_TYPE = "application/dash+xml";
    static final String REQUEST_ID = "x-amzn-RequestId";
    static final String ERROR_TYPE = "x-amzn-ErrorType";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    /** Playlists and manifests change (LIVE) and carry the token: never cached. */
    private static final String NO_CACHE = "no-cache, no-store";

    private final HlsSettings settings;

    HlsResponses(HlsSettings settings) {
        this.settings = settings;
    }

    void playlist(HttpServerResponse response, String text) {
        document(response, PLAYLIST_TYPE, text);
    }

    /** A DASH manifest (MPD). */
    public void manifest(HttpServerResponse response, String xml) {
        document(response, MANIFEST_TYPE, xml);
    }

    private void document(HttpServerResponse response, String type, String text) {
        if (gone(response)) {
            return;
        }
        common(response).putHeader("Content-Type", type).putHeader("Cache-Control", NO_CACHE)
                .end(Buffer.buffer(text));
    }

    public void mp4(HttpServerResponse response, Mp4Buffer bytes) {
        media(response, bytes, MP4_TYPE);
    }

    void transportStream(HttpServerResponse response, Mp4Buffer bytes) {
        media(response, bytes, TS_TYPE);
    }

    private void media(HttpServerResponse response, Mp4Buffer bytes, String type) {
        if (gone(response)) {
            return;
        }
        Buffer body = Buffer.buffer(bytes.length()).appendBytes(bytes.array(), 0, bytes.length());
        common(response).putHeader("Content-Type", type)
                .putHeader("Cache-Control", "max-age=" + settings.fragmentMaxAge().toSeconds())
                .end(body);
    }

    /** A KVS-shaped error: the {@link ApiException}'s own, anything else an InternalFailure 500 (and logged). */
    public void error(HttpServerResponse response, Throwable cause) {
        if (gone(response)) {
            return;
        }
        ApiException error;
        if (cause instanceof ApiException h) {
            error = h;
        } else {
            LOG.error("playback request failed unexpectedly", cause);
            error = ApiException.internal();
        }
        JsonObject body = new JsonObject().put("__type", error.type()).put("message", error.getMessage());
        common(response).setStatusCode(error.status())
                .putHeader(ERROR_TYPE, error.type())
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }

    private HttpServerResponse common(HttpServerResponse response) {
        return response.putHeader(REQUEST_ID, UUID.randomUUID().toString())
                .putHeader(ALLOW_ORIGIN, settings.corsAllowedOrigin());
    }

    private static boolean gone(HttpServerResponse response) {
        return response.ended() || response.closed();
    }
}
