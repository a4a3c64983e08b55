package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHDisplayFragmentNumber;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHDisplayFragmentTimestamp;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHPlaybackMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * PutMedia in, then the AWS SDK v2's {@code KinesisVideoArchivedMediaClient.getDASHStreamingSessionURL} out — as a KVS
 * consumer would call it against this server — and the session's manifest and fragments fetched as a player does:
 * an ON_DEMAND session is a static MPD whose timeline is exactly the fragments ListFragments reports (kvs:ts, kvs:fn
 * included), a LIVE one a dynamic MPD of the newest fragments; the init and media segments are fMP4 whose decode times
 * match the timeline; the SDK maps our refusals to its own typed KVS exceptions.
 */
class DashSdkTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int FRAGMENTS = 6;
    private static final int CHUNK = 4096;
    private static final String STREAM = "dash-door";
    private static final int VIDEO_TIMESCALE = 90_000;
    private static final int AUDIO_RATE = 48_000;
    private static final long MILLIS = 1000;

    @TempDir
    Path dir;
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void upload() throws Exception {
        server = TestServer.start(dir);
        server.createStream(STREAM, 24);
        TestMkv.Recording recording = TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 11);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), recording.all(), CHUNK);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(FRAGMENTS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void onDemandIsAStaticManifestOfExactlyTheListedFragmentsWithMatchingSegments() throws Exception {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            String url = client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                    .playbackMode(DASHPlaybackMode.ON_DEMAND)
                    .dashFragmentSelector(s -> s.fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.ofEpochMilli(T0))
                                    .endTimestamp(Instant.ofEpochMilli(T0 + FRAGMENTS * FRAGMENT_MILLIS))))
                    .displayFragmentTimestamp(DASHDisplayFragmentTimestamp.ALWAYS)
                    .displayFragmentNumber(DASHDisplayFragmentNumber.ALWAYS)
                    .expires(600)).dashStreamingSessionURL();
            assertThat(url).startsWith(server.uri() + "/dash/v1/getDASHManifest.mpd?SessionToken=");
            List<Fragment> listed = client.listFragments(b -> b.streamName(STREAM).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP).timestampRange(r -> r
                            .startTimestamp(Instant.ofEpochMilli(T0))
                            .endTimestamp(Instant.ofEpochMilli(T0 + FRAGMENTS * FRAGMENT_MILLIS)))))
                    .fragments().stream().sorted(Comparator.comparing(Fragment::producerTimestamp)).toList();
            assertThat(listed).hasSize(FRAGMENTS);

            HttpResponse<byte[]> response = get(URI.create(url));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/dash+xml");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            Mpd mpd = Mpd.parse(new String(response.body(), StandardCharsets.UTF_8));
            assertThat(mpd.type).isEqualTo("static");
            assertThat(mpd.adaptations).extracting(Mpd.Adaptation::contentType).containsExactly("video", "audio");
            Mpd.Adaptation video = mpd.of("video");
            Mpd.Adaptation audio = mpd.of("audio");
            assertThat(video.codecs()).isEqualTo("avc1.42e01f");
            assertThat(video.width()).isEqualTo("640");
            assertThat(video.height()).isEqualTo("480");
            assertThat(audio.codecs()).isEqualTo("mp4a.40.2");
            assertThat(audio.audioSamplingRate()).isEqualTo("48000");
            assertThat(audio.channels()).isEqualTo("2");

            for (Mpd.Adaptation a : mpd.adaptations) {
                assertThat(a.timescale()).isEqualTo(MILLIS);
                assertThat(a.segments()).extracting(Mpd.Segment::t)
                        .containsExactlyElementsOf(listed.stream().map(f -> f.producerTimestamp().toEpochMilli())
                                .toList());
                assertThat(a.segments()).extracting(Mpd.Segment::kvsFragmentNumber)
                        .containsExactlyElementsOf(listed.stream().map(Fragment::fragmentNumber).toList());
                assertThat(a.segments()).allSatisfy(s -> assertThat(s.kvsTimestamp()).isEqualTo(
                        String.valueOf(s.t())));
                assertThat(a.presentationTimeOffset()).as("the presentation starts at the first fragment")
                        .isEqualTo(T0);
            }
            assertThat(mpd.duration("mediaPresentationDuration")).isEqualTo(video.end() - T0);
            assertSegmentsMatchTheTimeline(URI.create(url), video, 1, VIDEO_TIMESCALE, "vide");
            assertSegmentsMatchTheTimeline(URI.create(url), audio, 2, AUDIO_RATE, "soun");
        }
    }

    @Test
    void liveIsADynamicManifestOfTheNewestFragmentsOnTheServerTimeline() throws Exception {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            String url = client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                    .playbackMode(DASHPlaybackMode.LIVE).maxManifestFragmentResults(3L)).dashStreamingSessionURL();
            List<Fragment> newest = client.listFragments(b -> b.streamName(STREAM).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP).timestampRange(r -> r
                            .startTimestamp(Instant.EPOCH).endTimestamp(Instant.now().plusSeconds(1)))))
                    .fragments().stream().sorted(Comparator.comparing(Fragment::serverTimestamp)).toList();

            Mpd mpd = Mpd.parse(new String(get(URI.create(url)).body(), StandardCharsets.UTF_8));
            assertThat(mpd.type).isEqualTo("dynamic");
            assertThat(mpd.attribute("availabilityStartTime")).as("the timeline is epoch time")
                    .isEqualTo("1970-01-01T00:00:00Z");
            assertThat(mpd.duration("minimumUpdatePeriod")).isEqualTo(MILLIS);
            assertThat(mpd.root.getElementsByTagNameNS(Mpd.NAMESPACE, "UTCTiming").getLength()).isEqualTo(1);
            Mpd.Adaptation video = mpd.of("video");
            List<Long> serverTimes = newest.stream().map(f -> f.serverTimestamp().toEpochMilli()).toList();
            assertThat(video.segments()).hasSizeBetween(1, 3);
            assertThat(serverTimes).containsAll(video.segments().stream().map(Mpd.Segment::t).toList());
            assertThat(video.segments().get(video.segments().size() - 1).t())
                    .as("the newest fragment is the live edge").isEqualTo(serverTimes.get(serverTimes.size() - 1));
            assertThat(video.segments().get(0).kvsTimestamp()).as("DisplayFragmentTimestamp defaults to NEVER")
                    .isNull();
            assertSegmentsMatchTheTimeline(URI.create(url), video, 1, VIDEO_TIMESCALE, "vide");
        }
    }

    @Test
    void theSdkReadsOurRefusalsAsItsTypedKvsExceptions() throws Exception {
        server.createStream("keeps-nothing", 0);
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            assertThat(catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b.streamName("nowhere")),
                    ResourceNotFoundException.class).statusCode()).isEqualTo(404);
            assertThat(catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b.streamName("keeps-nothing")),
                    NoDataRetentionException.class).statusCode()).isEqualTo(400);
            InvalidArgumentException reversed = catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b
                    .streamName(STREAM).playbackMode(DASHPlaybackMode.ON_DEMAND).dashFragmentSelector(s -> s
                            .fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.ofEpochMilli(T0 + 1000))
                                    .endTimestamp(Instant.ofEpochMilli(T0))))), InvalidArgumentException.class);
            assertThat(reversed.awsErrorDetails().errorMessage()).contains("later than StartTimestamp");
            assertThat(catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                            .playbackMode(DASHPlaybackMode.ON_DEMAND)), InvalidArgumentException.class)
                    .awsErrorDetails().errorMessage()).contains("DASHFragmentSelector");
            assertThat(catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                            .maxManifestFragmentResults(5001L)), InvalidArgumentException.class)
                    .awsErrorDetails().errorMessage()).contains("maxManifestFragmentResults");
            assertThat(catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                            .expires(43_201)), InvalidArgumentException.class)
                    .awsErrorDetails().errorMessage()).contains("expires");
            // a range with no fragment in it
            assertThat(catchThrowableOfType(() -> client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                    .playbackMode(DASHPlaybackMode.ON_DEMAND).dashFragmentSelector(s -> s
                            .fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.ofEpochMilli(T0 - 10_000))
                                    .endTimestamp(Instant.ofEpochMilli(T0 - 1))))), ResourceNotFoundException.class)
                    .statusCode()).isEqualTo(404);
        }
    }

    /** Init: ftyp+moov of the one track; each media segment: moof+mdat of that track decoding at its S@t. */
    private void assertSegmentsMatchTheTimeline(URI manifest, Mpd.Adaptation a, int trackNumber, int timescale,
                                                String handler) throws Exception {
        HttpResponse<byte[]> init = get(a.init(manifest));
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(Fmp4.topLevel(init.body())).containsExactly("ftyp", "moov");
        assertThat(Fmp4.tracks(init.body())).containsExactly(new Fmp4.Track(trackNumber, timescale, handler));
        for (Mpd.Segment s : a.segments()) {
            HttpResponse<byte[]> media = get(a.media(manifest, s));
            assertThat(media.statusCode()).as(a.media(manifest, s).toString()).isEqualTo(200);
            assertThat(media.headers().firstValue("Content-Type")).hasValue("video/mp4");
            assertThat(Fmp4.topLevel(media.body())).containsExactly("moof", "mdat");
            List<Fmp4.Traf> trafs = Fmp4.trafs(media.body());
            assertThat(trafs).hasSize(1);
            assertThat(trafs.get(0).trackId()).isEqualTo(trackNumber);
            assertThat(trafs.get(0).baseMediaDecodeTime()).as("tfdt of the segment at " + s.t())
                    .isEqualTo(s.t() * timescale / MILLIS);
        }
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
