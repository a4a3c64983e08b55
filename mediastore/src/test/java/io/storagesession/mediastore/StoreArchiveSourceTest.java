package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.http.ApiException;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * HLS playback's view of the store: fragments numbered by ingestion order (the media sequence), one track set per
 * distinct stream header (a resolution change gets a new init segment), frames read back as stored, the newest end of a
 * range for LIVE, KVS's 404s for what is not there — and GetHLSStreamingSessionURL answered on the data endpoint.
 */
class StoreArchiveSourceTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void fragmentsTrackSetsAndFramesComeFromTheStore() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Stream stream = server.createStream("hls-door", 1);
            TestMkv.Recording small = TestMkv.recording(T0, 2, 1000, 1, 320, 240);
            TestMkv.Recording large = TestMkv.recording(T0 + 2000, 2, 1000, 2, 1280, 720);
            PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                    PutMediaTestClient.headers("hls-door"), TestMkv.concat(small.all(), large.all()), 1000);
            assertThat(r.error()).isNull();
            assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(4);
            StoreArchiveSource source = new StoreArchiveSource(server.vertx, server.registry, server.mediaStore.store(),
                    server.mediaStore.settings().limits().maxFragmentDuration());

            List<ArchivedFragmentInfo> all = await(source.fragments(new FragmentQuery(stream.arn(),
                    TimestampKind.PRODUCER_TIMESTAMP, T0, T0 + 10_000, 100, FragmentQuery.End.OLDEST)));
            assertThat(all).extracting(ArchivedFragmentInfo::sequence).containsExactly(0L, 1L, 2L, 3L);
            assertThat(all).extracting(ArchivedFragmentInfo::tracksSequence).containsExactly(0L, 0L, 1L, 1L);
            assertThat(all).extracting(ArchivedFragmentInfo::producerTimestampMillis)
                    .containsExactly(T0, T0 + 1000, T0 + 2000, T0 + 3000);
            List<ArchivedTrack> second = await(source.tracks(stream.arn(), 1));
            assertThat(second.get(0).width()).isEqualTo(1280);
            assertThat(second).hasSize(2);

            List<ArchivedFragmentInfo> newest = await(source.fragments(new FragmentQuery(stream.arn(),
                    TimestampKind.SERVER_TIMESTAMP, 0, Long.MAX_VALUE, 2, FragmentQuery.End.NEWEST)));
            assertThat(newest).extracting(ArchivedFragmentInfo::sequence).containsExactly(2L, 3L);

            ArchivedFragment third = await(source.fragment(stream.arn(), all.get(2).fragmentNumber()));
            assertThat(third.frames()).isNotEmpty();
            assertThat(third.frames().get(0).keyframe()).isTrue();
            assertThat(third.frames().get(0).timecodeMillis()).isEqualTo(T0 + 2000);

            assertThat(failure(source.fragment(stream.arn(), "12345"))).extracting(ApiException::status)
                    .isEqualTo(404);
            assertThat(failure(source.fragment(stream.arn(), "not-a-number"))).extracting(ApiException::status)
                    .isEqualTo(404);
            assertThat(failure(source.stream("no-such-stream", null))).extracting(ApiException::type)
                    .isEqualTo("ResourceNotFoundException");

            try (var archive = server.archivedMedia()) {
                String url = archive.getHLSStreamingSessionURL(b -> b.streamName("hls-door")
                        .playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s
                                .fragmentSelectorType("PRODUCER_TIMESTAMP").timestampRange(t -> t
                                        .startTimestamp(Instant.ofEpochMilli(T0))
                                        .endTimestamp(Instant.ofEpochMilli(T0 + 10_000)))))
                        .hlsStreamingSessionURL();
                assertThat(url).startsWith(server.uri() + "/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=");
            }
        }
    }

    @Test
    void aLivePlaylistListsAFragmentAsSoonAsItIsPersisted() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Stream stream = server.createStream("live-door", 1);
            StoreArchiveSource source = new StoreArchiveSource(server.vertx, server.registry, server.mediaStore.store(),
                    server.mediaStore.settings().limits().maxFragmentDuration());
            List<ArchivedFragmentInfo> heard = new CopyOnWriteArrayList<>();
            try (AutoCloseable subscription = source.onPersisted(stream.arn(), heard::add);
                 var archive = server.archivedMedia()) {
                long start = System.currentTimeMillis();
                PutMediaTestClient.Result first = PutMediaTestClient.upload(server.vertx, server.uri(),
                        PutMediaTestClient.headers("live-door"), TestMkv.recording(start, 1, 1000, 3).all(), 1000);
                assertThat(first.of(AckEvent.Type.PERSISTED)).hasSize(1);
                // The store tells its listeners before the PERSISTED acknowledgement goes out.
                assertThat(heard).hasSize(1);
                String master = archive.getHLSStreamingSessionURL(b -> b.streamName("live-door")
                        .playbackMode(HLSPlaybackMode.LIVE)).hlsStreamingSessionURL();
                assertThat(segments(master)).isEqualTo(1);

                PutMediaTestClient.Result second = PutMediaTestClient.upload(server.vertx, server.uri(),
                        PutMediaTestClient.headers("live-door"), TestMkv.recording(start + 1000, 1, 1000, 4).all(),
                        1000);
                assertThat(second.of(AckEvent.Type.PERSISTED)).hasSize(1);
                // The very next reload after PERSISTED lists it: no cache to expire, no polling interval to wait.
                assertThat(segments(master)).isEqualTo(2);
                assertThat(heard).extracting(ArchivedFragmentInfo::sequence).containsExactly(0L, 1L);
            }
        }
    }

    @Test
    void mediaSequenceNumbersStayAfterRetentionAndARestart() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
        String settings = "media-store.store.segment-max-size = 1KiB";
        long recentStart = T0 + 60_000;
        String before;
        try (TestServer server = TestServer.start(dir, settings, clock)) {
            Stream stream = server.createStream("kept-door", 1);
            upload(server, "kept-door", T0, 3);
            clock.advance(Duration.ofMinutes(90));
            upload(server, "kept-door", recentStart, 3);
            before = mediaPlaylist(onDemandUrl(server, "kept-door", recentStart));
            assertThat(before).contains("#EXT-X-MEDIA-SEQUENCE:3\n");

            server.mediaStore.enforceRetention();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.mediaStore.store().first(stream.arn())
                    .map(f -> f.producerTimestampMillis() == recentStart).orElse(false));
            assertThat(mediaPlaylist(onDemandUrl(server, "kept-door", recentStart))).as("after retention")
                    .contains("#EXT-X-MEDIA-SEQUENCE:3\n");
        }
        try (TestServer server = TestServer.start(dir, settings, clock)) {
            String after = mediaPlaylist(onDemandUrl(server, "kept-door", recentStart));
            assertThat(after).as("after a restart").contains("#EXT-X-MEDIA-SEQUENCE:3\n");
            assertThat(numbers(after)).as("the same fragments under the same numbers").hasSize(3)
                    .isEqualTo(numbers(before));
        }
    }

    private static void upload(TestServer server, String stream, long producerStart, int fragments) throws Exception {
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream), TestMkv.recording(producerStart, fragments, 1000, 9).all(), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(fragments);
    }

    private static String onDemandUrl(TestServer server, String stream, long fromMillis) {
        try (var archive = server.archivedMedia()) {
            return archive.getHLSStreamingSessionURL(b -> b.streamName(stream)
                    .playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s
                            .fragmentSelectorType("PRODUCER_TIMESTAMP").timestampRange(t -> t
                                    .startTimestamp(Instant.ofEpochMilli(fromMillis))
                                    .endTimestamp(Instant.ofEpochMilli(fromMillis + 10_000)))))
                    .hlsStreamingSessionURL();
        }
    }

    /** The fragment numbers a media playlist lists, in order. */
    private static List<String> numbers(String playlist) {
        return playlist.lines().filter(l -> l.contains("FragmentNumber="))
                .map(l -> l.substring(l.indexOf("FragmentNumber=") + "FragmentNumber=".length(), l.indexOf('&')))
                .toList();
    }

    /** The number of media segments in the video media playlist of a session. */
    private static int segments(String masterUrl) throws Exception {
        return (int) mediaPlaylist(masterUrl).lines().filter(l -> l.startsWith("#EXTINF")).count();
    }

    /** The video media playlist of a session. */
    private static String mediaPlaylist(String masterUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String master = http.send(HttpRequest.newBuilder(URI.create(masterUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String media = master.lines().filter(l -> l.startsWith("getHLSMediaPlaylist.m3u8")).findFirst().orElseThrow();
        return http.send(HttpRequest.newBuilder(URI.create(masterUrl).resolve(media)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ApiException failure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            return (ApiException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
