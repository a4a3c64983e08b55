package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHPlaybackMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidCodecPrivateDataException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.KinesisVideoArchivedMediaException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.MissingCodecPrivateDataException;

/**
 * A stored track whose codec private data is missing or unreadable, played over HLS and DASH on the real store: the
 * session URL calls answer KVS's MissingCodecPrivateDataException or InvalidCodecPrivateDataException (400, through the
 * AWS SDK as its exception class), and when only an older stream header of a session is broken, the init and media
 * fragments of that header answer the same 400 with its {@code __type} — never an InternalFailure 500 — while the
 * playlists, manifest and the fragments of the good header still play.
 */
class PlaybackCodecPrivateDataTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 1000;
    private static final int FRAGMENTS = 2;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final String MISSING = "MissingCodecPrivateDataException";
    private static final String INVALID = "InvalidCodecPrivateDataException";
    /** An A_AAC track whose CodecPrivate element is there but empty: no AudioSpecificConfig. */
    private static final AudioTrack AAC_WITHOUT_CODEC_PRIVATE = new AudioTrack(AudioTrack.AAC_CODEC_ID, 48_000, 2,
            new byte[0], 0, 0);

    @TempDir
    Path dir;
    private TestServer server;
    private KinesisVideoArchivedMediaClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        client = server.archivedMedia();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void sessionsOfAnAacTrackWithoutCodecPrivateDataAreMissingCodecPrivateData() throws Exception {
        upload("no-asc", TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 1, goodVideo(), AAC_WITHOUT_CODEC_PRIVATE)
                .all());

        assertSessionsRefused("no-asc", MissingCodecPrivateDataException.class, MISSING);
    }

    @Test
    void sessionsOfAVideoTrackWhoseCodecPrivateDataIsNoAvcCAreInvalidCodecPrivateData() throws Exception {
        VideoTrack notAvcC = new VideoTrack(WIDTH, HEIGHT, new byte[] {1, 2, 3});
        upload("bad-avcc", TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 2, notAvcC, goodAudio()).all());

        assertSessionsRefused("bad-avcc", InvalidCodecPrivateDataException.class, INVALID);
    }

    @Test
    void theFragmentsOfABrokenOlderHeaderAre400sAndTheRestPlays() throws Exception {
        byte[] broken = TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 3, goodVideo(), AAC_WITHOUT_CODEC_PRIVATE)
                .all();
        byte[] healed = TestMkv.recording(T0 + FRAGMENTS * FRAGMENT_MILLIS, FRAGMENTS, FRAGMENT_MILLIS, 4, goodVideo(),
                goodAudio()).all();
        upload("healed", TestMkv.concat(broken, healed));

        // HLS: the session and its playlists come from the newest (good) header
        URI master = URI.create(hlsSession("healed"));
        assertThat(get(master).statusCode()).isEqualTo(200);
        String token = master.getQuery().substring(master.getQuery().indexOf('=') + 1);
        String media = get(master.resolve("getHLSMediaPlaylist.m3u8?SessionToken=" + token + "&TrackNumber=1")).body();
        String[] fragments = media.lines().filter(l -> l.startsWith("getMP4MediaFragment.mp4")).toArray(String[]::new);
        assertThat(fragments).as(media).hasSize(2 * FRAGMENTS);
        assertKvsError(get(master.resolve(fragments[0])), MISSING);
        assertThat(get(master.resolve(fragments[2 * FRAGMENTS - 1])).statusCode()).isEqualTo(200);
        assertKvsError(get(master.resolve("getMP4InitFragment.mp4?SessionToken=" + token + "&SequenceNumber=0")),
                MISSING);
        assertThat(get(master.resolve("getMP4InitFragment.mp4?SessionToken=" + token + "&SequenceNumber=1"))
                .statusCode()).isEqualTo(200);

        // DASH: the same through its own resources
        URI manifest = URI.create(dashSession("healed"));
        assertThat(get(manifest).statusCode()).isEqualTo(200);
        String dash = manifest.getQuery().substring(manifest.getQuery().indexOf('=') + 1);
        assertKvsError(get(manifest.resolve("getMP4MediaFragment.mp4?SessionToken=" + dash + "&FragmentTimestamp="
                + T0)), MISSING);
        assertKvsError(get(manifest.resolve("getMP4InitFragment.mp4?SessionToken=" + dash + "&SequenceNumber=0")),
                MISSING);
    }

    private static VideoTrack goodVideo() {
        return new VideoTrack(WIDTH, HEIGHT, TestMkv.avcC());
    }

    private static AudioTrack goodAudio() {
        return AudioTrack.aacLc(48_000, 2);
    }

    private void upload(String stream, byte[] mkv) throws Exception {
        server.createStream(stream, 24);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream), mkv, 4096);
        assertThat(r.error()).isNull();
        assertThat(r.of(AckEvent.Type.PERSISTED)).isNotEmpty();
    }

    private String hlsSession(String stream) {
        return client.getHLSStreamingSessionURL(b -> b.streamName(stream).playbackMode(HLSPlaybackMode.ON_DEMAND)
                .hlsFragmentSelector(s -> s.fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0))
                                .endTimestamp(Instant.ofEpochMilli(T0 + 10 * FRAGMENT_MILLIS)))))
                .hlsStreamingSessionURL();
    }

    private String dashSession(String stream) {
        return client.getDASHStreamingSessionURL(b -> b.streamName(stream).playbackMode(DASHPlaybackMode.ON_DEMAND)
                .dashFragmentSelector(s -> s.fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0))
                                .endTimestamp(Instant.ofEpochMilli(T0 + 10 * FRAGMENT_MILLIS)))))
                .dashStreamingSessionURL();
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GetHLSStreamingSessionURL and GetDASHStreamingSessionURL both throw the SDK's {@code exception}: 400, type. */
    private void assertSessionsRefused(String stream, Class<? extends KinesisVideoArchivedMediaException> exception,
                                       String type) {
        for (Runnable session : List.<Runnable>of(() -> hlsSession(stream), () -> dashSession(stream))) {
            KinesisVideoArchivedMediaException e = catchThrowableOfType(exception, session::run);
            assertThat(e).as("the SDK's " + type).isNotNull();
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
        }
    }

    private static void assertKvsError(HttpResponse<String> r, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(new JsonObject(r.body()).getString("__type")).isEqualTo(type);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
    }
}
