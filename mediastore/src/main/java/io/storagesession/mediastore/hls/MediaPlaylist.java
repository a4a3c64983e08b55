package io.storagesession.mediastore.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A media playlist of one track, or of all tracks muxed when no TrackNumber is given (RFC 8216 §4.3.3; KVS's
 * GetHLSMediaPlaylist): {@code #EXT-X-VERSION:7} (fMP4 with EXT-X-MAP needs version 6+, §7), the target duration,
 * the media sequence number of the first fragment, the init segment ({@code EXT-X-MAP}, again whenever the track set
 * changes; MPEG-TS segments need none), then per fragment the discontinuity and program date-time tags the session asks for and its
 * {@code EXTINF}. ON_DEMAND adds {@code EXT-X-PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST} (KVS-WIRE.md §6).
 *
 * <p>Discontinuities (GetHLSStreamingSessionURL, DiscontinuityMode): ALWAYS marks every fragment boundary, NEVER none,
 * ON_DISCONTINUITY a gap or overlap above the tolerance (KVS: 50 ms) or a change of tracks. In ALWAYS mode the
 * discontinuity sequence of the first segment is its media sequence number, which keeps EXT-X-DISCONTINUITY-SEQUENCE
 * right in a sliding LIVE window (§4.3.3.3); in ON_DISCONTINUITY mode it cannot be known without the fragments before
 * the window and is left at its default.
 */
public final class MediaPlaylist {
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MediaPlaylist() {
    }

    /**
     * @param fragments   the session's window, ascending, not empty
     * @param trackNumber the track this playlist serves, or null for all tracks in each fragment
     * @param endList     whether no fragment will be added (ON_DEMAND, or a LIVE_REPLAY past its end)
     */
    public static String render(HlsSession session, List<HlsFragmentInfo> fragments, Integer trackNumber,
                                String sessionToken, boolean endList, long discontinuityToleranceMillis) {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("a media playlist needs at least one fragment");
        }
        HlsTimestampKind kind = session.kind();
        long maxMillis = 0;
        for (HlsFragmentInfo f : fragments) {
            maxMillis = Math.max(maxMillis, f.durationMillis());
        }
        HlsFragmentInfo first = fragments.get(0);
        StringBuilder p = new StringBuilder();
        p.append("#EXTM3U\n#EXT-X-VERSION:").append(MasterPlaylist.VERSION).append('\n');
        p.append("#EXT-X-TARGETDURATION:").append(targetDuration(maxMillis)).append('\n');
        p.append("#EXT-X-MEDIA-SEQUENCE:").append(first.sequence()).append('\n');
        if (session.discontinuityMode() == HlsSession.DiscontinuityMode.ALWAYS) {
            p.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(first.sequence()).append('\n');
        }
        if (session.playbackMode() == HlsSession.PlaybackMode.ON_DEMAND) {
            p.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        }
        p.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        boolean transportStream = session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS;
        HlsFragmentInfo previous = null;
        for (HlsFragmentInfo f : fragments) {
            boolean tracksChanged = previous != null && previous.tracksSequence() != f.tracksSequence();
            if (previous != null && discontinuity(session.discontinuityMode(), previous, f, kind, tracksChanged,
                    discontinuityToleranceMillis)) {
                p.append("#EXT-X-DISCONTINUITY\n");
            }
            if (!transportStream && (previous == null || tracksChanged)) {
                p.append("#EXT-X-MAP:URI=\"").append(HlsUris.init(sessionToken, trackNumber, f.tracksSequence()))
                        .append("\"\n");
            }
            if (session.displayFragmentTimestamp()) {
                p.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(Instant.ofEpochMilli(f.timestamp(kind))))
                        .append('\n');
            }
            p.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", f.durationMillis() / MILLIS_PER_SECOND))
                    .append(",\n");
            p.append(transportStream ? HlsUris.transportStream(sessionToken, f.fragmentNumber())
                    : HlsUris.fragment(sessionToken, trackNumber, f.fragmentNumber())).append('\n');
            previous = f;
        }
        if (endList) {
            p.append("#EXT-X-ENDLIST\n");
        }
        return p.toString();
    }

    /** RFC 8216 §4.3.3.1: every EXTINF, rounded to the nearest integer, is at most the target duration (≥ 1). */
    static long targetDuration(long maxFragmentMillis) {
        return Math.max(1, Math.round(maxFragmentMillis / MILLIS_PER_SECOND));
    }

    static boolean discontinuity(HlsSession.DiscontinuityMode mode, HlsFragmentInfo previous, HlsFragmentInfo next,
                                 HlsTimestampKind kind, boolean tracksChanged, long toleranceMillis) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_DISCONTINUITY -> tracksChanged || Math.abs(next.timestamp(kind)
                    - (previous.timestamp(kind) + previous.durationMillis())) > toleranceMillis;
        };
    }
}
