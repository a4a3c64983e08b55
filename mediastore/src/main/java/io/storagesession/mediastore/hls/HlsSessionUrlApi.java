package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;

/**
 * GetHLSStreamingSessionURL (KVS-WIRE.md §6): validates the request ({@link HlsSessionRequest}), then takes the steps
 * it shares with GetDASHStreamingSessionURL ({@link StreamingSessions#sessionUrlHandler}: resolve and authorise the
 * stream, refuse what KVS refuses — no data retention (NoDataRetentionException), no fragment in the asked range or,
 * for LIVE, in the last 30 s (ResourceNotFoundException), tracks whose codec private data is missing or unreadable
 * (MissingCodecPrivateDataException, InvalidCodecPrivateDataException) — and sign the session) and answers
 * {@code {"HLSStreamingSessionURL":"<base>/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=…"}}.
 *
 * <p>ContainerFormat MPEG_TS: TS carries H.264 and AAC here ({@link TsSegmentWriter}), so a stream with Opus audio is
 * refused with UnsupportedStreamMediaTypeException (the service model's error for a codec the session cannot play:
 * "Opus plays in HLS only inside fMP4", KVS-WIRE.md §6).
 */
public final class HlsSessionUrlApi {
    public static final String PATH = "/getHLSStreamingSessionURL";
    public static final String OPERATION = "GetHLSStreamingSessionURL";
    static final String RESULT_FIELD = "HLSStreamingSessionURL";

    private HlsSessionUrlApi() {
    }

    static void mount(HlsApiRegistry api, StreamingSessions sessions) {
        api.add(PATH, OPERATION, sessions.sessionUrlHandler(HlsSessionRequest::parse, HlsSessionUrlApi::playable,
                HlsUris.PREFIX + HlsUris.MASTER, RESULT_FIELD));
    }

    /** What an HLS session cannot carry: Opus in MPEG_TS; fMP4 carries every track the source plays. */
    private static void playable(HlsSession session, List<ArchivedTrack> tracks) {
        if (session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS) {
            refuseOpusInTransportStream(session, tracks);
        }
    }

    static String noFragments(HlsSession session) {
        return session.playbackMode() == HlsSession.PlaybackMode.LIVE
                ? "No fragments found in the stream in the last 30 seconds for the LIVE session"
                : "No fragments found in the stream for the requested timestamp range";
    }

    static void refuseOpusInTransportStream(HlsSession session, List<ArchivedTrack> tracks) {
        for (ArchivedTrack t : tracks) {
            if (t.codec() == ArchivedTrack.Codec.OPUS) {
                throw ArchiveErrors.unsupportedMediaType("Track " + t.trackNumber()
                        + " is Opus (A_OPUS), which MPEG_TS cannot carry; use ContainerFormat FRAGMENTED_MP4");
            }
        }
    }
}
