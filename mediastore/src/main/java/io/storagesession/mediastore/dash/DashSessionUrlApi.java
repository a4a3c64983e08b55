package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.hls.HlsApiRegistry;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.StreamingSessions;
import java.util.List;

/**
 * GetDASHStreamingSessionURL (KVS-WIRE.md §6): validates the request ({@link DashSessionRequest}), then takes the
 * steps it shares with GetHLSStreamingSessionURL ({@link StreamingSessions#sessionUrlHandler}: resolve and authorise
 * the stream, NoDataRetentionException for a stream without retention, ResourceNotFoundException without fragments in
 * the range or, for LIVE, in the last 30 s, the source's 400 for tracks it cannot play), refuses a stream without
 * video as KVS does (UnsupportedStreamMediaTypeException: "The media must contain h.264 or h.265 encoded video"), and
 * answers
 * {@code {"DASHStreamingSessionURL":"<base>/dash/v1/getDASHManifest.mpd?SessionToken=…"}} with a token that opens the
 * DASH resources only.
 */
public final class DashSessionUrlApi {
    public static final String PATH = "/getDASHStreamingSessionURL";
    public static final String OPERATION = "GetDASHStreamingSessionURL";
    static final String RESULT_FIELD = "DASHStreamingSessionURL";

    private DashSessionUrlApi() {
    }

    static void mount(HlsApiRegistry api, StreamingSessions sessions) {
        api.add(PATH, OPERATION, sessions.sessionUrlHandler(DashSessionRequest::parse,
                DashSessionUrlApi::requireVideo, DashUris.PREFIX + DashUris.MANIFEST, RESULT_FIELD));
    }

    /** "The media must contain h.264 or h.265 encoded video and, optionally, AAC or G.711 encoded audio." */
    private static void requireVideo(HlsSession session, List<ArchivedTrack> tracks) {
        for (ArchivedTrack t : tracks) {
            if (t.isVideo()) {
                return;
            }
        }
        throw ArchiveErrors.unsupportedMediaType("The stream " + session.streamName()
                + " has no video track; MPEG-DASH sessions need H.264 video");
    }
}
