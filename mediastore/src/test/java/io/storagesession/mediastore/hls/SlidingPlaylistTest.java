package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LIVE and LIVE_REPLAY media playlists reloaded while their window slides, through the real routes, over fragments of
 * varying length with gaps and a change of tracks: every segment keeps its media sequence number and its
 * discontinuity sequence number from reload to reload (RFC 8216 §6.2.2, §4.3.3.3), the target duration never changes
 * (§6.2.1), and every EXTINF rounds to at most it (§4.3.3.1).
 */
class SlidingPlaylistTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final long RECEIVED_AFTER_MILLIS = 100;
    /** Fragment lengths, cycled: 0.8 s to 9.4 s (the recorder's fragments are 2 to 9.5 s). */
    private static final long[] LENGTHS = {2000, 2040, 3500, 1200, 9400, 2000, 4700, 800};
    /** Fragments that start 500 ms after the previous one ended: a gap beyond KVS's 50 ms tolerance. */
    private static final Set<Integer> LATE = Set.of(3, 9);
    /** The fragment from which the stream has other tracks (a new stream header): also a discontinuity. */
    private static final int NEW_TRACKS = 6;
    private static final long GAP_MILLIS = 500;
    private static final int FRAGMENTS = 14;
    private static final int WINDOW = 3;
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1F}, 320, 240);
    private static final ArchivedTrack LARGER = ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1F}, 640,
            480);

    private final HlsRoutesTest.TestClock clock = new HlsRoutesTest.TestClock(T0);
    private final InMemoryArchiveSource source = new InMemoryArchiveSource(
            new ArchivedStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
    private final List<ArchivedFragmentInfo> added = new ArrayList<>();
    private HlsTestServer server;

    /** One media segment as a playlist shows it. */
    private record Segment(String uri, long mediaSequence, long discontinuitySequence, double seconds) {
    }

    /** The numbers a player reads from one reload. */
    private record Reload(long targetDuration, List<Segment> segments) {
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void liveReloadsKeepEverySegmentsNumbersAndOneTargetDuration() throws Exception {
        for (String mode : List.of("ON_DISCONTINUITY", "ALWAYS", "NEVER")) {
            List<Reload> reloads = liveReloads(mode);
            assertStable(reloads, mode);
            assertThat(reloads.get(0).targetDuration()).as("the KVS limit of 10 s, rounded up").isEqualTo(10);
            if (!mode.equals("NEVER")) {
                assertThat(reloads.get(reloads.size() - 1).segments().get(0).discontinuitySequence())
                        .as(mode + ": the window slid past discontinuities").isPositive();
            }
        }
    }

    @Test
    void onDiscontinuityNumbersCountTheGapsAndTheTrackChangeBeforeTheWindow() throws Exception {
        List<Reload> reloads = liveReloads("ON_DISCONTINUITY");
        Reload last = reloads.get(reloads.size() - 1);
        // the window's first fragment is FRAGMENTS - WINDOW: LATE 3 and 9 and NEW_TRACKS 6 are before (or into) it
        assertThat(last.segments().get(0).mediaSequence()).isEqualTo(FRAGMENTS - WINDOW);
        assertThat(last.segments().get(0).discontinuitySequence()).isEqualTo(3);
    }

    @Test
    void liveReplayReloadsKeepEverySegmentsNumbersAndOneTargetDuration() throws Exception {
        server = new HlsTestServer(source, HlsTestServer.settings(), clock);
        source.tracks(0, List.of(VIDEO));
        source.tracks(1, List.of(LARGER));
        for (int i = 0; i < FRAGMENTS; i++) {
            add(i);
        }
        long end = end(added.get(added.size() - 1));
        clock.advance(end - T0 + 60_000);
        String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                .put("PlaybackMode", "LIVE_REPLAY").put("MaxMediaPlaylistFragmentResults", WINDOW)
                .put("DiscontinuityMode", "ON_DISCONTINUITY").put("Expires", 3600)
                .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                        .put("TimestampRange", new JsonObject().put("StartTimestamp", T0 / 1000.0))));
        List<Reload> reloads = new ArrayList<>();
        for (int i = 0; i < FRAGMENTS; i++) {
            reloads.add(reload(url));
            clock.advance(LENGTHS[i % LENGTHS.length] + (LATE.contains(i + 1) ? GAP_MILLIS : 0));
        }
        assertStable(reloads, "LIVE_REPLAY");
        assertThat(reloads.get(reloads.size() - 1).segments().get(0).discontinuitySequence()).isEqualTo(3);
    }

    @Test
    void theTargetDurationIsTheSourcesFragmentLimitRoundedUp() throws Exception {
        source.maxFragmentDuration(Duration.ofMillis(5500));
        server = new HlsTestServer(source, HlsTestServer.settings(), clock);
        source.tracks(0, List.of(VIDEO));
        add(0);
        add(1);
        clock.advance(end(added.get(1)) - T0);
        String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                .put("Expires", 3600));
        assertThat(reload(url).targetDuration()).isEqualTo(6);

        source.maxFragmentDuration(Duration.ofSeconds(1));
        assertThat(reload(url).targetDuration()).as("never below what its own fragments need").isEqualTo(2);
    }

    /** Reloads a LIVE session's video playlist after each new fragment. */
    private List<Reload> liveReloads(String discontinuityMode) throws Exception {
        stop();
        added.clear();
        InMemoryArchiveSource fresh = new InMemoryArchiveSource(
                new ArchivedStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
        fresh.tracks(0, List.of(VIDEO));
        fresh.tracks(1, List.of(LARGER));
        HlsRoutesTest.TestClock now = new HlsRoutesTest.TestClock(T0);
        server = new HlsTestServer(fresh, HlsTestServer.settings(), now);
        add(fresh, 0);
        now.advance(end(added.get(0)) - now.millis() + RECEIVED_AFTER_MILLIS);
        String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                .put("MaxMediaPlaylistFragmentResults", WINDOW).put("DiscontinuityMode", discontinuityMode)
                .put("Expires", 3600));
        List<Reload> reloads = new ArrayList<>();
        reloads.add(reload(url));
        for (int i = 1; i < FRAGMENTS; i++) {
            add(fresh, i);
            now.advance(end(added.get(i)) - now.millis() + RECEIVED_AFTER_MILLIS);
            reloads.add(reload(url));
        }
        return reloads;
    }

    private void add(int i) {
        add(source, i);
    }

    /** Fragment {@code i}: after the previous one (late for LATE), LENGTHS long, under the tracks of its time. */
    private void add(InMemoryArchiveSource to, int i) {
        long start = added.isEmpty() ? T0 : end(added.get(added.size() - 1)) + (LATE.contains(i) ? GAP_MILLIS : 0);
        long length = LENGTHS[i % LENGTHS.length];
        ArchivedFragmentInfo info = new ArchivedFragmentInfo(String.valueOf(1000 + i), start,
                start + RECEIVED_AFTER_MILLIS,
                length, 10_000, i, i >= NEW_TRACKS ? 1 : 0);
        added.add(info);
        to.add(new ArchivedFragment(info, List.of(new ArchivedFrame(1, start, true, new byte[] {0, 0, 0, 1, 0x65}))));
    }

    private static long end(ArchivedFragmentInfo f) {
        return f.producerTimestampMillis() + f.durationMillis();
    }

    private Reload reload(String masterUrl) throws Exception {
        String media = masterUrl.replace(HlsUris.MASTER, HlsUris.MEDIA) + "&TrackNumber=1";
        var response = server.getText(media);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body());
    }

    /** The target duration and, per segment, its URI, media and discontinuity sequence numbers and EXTINF. */
    private static Reload parse(String playlist) {
        long target = -1;
        long msn = 0;
        long dsn = 0;
        double seconds = -1;
        List<Segment> segments = new ArrayList<>();
        for (String line : playlist.lines().toList()) {
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Long.parseLong(line.substring(line.indexOf(':') + 1));
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                msn = Long.parseLong(line.substring(line.indexOf(':') + 1));
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                dsn = Long.parseLong(line.substring(line.indexOf(':') + 1));
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                dsn++;
            } else if (line.startsWith("#EXTINF:")) {
                seconds = Double.parseDouble(line.substring(line.indexOf(':') + 1, line.indexOf(',')));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                segments.add(new Segment(line, msn++, dsn, seconds));
            }
        }
        return new Reload(target, segments);
    }

    /** One target duration, every EXTINF within it, and the numbers of every segment the same in every reload. */
    private static void assertStable(List<Reload> reloads, String what) {
        Map<String, Segment> seen = new HashMap<>();
        Set<Long> targets = new HashSet<>();
        for (Reload r : reloads) {
            targets.add(r.targetDuration());
            for (Segment s : r.segments()) {
                assertThat(Math.round(s.seconds())).as(what + ": " + s).isLessThanOrEqualTo(r.targetDuration());
                Segment before = seen.putIfAbsent(s.uri(), s);
                if (before != null) {
                    assertThat(s).as(what + ": the same segment in a later reload").isEqualTo(before);
                }
            }
        }
        assertThat(targets).as(what + ": EXT-X-TARGETDURATION of every reload").hasSize(1);
        assertThat(seen).as(what + ": segments seen").hasSize(FRAGMENTS);
    }
}
