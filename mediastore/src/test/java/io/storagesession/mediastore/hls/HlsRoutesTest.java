package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.Boxes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface: content types, CORS, token authorisation and KVS-shaped errors, LIVE and LIVE_REPLAY windows. */
class HlsRoutesTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final int FRAGMENT_MILLIS = 2000;
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1F}, 320, 240);
    private static final ArchivedTrack OPUS = ArchivedTrack.opus(2, TestMedia.opusHead(1));

    private final TestClock clock = new TestClock(T0);
    private final InMemoryArchiveSource source = new InMemoryArchiveSource(
            new ArchivedStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
    private HlsTestServer server;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile long millis;

        TestClock(long millis) {
            this.millis = millis;
        }

        void advance(long by) {
            millis += by;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private void start() throws Exception {
        source.tracks(0, List.of(VIDEO, OPUS));
        server = new HlsTestServer(source, HlsTestServer.settings(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Fragment {@code i}: 2 s long, produced at T0 + 2 s·i and received 100 ms later. */
    private void addFragment(int i) {
        long start = T0 + (long) i * FRAGMENT_MILLIS;
        List<ArchivedFrame> frames = new ArrayList<>();
        for (int f = 0; f < 50; f++) {
            frames.add(new ArchivedFrame(1, start + f * 40L, f == 0, new byte[] {0, 0, 0, 1, 0x65}));
        }
        for (int a = 0; a < 100; a++) {
            frames.add(new ArchivedFrame(2, start + a * 20L, true, new byte[] {(byte) 0xF8, 1, 2}));
        }
        source.add(new ArchivedFragment(new ArchivedFragmentInfo(String.valueOf(1000 + i), start, start + 100,
                FRAGMENT_MILLIS, 1000, i, 0), frames));
    }

    private JsonObject onDemand(double fromSeconds, double toSeconds) {
        return new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME).put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                        .put("TimestampRange", new JsonObject().put("StartTimestamp", fromSeconds)
                                .put("EndTimestamp", toSeconds)));
    }

    private static String resource(String sessionUrl, String name) {
        return sessionUrl.replace(HlsUris.MASTER, name);
    }

    private static void assertKvsError(HttpResponse<?> r, int status, String type) {
        assertApiError(r, status, type);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as("errors are readable cross-origin too")
                .hasValue("*");
    }

    /**
     * GetHLSStreamingSessionURL's errors, shaped by the API layer (here the test registry, in the server ApiRoutes).
     */
    private static void assertApiError(HttpResponse<?> r, int status, String type) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(new JsonObject(r.body().toString()).getString("__type")).isEqualTo(type);
    }

    @Test
    void playlistsAndFragmentsHaveHlsContentTypesAndCors() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            addFragment(i);
        }
        clock.advance(60_000);
        String url = server.sessionUrl(onDemand(T0 / 1000.0, T0 / 1000.0 + 10));

        HttpResponse<String> master = server.getText(url);
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.headers().firstValue("Content-Type")).hasValue("application/x-mpegURL");
        assertThat(master.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(master.body()).contains("FRAME-RATE=25.000").contains("CODECS=\"avc1.42c01f,opus\"");

        String token = url.substring(url.indexOf("SessionToken=") + "SessionToken=".length());
        HttpResponse<String> media = server.getText(server.base + "/hls/v1/"
                + HlsUris.media(token, 2));
        assertThat(media.headers().firstValue("Content-Type")).hasValue("application/x-mpegURL");
        assertThat(media.body()).contains("#EXT-X-ENDLIST").contains("FragmentNumber=1002");

        HttpResponse<byte[]> init = server.get(server.base + "/hls/v1/" + HlsUris.init(token, 2, 0));
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(Boxes.root(init.body()).children()).extracting(Boxes.Box::type).containsExactly("ftyp", "moov");

        HttpResponse<byte[]> fragment = server.get(server.base + "/hls/v1/" + HlsUris.fragment(token, 1, "1001"));
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(fragment.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        Boxes.Box moof = Boxes.root(fragment.body()).child("moof");
        assertThat(moof.all("traf")).as("TrackNumber=1: the video track only").hasSize(1);
        assertThat(Boxes.u32(fragment.body(), moof.child("mfhd").payload() + 4)).isEqualTo(2);

        HttpResponse<byte[]> muxed = server.get(server.base + "/hls/v1/" + HlsUris.fragment(token, null, "1001"));
        assertThat(Boxes.root(muxed.body()).child("moof").all("traf")).as("no TrackNumber: every track").hasSize(2);
    }

    @Test
    void corsPreflightIsAnsweredWithoutAToken() throws Exception {
        start();
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(
                        URI.create(server.base + "/hls/v1/getHLSMasterPlaylist.m3u8"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://player.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range")
                .build());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(v ->
                assertThat(v).contains("GET"));
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("range");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

        assertKvsError(server.getText(server.base + "/hls/v1/getHLSNothing.m3u8"), 404, "UnknownOperationException");
        assertKvsError(server.send(HttpRequest.newBuilder(URI.create(server.base + "/hls/v1/getMP4MediaFragment.mp4"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 405, "MethodNotAllowedException");
    }

    @Test
    void tokensAreRequiredGenuineAndUnexpired() throws Exception {
        start();
        addFragment(0);
        clock.advance(60_000);
        String url = server.sessionUrl(onDemand(T0 / 1000.0, T0 / 1000.0 + 10).put("Expires", 300));
        assertThat(server.getText(url).statusCode()).isEqualTo(200);

        assertKvsError(server.getText(server.base + "/hls/v1/getHLSMasterPlaylist.m3u8"), 400,
                "InvalidArgumentException");
        String token = url.substring(url.indexOf('=') + 1);
        String forged = (token.charAt(5) == 'A' ? 'B' : 'A') + "";
        assertKvsError(server.getText(url.replace(token, token.substring(0, 5) + forged + token.substring(6))), 403,
                "NotAuthorizedException");
        assertKvsError(server.getText(url.substring(0, url.length() - 4)), 403, "NotAuthorizedException");

        clock.advance(300_000);
        HttpResponse<String> expired = server.getText(url);
        assertKvsError(expired, 403, "NotAuthorizedException");
        assertThat(expired.body()).contains("expired");
    }

    @Test
    void liveShowsTheNewestFragmentsAndIsNotFoundWhenNothingCameInThirtySeconds() throws Exception {
        start();
        for (int i = 0; i < 4; i++) {
            addFragment(i);
        }
        clock.advance(4 * FRAGMENT_MILLIS + 1000);
        String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                .put("MaxMediaPlaylistFragmentResults", 3).put("Expires", 3600));
        String media = resource(url, HlsUris.MEDIA) + "&TrackNumber=1";
        String first = server.getText(media).body();
        assertThat(first).contains("#EXT-X-MEDIA-SEQUENCE:1\n").doesNotContain("FragmentNumber=1000&")
                .contains("FragmentNumber=1003&").doesNotContain("ENDLIST").doesNotContain("PLAYLIST-TYPE");

        addFragment(4);
        clock.advance(FRAGMENT_MILLIS);
        String next = server.getText(media).body();
        assertThat(next).as("the window slides by one fragment").contains("#EXT-X-MEDIA-SEQUENCE:2\n")
                .contains("FragmentNumber=1004&");

        clock.advance(31_000);
        assertKvsError(server.getText(media), 404, "ResourceNotFoundException");
        assertApiError(server.post(HlsSessionUrlApi.PATH, new JsonObject().put("StreamName",
                HlsTestServer.STREAM_NAME)), 404, "ResourceNotFoundException");
    }

    @Test
    void liveReplayReleasesFragmentsAsTimePassesFromItsStart() throws Exception {
        start();
        for (int i = 0; i < 5; i++) {
            addFragment(i);
        }
        clock.advance(60_000);
        String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                .put("PlaybackMode", "LIVE_REPLAY")
                .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                        .put("TimestampRange", new JsonObject().put("StartTimestamp", (T0 + 2000) / 1000.0))));
        String media = resource(url, HlsUris.MEDIA) + "&TrackNumber=1";
        String atStart = server.getText(media).body();
        assertThat(atStart.lines().filter(l -> l.startsWith("#EXTINF")).count()).isEqualTo(1);
        assertThat(atStart).contains("FragmentNumber=1001&");

        clock.advance(2 * FRAGMENT_MILLIS);
        String later = server.getText(media).body();
        assertThat(later).contains("FragmentNumber=1003&").doesNotContain("FragmentNumber=1004&")
                .doesNotContain("ENDLIST");
    }

    @Test
    void fragmentsOutsideTheSessionsRangeAreNotServed() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            addFragment(i);
        }
        clock.advance(60_000);
        String url = server.sessionUrl(onDemand(T0 / 1000.0, T0 / 1000.0 + 1));
        assertThat(server.getText(resource(url, HlsUris.MEDIA)).body()).contains("FragmentNumber=1000")
                .doesNotContain("FragmentNumber=1001");
        assertKvsError(server.getText(resource(url, HlsUris.FRAGMENT) + "&FragmentNumber=1002"), 404,
                "ResourceNotFoundException");
        assertKvsError(server.getText(resource(url, HlsUris.FRAGMENT) + "&FragmentNumber=12x"), 400,
                "InvalidArgumentException");
        assertKvsError(server.getText(resource(url, HlsUris.MEDIA) + "&TrackNumber=3"), 400,
                "InvalidArgumentException");
        assertKvsError(server.getText(resource(url, HlsUris.TS_FRAGMENT) + "&FragmentNumber=1000"), 400,
                "InvalidArgumentException");
    }

    @Test
    void mpegTsSessionsServeTransportStreamSegmentsOfEveryTrack() throws Exception {
        source.tracks(0, List.of(VIDEO, ArchivedTrack.aac(2, new byte[] {0x11, (byte) 0x90}, 48_000, 2)));
        server = new HlsTestServer(source, HlsTestServer.settings(), clock);
        addFragment(0);
        clock.advance(60_000);
        String url = server.sessionUrl(onDemand(T0 / 1000.0, T0 / 1000.0 + 10).put("ContainerFormat", "MPEG_TS"));
        assertThat(server.getText(url).body()).contains("CODECS=\"avc1.42c01f,mp4a.40.2\"")
                .doesNotContain("TrackNumber");
        String media = server.getText(resource(url, HlsUris.MEDIA)).body();
        assertThat(media).contains("getTSFragment.ts?FragmentNumber=1000&").doesNotContain("EXT-X-MAP");
        HttpResponse<byte[]> ts = server.get(resource(url, HlsUris.TS_FRAGMENT) + "&FragmentNumber=1000");
        assertThat(ts.statusCode()).isEqualTo(200);
        assertThat(ts.headers().firstValue("Content-Type")).hasValue("video/MP2T");
        assertThat(ts.body().length % TsSegmentWriter.PACKET_BYTES).isZero();
        assertThat(ts.body()[0]).isEqualTo((byte) 0x47);
    }

    @Test
    void sessionUrlRequestsAreRefusedAsKvsDoes() throws Exception {
        start();
        addFragment(0);
        clock.advance(60_000);
        assertApiError(server.post(HlsSessionUrlApi.PATH, onDemand(T0 / 1000.0 + 100, T0 / 1000.0 + 200)), 404,
                "ResourceNotFoundException");
        assertApiError(server.post(HlsSessionUrlApi.PATH, onDemand(T0 / 1000.0, T0 / 1000.0 + 10)
                .put("StreamName", "elsewhere")), 404, "ResourceNotFoundException");
        HttpResponse<String> ts = server.post(HlsSessionUrlApi.PATH, onDemand(T0 / 1000.0, T0 / 1000.0 + 10)
                .put("ContainerFormat", "MPEG_TS"));
        assertApiError(ts, 400, "UnsupportedStreamMediaTypeException");
        assertThat(ts.body()).contains("Opus");
        assertApiError(server.post(HlsSessionUrlApi.PATH, onDemand(T0 / 1000.0, T0 / 1000.0 + 10)
                .put("Expires", 100)), 400, "InvalidArgumentException");
    }
}
