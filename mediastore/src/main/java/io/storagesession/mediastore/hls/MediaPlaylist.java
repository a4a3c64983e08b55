package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A media playlist of one track, or of all tracks muxed when no TrackNumber is given (RFC 8216 §4.3.3; KVS's
 * GetHLSMediaPlaylist): {@code #EXT-X-VERSION:7} (fMP4 with EXT-X-MAP needs version 6+, §7), the target duration,
 * the media sequence number of the first fragment, the init segment ({@code EXT-X-MAP}, again whenever the track set
 * changes; MPEG-TS segments need none), then per fragment the discontinuity and program date-time tags the session
 * asks for and its {@code EXTINF}. ON_DEMAND adds {@code EXT-X-PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST}
 * (KVS-WIRE.md §6).
 *
 * <p>Target duration (§4.3.3.1: every EXTINF, rounded to the nearest integer, is at most it; §6.2.1: it MUST NOT
 * change during the playlist's life). A complete ON_DEMAND playlist never changes: its longest fragment, rounded. A
 * playlist that grows (LIVE, LIVE_REPLAY) cannot know its future fragments, so it takes the longest fragment the store
 * accepts, {@link ArchiveSource#maxFragmentDuration()} (PutMedia refuses longer ones; KVS and the default: 10 s),
 * rounded up: no fragment can exceed it, so every reload, every session and every restart shows the same value. Only a
 * fragment stored under a larger limit than today's raises it, since §4.3.3.1 holds without exception. The price is
 * latency: players start three target durations before the live end (§6.3.3), so a deployment whose producers make
 * shorter fragments can lower {@code media-store.limits.max-fragment-duration} to play closer to live.
 *
 * <p>Discontinuities (GetHLSStreamingSessionURL, DiscontinuityMode): ALWAYS marks every fragment boundary, NEVER none,
 * ON_DISCONTINUITY a gap or overlap above the tolerance (KVS: 50 ms) or a change of tracks. The first segment's
 * discontinuity sequence number ({@code EXT-X-DISCONTINUITY-SEQUENCE}, §4.3.3.3) counts the discontinuities before it,
 * including the one that leads into it, so a segment keeps its number while a sliding window drops the segments and
 * tags before it (§6.2.2). In ALWAYS mode that count is the first segment's media sequence number (every boundary is
 * one); in ON_DISCONTINUITY mode the caller counts it ({@link SessionWindow.Window#discontinuitiesBefore()}), and the
 * tag is left out at its default of 0.
 */
public final class MediaPlaylist {
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MediaPlaylist() {
    }

    /**
     * A playlist without discontinuities before its window, with the target duration of its own fragments (as for a
     * window that never grows).
     *
     * @param fragments   the session's window, ascending, not empty
     * @param trackNumber the track this playlist serves, or null for all tracks in each fragment
     * @param endList     whether no fragment will be added (ON_DEMAND, or a LIVE_REPLAY past its end)
     */
    public static String render(HlsSession session, List<ArchivedFragmentInfo> fragments, Integer trackNumber,
                                String sessionToken, boolean endList, long discontinuityToleranceMillis) {
        return render(session, new SessionWindow.Window(fragments, endList), trackNumber, sessionToken,
                discontinuityToleranceMillis, 0);
    }

    /**
     * @param window            the session's window (ascending, not empty), whether it has ended, and the
     *                          discontinuities before it
     * @param trackNumber       the track this playlist serves, or null for all tracks in each fragment
     * @param maxFragmentMillis the longest fragment the source accepts (LIVE and LIVE_REPLAY target duration)
     */
    static String render(HlsSession session, SessionWindow.Window window, Integer trackNumber, String sessionToken,
                         long discontinuityToleranceMillis, long maxFragmentMillis) {
        List<ArchivedFragmentInfo> fragments = window.fragments();
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("a media playlist needs at least one fragment");
        }
        TimestampKind kind = session.kind();
        ArchivedFragmentInfo first = fragments.get(0);
        StringBuilder p = new StringBuilder();
        p.append("#EXTM3U\n#EXT-X-VERSION:").append(MasterPlaylist.VERSION).append('\n');
        p.append("#EXT-X-TARGETDURATION:").append(targetDuration(session, fragments, maxFragmentMillis)).append('\n');
        p.append("#EXT-X-MEDIA-SEQUENCE:").append(first.sequence()).append('\n');
        if (session.discontinuityMode() == HlsSession.DiscontinuityMode.ALWAYS) {
            p.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(first.sequence()).append('\n');
        } else if (session.discontinuityMode() == HlsSession.DiscontinuityMode.ON_DISCONTINUITY
                && window.discontinuitiesBefore() > 0) {
            p.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(window.discontinuitiesBefore()).append('\n');
        }
        if (session.playbackMode() == HlsSession.PlaybackMode.ON_DEMAND) {
            p.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        }
        p.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        boolean transportStream = session.containerFormat() == HlsSession.ContainerFormat.MPEG_TS;
        ArchivedFragmentInfo previous = null;
        for (ArchivedFragmentInfo f : fragments) {
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
        if (window.ended()) {
            p.append("#EXT-X-ENDLIST\n");
        }
        return p.toString();
    }

    /** RFC 8216 §4.3.3.1: every EXTINF, rounded to the nearest integer, is at most the target duration (≥ 1). */
    static long targetDuration(long maxFragmentMillis) {
        return Math.max(1, Math.round(maxFragmentMillis / MILLIS_PER_SECOND));
    }

    /**
     * The target duration of a playlist (see the class comment): its longest fragment rounded for ON_DEMAND (or when
     * the source's limit is unknown, 0), at least the source's fragment limit rounded up for the playlists that grow.
     */
    static long targetDuration(HlsSession session, List<ArchivedFragmentInfo> fragments, long maxFragmentMillis) {
        long longest = 0;
        for (ArchivedFragmentInfo f : fragments) {
            longest = Math.max(longest, f.durationMillis());
        }
        long own = targetDuration(longest);
        if (session.playbackMode() == HlsSession.PlaybackMode.ON_DEMAND || maxFragmentMillis <= 0) {
            return own;
        }
        return Math.max(own, (long) Math.ceil(maxFragmentMillis / MILLIS_PER_SECOND));
    }

    /**
     * The ON_DISCONTINUITY discontinuities between consecutive {@code ascending} fragments, up to and including the
     * boundary into {@code through} (or to the end when it is not among them).
     */
    static long countDiscontinuities(Iterable<ArchivedFragmentInfo> ascending, TimestampKind kind, long toleranceMillis,
                                     ArchivedFragmentInfo through) {
        long count = 0;
        ArchivedFragmentInfo previous = null;
        for (ArchivedFragmentInfo f : ascending) {
            if (previous != null && discontinuity(HlsSession.DiscontinuityMode.ON_DISCONTINUITY, previous, f, kind,
                    previous.tracksSequence() != f.tracksSequence(), toleranceMillis)) {
                count++;
            }
            if (f.fragmentNumber().equals(through.fragmentNumber())) {
                break;
            }
            previous = f;
        }
        return count;
    }

    static boolean discontinuity(HlsSession.DiscontinuityMode mode, ArchivedFragmentInfo previous,
            ArchivedFragmentInfo next,
                                 TimestampKind kind, boolean tracksChanged, long toleranceMillis) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_DISCONTINUITY -> tracksChanged || Math.abs(next.timestamp(kind)
                    - (previous.timestamp(kind) + previous.durationMillis())) > toleranceMillis;
        };
    }
}
