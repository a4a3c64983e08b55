package io.storagesession.bench.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.PutMediaMetrics;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.server.StorageSessionServer;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * Loads the embedded media store with PutMedia, the way recorders do: the whole server runs in this JVM (its real
 * HTTP, SigV4, MKV parsing, fsync'd segment files), {@code --streams} uploads with the project's own
 * {@link PutMediaClient} send {@link SyntheticFragments} (3 s of a 1 Mbps session each, ~380 kB), and every
 * PERSISTED acknowledgement's latency from hand-over is recorded.
 * <ul>
 *   <li>{@code --mode saturate}: each stream keeps {@code --window} fragments waiting for PERSISTED, refilled as they
 *       are acknowledged, for {@code --seconds}: ingest MB/s, and MB/s per core from the process's CPU time (the
 *       uploading clients run in the same process, so this is a lower bound of the store's own efficiency);</li>
 *   <li>{@code --mode paced}: each stream hands over one fragment every 3 s, as a live session does, the streams
 *       spread over the period: PERSISTED latency under a realistic load.</li>
 * </ul>
 * Then {@link HlsLoad} asks for a HLS session of the first stream and fetches its media segments.
 *
 * <pre>java -cp bench/target/bench.jar io.storagesession.bench.store.MediaStoreLoadGenerator --mode saturate \
 *     --streams 4 --window 4 --seconds 20 --hls-seconds 10 --hls-concurrency 8</pre>
 */
public final class MediaStoreLoadGenerator {
    private static final double MB = 1_000_000.0;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private MediaStoreLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String mode = opts.getOrDefault("mode", "saturate");
        int streams = Integer.parseInt(opts.getOrDefault("streams", "4"));
        int window = Integer.parseInt(opts.getOrDefault("window", "4"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        int hlsSeconds = Integer.parseInt(opts.getOrDefault("hls-seconds", "10"));
        int hlsConcurrency = Integer.parseInt(opts.getOrDefault("hls-concurrency", "8"));

        Path dataDir = Files.createTempDirectory("media-store-load");
        Config config = ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0, "recorder.enabled", false))
                .withFallback(ConfigFactory.defaultReference()).resolve();
        StorageSessionServer server = StorageSessionServer.start(config);
        Vertx clients = Vertx.vertx();
        try {
            AccessKey key = server.credentials().keys().get(0);
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
            URI url = URI.create(server.publicUrl());
            try (KinesisVideoClient kvs = KinesisVideoClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .endpointOverride(url).region(Region.US_WEST_2).credentialsProvider(credentials).build()) {
                for (int i = 0; i < streams; i++) {
                    int n = i;
                    kvs.createStream(b -> b.streamName("load-" + n).dataRetentionInHours(1));
                }
            }
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            PutMediaMetrics.Export export = new PutMediaMetrics.Export() {
                @Override
                public void count(String event, long n) {
                }

                @Override
                public void ackLatency(long millis) {
                    latencies.add(millis);
                }

                @Override
                public void buffer(long fragmentsDelta, long mediaMillisDelta) {
                }
            };
            PutMediaSettings settings = PutMediaSettings.from(config);
            SyntheticFragments media = new SyntheticFragments();
            byte[] header = media.header();
            List<PutMediaClient> uploads = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                PutMediaClient client = new PutMediaClient(clients, clients.getOrCreateContext(), settings,
                        StreamId.ofName("load-" + i), PutMediaEndpoint.fixed(url), credentials, export);
                client.streamHeader(header);
                uploads.add(client);
            }
            long start = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
            long[] sent = new long[streams];
            long bytes = 0;
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            long end = wallBefore + seconds * NANOS_PER_SECOND;
            long period = SyntheticFragments.FRAGMENT_MILLIS * NANOS_PER_SECOND / 1000;
            long[] nextPaced = new long[streams];
            for (int i = 0; i < streams; i++) {
                nextPaced[i] = wallBefore + period * i / streams; // sessions are not in step: spread over a period
            }
            while (System.nanoTime() < end) {
                for (int i = 0; i < streams; i++) {
                    PutMediaClient c = uploads.get(i);
                    boolean due = mode.equals("paced") ? System.nanoTime() >= nextPaced[i]
                            : sent[i] - c.metrics().fragmentsPersisted() < window;
                    if (due) {
                        byte[] fragment = media.fragment(start + sent[i] * SyntheticFragments.FRAGMENT_MILLIS);
                        c.fragment(fragment, start + sent[i] * SyntheticFragments.FRAGMENT_MILLIS);
                        sent[i]++;
                        bytes += fragment.length;
                        nextPaced[i] += period;
                    }
                }
                Thread.sleep(1);
            }
            for (PutMediaClient c : uploads) {
                c.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            double wall = (System.nanoTime() - wallBefore) / (double) NANOS_PER_SECOND;
            double cpu = (processCpuNanos() - cpuBefore) / (double) NANOS_PER_SECOND;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%s: %d streams, %d fragments, %.1f MB in %.1f s: %.2f MB/s, process CPU %.1f s = "
                            + "%.2f MB per CPU-second; PERSISTED latency p50 %d ms, p99 %d ms, max %d ms%n", mode,
                    streams, Arrays.stream(sent).sum(), bytes / MB, wall, bytes / MB / wall, cpu, bytes / MB / cpu,
                    percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);

            if (hlsSeconds > 0) {
                HlsLoad.run(url, credentials, "load-0", start, hlsSeconds, hlsConcurrency);
            }
        } finally {
            clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server.stop();
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return out;
    }
}
