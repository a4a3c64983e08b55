package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.store.TimestampKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The master and media playlists' text for each mode and discontinuity setting (RFC 8216 §4.3; KVS-WIRE.md §6). */
class PlaylistsTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final String TOKEN = "TOKEN";
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1F}, 640, 480);
    private static final ArchivedTrack OPUS = ArchivedTrack.opus(2, TestMedia.opusHead(1));
    private static final ArchivedTrack AAC = ArchivedTrack.aac(1, new byte[] {0x11, (byte) 0x90}, 48_000, 2);

    /** Three 2 s fragments; the third starts 500 ms late (a gap) and, optionally, under new tracks. */
    private static List<ArchivedFragmentInfo> fragments(boolean newTracks) {
        return List.of(
                new ArchivedFragmentInfo("100", T0, T0 + 300, 2000, 250_000, 40, 3),
                new ArchivedFragmentInfo("101", T0 + 2000, T0 + 2300, 2000, 500_000, 41, 3),
                new ArchivedFragmentInfo("102", T0 + 4500, T0 + 4800, 2040, 250_000, 42, newTracks ? 4 : 3));
    }

    private static HlsSession session(HlsSession.PlaybackMode mode, HlsSession.DiscontinuityMode discontinuity,
                                      boolean display) {
        return new HlsSession("camera", "arn", mode, TimestampKind.PRODUCER_TIMESTAMP, T0, T0 + 10_000,
                HlsSession.ContainerFormat.FRAGMENTED_MP4, discontinuity, display, 1000, T0, T0 + 300_000);
    }

    private static long count(String text, String line) {
        return text.lines().filter(l -> l.startsWith(line)).count();
    }

    @Test
    void masterPointsAtTheVideoPlaylistWithTheAudioAsARendition() {
        String master = MasterPlaylist.render(List.of(VIDEO, OPUS), 2_000_000, 25, TOKEN);
        assertThat(master).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Track 2",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",\
                URI="getHLSMediaPlaylist.m3u8?SessionToken=TOKEN&TrackNumber=2"
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.42c01f,opus",RESOLUTION=640x480,FRAME-RATE=25.000,\
                AUDIO="audio"
                getHLSMediaPlaylist.m3u8?SessionToken=TOKEN&TrackNumber=1
                """);
    }

    @Test
    void audioOnlyMasterHasTheAudioTrackAsItsVariant() {
        String master = MasterPlaylist.render(List.of(AAC), 96_000, 0, TOKEN);
        assertThat(master).contains("#EXT-X-STREAM-INF:BANDWIDTH=96000,CODECS=\"mp4a.40.2\"\n"
                + "getHLSMediaPlaylist.m3u8?SessionToken=TOKEN&TrackNumber=1\n").doesNotContain("EXT-X-MEDIA:");
    }

    @Test
    void bandwidthIsThePeakFragmentBitRate() {
        assertThat(StreamingSessions.bandwidth(fragments(false))).isEqualTo(2_000_000);
    }

    @Test
    void onDemandIsAVodPlaylistWithAnEnd() {
        String p = MediaPlaylist.render(session(HlsSession.PlaybackMode.ON_DEMAND,
                HlsSession.DiscontinuityMode.NEVER, false), fragments(false), 1, TOKEN, true, 50);
        assertThat(p).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:40
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="getMP4InitFragment.mp4?SessionToken=TOKEN&TrackNumber=1&SequenceNumber=3"
                #EXTINF:2.000,
                getMP4MediaFragment.mp4?FragmentNumber=100&SessionToken=TOKEN&TrackNumber=1
                #EXTINF:2.000,
                getMP4MediaFragment.mp4?FragmentNumber=101&SessionToken=TOKEN&TrackNumber=1
                #EXTINF:2.040,
                getMP4MediaFragment.mp4?FragmentNumber=102&SessionToken=TOKEN&TrackNumber=1
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void liveHasNeitherPlaylistTypeNorEnd() {
        String p = MediaPlaylist.render(session(HlsSession.PlaybackMode.LIVE, HlsSession.DiscontinuityMode.NEVER,
                false), fragments(false), 1, TOKEN, false, 50);
        assertThat(p).doesNotContain("#EXT-X-PLAYLIST-TYPE").doesNotContain("#EXT-X-ENDLIST")
                .contains("#EXT-X-MEDIA-SEQUENCE:40\n");
    }

    @Test
    void alwaysMarksEveryBoundaryAndNumbersDiscontinuitiesFromTheFirstSegment() {
        String p = MediaPlaylist.render(session(HlsSession.PlaybackMode.LIVE, HlsSession.DiscontinuityMode.ALWAYS,
                false), fragments(false), 1, TOKEN, false, 50);
        assertThat(count(p, "#EXT-X-DISCONTINUITY\n".trim())).isEqualTo(2 + 1);
        assertThat(p).contains("#EXT-X-DISCONTINUITY-SEQUENCE:40\n");
        assertThat(p.lines().filter("#EXT-X-DISCONTINUITY"::equals).count()).isEqualTo(2);
    }

    @Test
    void neverMarksNothingEvenAcrossAGap() {
        String p = MediaPlaylist.render(session(HlsSession.PlaybackMode.LIVE, HlsSession.DiscontinuityMode.NEVER,
                false), fragments(true), 1, TOKEN, false, 50);
        assertThat(p.lines().filter("#EXT-X-DISCONTINUITY"::equals).count()).isZero();
        assertThat(count(p, "#EXT-X-MAP")).as("new tracks still need their init segment").isEqualTo(2);
    }

    @Test
    void onDiscontinuityMarksGapsBeyond50MillisAndTrackChanges() {
        String p = MediaPlaylist.render(session(HlsSession.PlaybackMode.LIVE,
                HlsSession.DiscontinuityMode.ON_DISCONTINUITY, false), fragments(false), 1, TOKEN, false, 50);
        List<String> lines = p.lines().toList();
        int mark = lines.indexOf("#EXT-X-DISCONTINUITY");
        assertThat(lines.stream().filter("#EXT-X-DISCONTINUITY"::equals).count()).isEqualTo(1);
        assertThat(lines.get(mark + 2)).as("before the fragment after the 500 ms gap").contains("FragmentNumber=102");
        assertThat(p).doesNotContain("DISCONTINUITY-SEQUENCE");

        List<ArchivedFragmentInfo> contiguousNewTracks = List.of(
                new ArchivedFragmentInfo("1", T0, T0, 2000, 1, 0, 1),
                new ArchivedFragmentInfo("2", T0 + 2030, T0 + 2030, 2000, 1, 1, 2));
        String q = MediaPlaylist.render(session(HlsSession.PlaybackMode.LIVE,
                HlsSession.DiscontinuityMode.ON_DISCONTINUITY, false), contiguousNewTracks, null, TOKEN, false, 50);
        assertThat(q.lines().filter("#EXT-X-DISCONTINUITY"::equals).count()).as("30 ms is no gap, new tracks are")
                .isEqualTo(1);
        assertThat(q).contains("getMP4InitFragment.mp4?SessionToken=TOKEN&SequenceNumber=2\"")
                .contains("getMP4MediaFragment.mp4?FragmentNumber=2&SessionToken=TOKEN\n");
    }

    @Test
    void programDateTimeShowsEachFragmentsStartOnTheSelectedTimeline() {
        String p = MediaPlaylist.render(session(HlsSession.PlaybackMode.ON_DEMAND,
                HlsSession.DiscontinuityMode.NEVER, true), fragments(false), 1, TOKEN, true, 50);
        assertThat(p.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).toList()).containsExactly(
                "#EXT-X-PROGRAM-DATE-TIME:2025-11-22T08:26:40.000Z",
                "#EXT-X-PROGRAM-DATE-TIME:2025-11-22T08:26:42.000Z",
                "#EXT-X-PROGRAM-DATE-TIME:2025-11-22T08:26:44.500Z");
    }

    @Test
    void mpegTsSessionsHaveOneMuxedVariantAndTsSegmentsWithoutInitSegments() {
        String master = MasterPlaylist.renderMuxed(List.of(VIDEO, AAC), 1_000_000, 30, TOKEN);
        assertThat(master).contains("#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS=\"avc1.42c01f,mp4a.40.2\","
                + "RESOLUTION=640x480,FRAME-RATE=30.000\ngetHLSMediaPlaylist.m3u8?SessionToken=TOKEN\n")
                .doesNotContain("EXT-X-MEDIA:");
        HlsSession ts = new HlsSession("camera", "arn", HlsSession.PlaybackMode.ON_DEMAND,
                TimestampKind.PRODUCER_TIMESTAMP, T0, T0 + 10_000, HlsSession.ContainerFormat.MPEG_TS,
                HlsSession.DiscontinuityMode.NEVER, false, 1000, T0, T0 + 300_000);
        String p = MediaPlaylist.render(ts, fragments(true), null, TOKEN, true, 50);
        assertThat(p).doesNotContain("EXT-X-MAP").contains("getTSFragment.ts?FragmentNumber=100&SessionToken=TOKEN\n")
                .contains("getTSFragment.ts?FragmentNumber=102&SessionToken=TOKEN\n");
    }

    @Test
    void targetDurationIsTheLongestFragmentRounded() {
        assertThat(MediaPlaylist.targetDuration(2040)).isEqualTo(2);
        assertThat(MediaPlaylist.targetDuration(9600)).isEqualTo(10);
        assertThat(MediaPlaylist.targetDuration(200)).isEqualTo(1);
    }
}
