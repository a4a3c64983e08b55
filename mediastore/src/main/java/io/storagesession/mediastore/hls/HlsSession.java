package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;

/**
 * What a GetHLSStreamingSessionURL or GetDASHStreamingSessionURL call granted, as its session token carries it (see
 * {@link HlsSessionToken}): the protocol whose resources it opens, the stream, the playback mode and selector, the
 * container, the playlist or manifest options and the expiry. The resources are served from this alone; the server
 * keeps no per-session state. A DASH session is always fragmented MP4 and marks no discontinuities (the DASH API has
 * neither ContainerFormat nor DiscontinuityMode).
 *
 * @param protocol      which resources the token opens: {@code /hls/v1/} or {@code /dash/v1/}, never both
 * @param startMillis   TimestampRange.StartTimestamp in ms, or {@link #NO_START} (LIVE)
 * @param endMillis     TimestampRange.EndTimestamp in ms, or {@link #NO_END} (LIVE, or LIVE_REPLAY without an end)
 * @param createdMillis when the session was created; LIVE_REPLAY releases fragments at the pace time passes from here
 * @param expiresMillis when the token stops being accepted (created + Expires)
 */
public record HlsSession(String streamName, String streamArn, Protocol protocol, PlaybackMode playbackMode,
                         TimestampKind kind, long startMillis, long endMillis, ContainerFormat containerFormat,
                         DiscontinuityMode discontinuityMode, boolean displayFragmentTimestamp,
                         boolean displayFragmentNumber, int maxResults, long createdMillis, long expiresMillis) {
    public static final long NO_START = Long.MIN_VALUE;
    public static final long NO_END = Long.MAX_VALUE;

    /** The streaming protocol a session was granted for: GetHLSStreamingSessionURL or GetDASHStreamingSessionURL. */
    public enum Protocol {
        HLS, DASH
    }

    /** GetHLSStreamingSessionURL's and GetDASHStreamingSessionURL's PlaybackMode. */
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

    /** An HLS session (HLS has no DisplayFragmentNumber). */
    public HlsSession(String streamName, String streamArn, PlaybackMode playbackMode, TimestampKind kind,
                      long startMillis, long endMillis, ContainerFormat containerFormat,
                      DiscontinuityMode discontinuityMode, boolean displayFragmentTimestamp, int maxResults,
                      long createdMillis, long expiresMillis) {
        this(streamName, streamArn, Protocol.HLS, playbackMode, kind, startMillis, endMillis, containerFormat,
                discontinuityMode, displayFragmentTimestamp, false, maxResults, createdMillis, expiresMillis);
    }

    public HlsSession {
        if (streamArn == null || protocol == null || playbackMode == null || kind == null || containerFormat == null
                || discontinuityMode == null) {
            throw new IllegalArgumentException(
                    "a session needs its stream, protocol, mode, selector, container and discontinuity mode");
        }
    }

    public boolean hasEnd() {
        return endMillis != NO_END;
    }

    /**
     * How far the fragment's start is moved on this session's timeline (server timestamps move it, producer ones not).
     */
    public long shiftMillis(ArchivedFragmentInfo fragment) {
        return kind == TimestampKind.SERVER_TIMESTAMP
                ? fragment.serverTimestampMillis() - fragment.producerTimestampMillis() : 0;
    }
}
