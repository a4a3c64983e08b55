package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.CodecStrings;
import io.storagesession.mediastore.hls.HlsSession;
import io.storagesession.mediastore.hls.StreamingSessions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The MPD of a DASH session (ISO/IEC 23009-1; KVS's GetDASHManifest), in the ISO BMFF live profile
 * ({@code urn:mpeg:dash:profile:isoff-live:2011}, §8.4): one Period, and as KVS one AdaptationSet per track — the video
 * and each audio track — each with a SegmentTemplate whose SegmentTimeline lists the session's window
 * ({@link SegmentTimeline}, times in milliseconds) and one Representation (codecs as RFC 6381, picture size, sampling
 * rate and channels). Init segments are the track set of the window's newest fragment, as HLS's master playlist.
 *
 * <ul>
 *   <li>ON_DEMAND: {@code type="static"}, the presentation starting at the first fragment
 *       (SegmentTemplate@presentationTimeOffset) and lasting to the end of the last.</li>
 *   <li>LIVE and LIVE_REPLAY: {@code type="dynamic"} (§5.4), reloaded every {@code minimumUpdatePeriod}; the
 *       presentation's time is the session's timestamps, and availabilityStartTime maps it to the wall clock: the
 *       epoch for LIVE (a fragment is available when its timestamp plus its length has passed), session creation minus
 *       StartTimestamp for LIVE_REPLAY (fragments come at the pace time passes since the session began). A
 *       LIVE_REPLAY past its EndTimestamp gets a mediaPresentationDuration and no more updates. UTCTiming gives the
 *       server's clock (urn:mpeg:dash:utc:direct:2014) so players need no time server.</li>
 * </ul>
 *
 * <p>DisplayFragmentTimestamp ALWAYS adds {@code kvs:ts} (the fragment's timestamp, epoch milliseconds) to each S
 * element and DisplayFragmentNumber ALWAYS {@code kvs:fn} (the KVS fragment number), as the API reference names
 * them; KVS does not document the prefix's namespace, so it is bound to {@value #KVS_NAMESPACE}.
 */
final class DashManifest {
    static final String MPD_NAMESPACE = "urn:mpeg:dash:schema:mpd:2011";
    static final String KVS_NAMESPACE = "urn:storagesession:kvs:dash";
    static final String LIVE_PROFILE = "urn:mpeg:dash:profile:isoff-live:2011";
    /** ISO/IEC 23009-1 §5.8.5.4 with ISO/IEC 23001-8 channel counts. */
    static final String AUDIO_CHANNELS_SCHEME = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";
    /** ISO/IEC 23009-1 §5.8.5.7, the server's time in the attribute itself. */
    static final String UTC_DIRECT_SCHEME = "urn:mpeg:dash:utc:direct:2014";
    /** Segment times are milliseconds, the store's unit: S@t is exactly a fragment's timestamp. */
    static final int TIMESCALE = 1000;
    static final String PERIOD_ID = "0";
    private static final long MILLIS_PER_SECOND = 1000;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_INSTANT;

    private DashManifest() {
    }

    /**
     * @param window   the session's window now (not empty)
     * @param tracks   the tracks of the window's newest fragment, in track number order
     * @param token    the session token every URI carries
     */
    static String render(HlsSession session, StreamingSessions.Window window, List<ArchivedTrack> tracks, String token,
                         long nowMillis, DashSettings settings) {
        List<SegmentTimeline.Segment> timeline = SegmentTimeline.of(session, window.fragments());
        long first = timeline.get(0).startMillis();
        long end = timeline.get(timeline.size() - 1).endMillis();
        long longest = 0;
        for (SegmentTimeline.Segment s : timeline) {
            longest = Math.max(longest, s.durationMillis());
        }
        boolean dynamic = session.playbackMode() != HlsSession.PlaybackMode.ON_DEMAND;
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD");
        attr(x, "xmlns", MPD_NAMESPACE);
        attr(x, "xmlns:kvs", KVS_NAMESPACE);
        attr(x, "profiles", LIVE_PROFILE);
        attr(x, "type", dynamic ? "dynamic" : "static");
        if (dynamic) {
            attr(x, "availabilityStartTime", dateTime(availabilityStart(session)));
            attr(x, "publishTime", dateTime(nowMillis));
            if (window.ended()) {
                attr(x, "mediaPresentationDuration", duration(end));
            } else {
                attr(x, "minimumUpdatePeriod", duration(settings.minimumUpdatePeriod().toMillis()));
            }
            attr(x, "timeShiftBufferDepth", duration(end - first));
        } else {
            attr(x, "mediaPresentationDuration", duration(end - first));
        }
        attr(x, "minBufferTime", duration(longest));
        x.append(">\n  <Period");
        attr(x, "id", PERIOD_ID);
        attr(x, "start", duration(0));
        x.append(">\n");
        long bandwidth = StreamingSessions.bandwidth(window.fragments());
        for (ArchivedTrack track : tracks) {
            adaptationSet(x, session, track, timeline, dynamic ? 0 : first, bandwidth, token);
        }
        x.append("  </Period>\n");
        if (dynamic) {
            x.append("  <UTCTiming");
            attr(x, "schemeIdUri", UTC_DIRECT_SCHEME);
            attr(x, "value", dateTime(nowMillis));
            x.append("/>\n");
        }
        x.append("</MPD>\n");
        return x.toString();
    }

    /** The wall-clock instant of presentation time 0, i.e. of timestamp 0 on the session's timeline. */
    static long availabilityStart(HlsSession session) {
        return session.playbackMode() == HlsSession.PlaybackMode.LIVE_REPLAY
                ? session.createdMillis() - session.startMillis() : 0;
    }

    private static void adaptationSet(StringBuilder x, HlsSession session, ArchivedTrack track,
                                      List<SegmentTimeline.Segment> timeline, long presentationTimeOffset,
                                      long bandwidth, String token) {
        boolean video = track.isVideo();
        x.append("    <AdaptationSet");
        attr(x, "id", String.valueOf(track.trackNumber()));
        attr(x, "contentType", video ? "video" : "audio");
        attr(x, "mimeType", video ? "video/mp4" : "audio/mp4");
        attr(x, "segmentAlignment", "true");
        // every KVS fragment starts with a keyframe: each segment begins with a SAP of type 1 (§5.3.3.2)
        attr(x, "startWithSAP", "1");
        x.append(">\n");
        if (!video) {
            x.append("      <AudioChannelConfiguration");
            attr(x, "schemeIdUri", AUDIO_CHANNELS_SCHEME);
            attr(x, "value", String.valueOf(track.channels()));
            x.append("/>\n");
        }
        x.append("      <SegmentTemplate");
        attr(x, "timescale", String.valueOf(TIMESCALE));
        if (presentationTimeOffset != 0) {
            attr(x, "presentationTimeOffset", String.valueOf(presentationTimeOffset));
        }
        attr(x, "initialization", DashUris.init(token, track.trackNumber(),
                timeline.get(timeline.size() - 1).fragment().tracksSequence()));
        attr(x, "media", DashUris.mediaTemplate(token, track.trackNumber()));
        x.append(">\n        <SegmentTimeline>\n");
        for (SegmentTimeline.Segment s : timeline) {
            x.append("          <S");
            attr(x, "t", String.valueOf(s.startMillis()));
            attr(x, "d", String.valueOf(s.durationMillis()));
            if (session.displayFragmentTimestamp()) {
                attr(x, "kvs:ts", String.valueOf(s.fragment().timestamp(session.kind())));
            }
            if (session.displayFragmentNumber()) {
                attr(x, "kvs:fn", s.fragment().fragmentNumber());
            }
            x.append("/>\n");
        }
        x.append("        </SegmentTimeline>\n      </SegmentTemplate>\n      <Representation");
        attr(x, "id", String.valueOf(track.trackNumber()));
        attr(x, "codecs", CodecStrings.of(track));
        attr(x, "bandwidth", String.valueOf(bandwidth));
        if (video) {
            attr(x, "width", String.valueOf(track.width()));
            attr(x, "height", String.valueOf(track.height()));
        } else {
            attr(x, "audioSamplingRate", String.valueOf(track.sampleRate()));
        }
        x.append("/>\n    </AdaptationSet>\n");
    }

    /** xs:duration of a non-negative number of milliseconds: {@code PT<seconds>.<millis>S}. */
    static String duration(long millis) {
        return String.format(Locale.ROOT, "PT%d.%03dS", millis / MILLIS_PER_SECOND, millis % MILLIS_PER_SECOND);
    }

    /** xs:dateTime in UTC. */
    static String dateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** An attribute with its value escaped for XML (§2.4 of XML 1.0: the characters markup gives a meaning). */
    private static void attr(StringBuilder x, String name, String value) {
        x.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> x.append("&amp;");
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                case '"' -> x.append("&quot;");
                default -> x.append(c);
            }
        }
        x.append('"');
    }
}
