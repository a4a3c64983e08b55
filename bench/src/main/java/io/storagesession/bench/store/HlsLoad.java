package io.storagesession.bench.store;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * HLS media-segment requests against the in-process server: an ON_DEMAND session of a stream through the SDK's
 * GetHLSStreamingSessionURL, its video media playlist read once, then {@code concurrency} keep-alive requests at a
 * time for its {@code getMP4MediaFragment.mp4} URLs (round robin) for {@code seconds}: requests/s and process CPU per
 * request (store read, MKV parse, fMP4 packaging and HTTP of both sides; the client shares the process).
 */
final class HlsLoad {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private HlsLoad() {
    }

    static void run(URI server, AwsCredentialsProvider credentials, String stream, long fromMillis, int seconds,
                    int concurrency) throws Exception {
        String masterUrl;
        try (KinesisVideoArchivedMediaClient archive = KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(server)
                .region(Region.US_WEST_2).credentialsProvider(credentials).build()) {
            masterUrl = archive.getHLSStreamingSessionURL(b -> b.streamName(stream)
                    .playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s
                            .fragmentSelectorType("PRODUCER_TIMESTAMP").timestampRange(t -> t
                                    .startTimestamp(Instant.ofEpochMilli(fromMillis))
                                    .endTimestamp(Instant.ofEpochMilli(fromMillis + TimeUnit.HOURS.toMillis(2))))))
                    .hlsStreamingSessionURL();
        }
        java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
        String master = plain.send(HttpRequest.newBuilder(URI.create(masterUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String mediaPath = master.lines().filter(l -> l.startsWith("getHLSMediaPlaylist.m3u8")).findFirst()
                .orElseThrow();
        URI mediaUrl = URI.create(masterUrl).resolve(mediaPath);
        String playlist = plain.send(HttpRequest.newBuilder(mediaUrl).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> segments = playlist.lines().filter(l -> l.startsWith("getMP4MediaFragment.mp4"))
                .map(l -> mediaUrl.resolve(l).toString()).toList();
        if (segments.isEmpty()) {
            throw new IllegalStateException("no media segments in " + playlist);
        }
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + seconds * NANOS_PER_SECOND;
        long cpuBefore = MediaStoreLoadGenerator.processCpuNanos();
        long wallBefore = System.nanoTime();
        CountDownLatch finished = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            next(http, segments, c, end, done, failed, bytes, finished);
        }
        finished.await(seconds + 30L, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - wallBefore) / (double) NANOS_PER_SECOND;
        double cpu = (MediaStoreLoadGenerator.processCpuNanos() - cpuBefore) / (double) NANOS_PER_SECOND;
        System.out.printf("HLS: %d segments of %d, %d failed, %.1f MB in %.1f s: %.0f requests/s, process CPU %.1f s "
                        + "= %.0f requests per CPU-second, concurrency %d%n", done.get(), segments.size(),
                failed.get(), bytes.get() / 1e6, wall, done.get() / wall, cpu, done.get() / cpu, concurrency);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void next(HttpClient http, List<String> segments, long i, long end, AtomicLong done,
                             AtomicLong failed, AtomicLong bytes, CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        URI url = URI.create(segments.get((int) (i % segments.size())));
        http.request(HttpMethod.GET, url.getPort(), url.getHost(), url.getRawPath() + "?" + url.getRawQuery())
                .compose(r -> r.send().compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() == 200) {
                        bytes.addAndGet(b.length());
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    return b;
                })))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failed.incrementAndGet();
                    }
                    next(http, segments, i + 1, end, done, failed, bytes, finished);
                });
    }
}
