package io.storagesession.mediastore.hls;

/**
 * What a GetHLSStreamingSessionURL call granted, as its session token carries it (see {@link HlsSessionToken}): the
 * stream, the playback mode and selector, the container, the playlist options and the expiry. The HLS resources are
 * served from this alone; the server keeps no per-session state.
 *
 * @param startMillis   TimestampRange.StartTimestamp in ms, or {@link #NO_START} (LIVE)
 * @param endMillis     TimestampRange.EndTimestamp in ms, or {@link #NO_END} (LIVE, or LIVE_REPLAY without an end)
 * @param createdMillis when the session was created; LIVE_REPLAY releases fragments at the pace time passes from here
 * @param expiresMillis when the token stops being accepted (created + Expires)
 */
public record HlsSession(String streamName, String streamArn, PlaybackMode playbackMode, HlsTimestampKind kind,
                         long startMillis, long endMillis, ContainerFormat containerFormat,
                         DiscontinuityMode discontinuityMode, boolean displayFragmentTimestamp, int maxResults,
                         long createdMillis, long expiresMillis) {
    public static final long NO_START = Long.MIN_VALUE;
    public static final long NO_END = Long.MAX_VALUE;

    /** GetHLSStreamingSessionURL's PlaybackMode. */
    public enum PlaybackMode {
        LIVE, LIVE_REPLAY, ON_DEMAND
    }

    /** GetHLSStreamingSessionURL's ContainerFormat. */
    public enum ContainerFormat {
        FRAGMENTED_MP4, MPEG_TS
    }

    /** GetHLSStreamingSessionURL's DiscontinuityMode. */
    public enum DiscontinuityMode {
        ALWAYS, NEVER, ON_DISCONTINUITY
    }

    public HlsSession {
        if (streamArn == null || playbackMode == null || kind == null || containerFormat == null
                || discontinuityMode == null) {
            throw new IllegalArgumentException("a session needs its stream, mode, selector, container and discontinuity mode");
        }
    }

    public boolean hasEnd() {
        return endMillis != NO_END;
    }

    /** How far the fragment's start is moved on this session's timeline (server timestamps move it, producer ones not). */
    public long shiftMillis(HlsFragmentInfo fragment) {
        return kind == HlsTimestampKind.SERVER_TIMESTAMP
                ? fragment.serverTimestampMillis() - fragment.producerTimestampMillis() : 0;
    }
}
