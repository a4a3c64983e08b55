package io.storagesession.bench.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.Principal;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.api.registry.StreamSpec;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.codecs.h264.H264Counters;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.mediastore.MediaStore;
import io.storagesession.mediastore.ingest.Ack;
import io.storagesession.mediastore.ingest.LocalUpload;
import io.storagesession.metrics.Metrics;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Format;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;

/**
 * One GetImages image, end to end: a 640x480 JPEG (JPEGQuality 80) of a stored 500 kbit/s OpenH264 stream with a
 * 2 s GOP (30 fps, 60 frames per GOP and per fragment), asked for by the AWS SDK v2 client over loopback HTTP from the
 * media store as the server mounts it (SigV4, the fragment read from its segment file, decode, JPEG, base64, JSON).
 * {@code gopStart} samples a keyframe (one frame decoded); {@code midGop} samples 1 s into the GOP (31 frames decoded,
 * from the keyframe on). With {@code pictureCache} = 0 every call decodes; with the cache on, repeated calls cost the
 * fragment read, the JPEG and the HTTP round trip only, which is the rest of each score; {@link #roundTripFloor}
 * is the HTTP round trip alone.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main ImagesBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ImagesBenchmark {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int FRAME_RATE = 30;
    private static final int GOP_FRAMES = 2 * FRAME_RATE;
    private static final int FRAGMENTS = 2;
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIDDLE_OF_GOP_MILLIS = 1_000;
    private static final int SAMPLING_INTERVAL_MILLIS = 1_000;
    private static final String STREAM = "bench-images";
    private static final String REGION = "us-west-2";
    private static final AccessKey KEY = new AccessKey("AKIDIMAGESBENCH", "images-bench-secret", Policy.ALLOW_ALL);
    private static final long MAX_BODY_BYTES = 65536;
    private static final long UPLOAD_TIMEOUT_SECONDS = 60;

    /** {@code media-store.images.picture-cache-size}: 0 decodes on every call. */
    @Param({"0", "64MiB"})
    public String pictureCache;

    private Vertx vertx;
    private Registry registry;
    private MediaStore store;
    private HttpServer server;
    private KinesisVideoArchivedMediaClient client;
    private Path dataDir;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataDir = Files.createTempDirectory("images-bench");
        Config config = ConfigFactory.parseMap(Map.of("media-store.images.picture-cache-size", pictureCache))
                .withFallback(ConfigFactory.defaultReference()).resolve();
        vertx = Vertx.vertx();
        registry = Registry.open(vertx, dataDir, new RegistrySettings(REGION, "123456789012", 1, 1,
                Duration.ofSeconds(10)));
        SigV4Verifier verifier = new SigV4Verifier(new AccessKeyStore(List.of(KEY)), "kinesisvideo",
                Duration.ofMinutes(5), Duration.ofDays(7), Clock.systemUTC());
        Router router = Router.router(vertx);
        Metrics metrics = new Metrics();
        ApiRoutes api = new ApiRoutes(router, verifier, metrics, MAX_BODY_BYTES);
        store = MediaStore.start(new MediaStore.Wiring(vertx, router, api, verifier, registry, metrics, config, dataDir,
                Clock.systemUTC()));
        api.addFallbacks();
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get();
        registry.createStream(new StreamSpec(STREAM, null, null, "alias/aws/kinesisvideo", 1), Instant.now(), Map.of())
                .toCompletionStage().toCompletableFuture().get();
        upload(recording());
        client = KinesisVideoArchivedMediaClient.builder().region(Region.of(REGION))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.actualPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY.accessKeyId(),
                        KEY.secretAccessKey()))).httpClient(UrlConnectionHttpClient.create()).build();
        if (gopStart() == null || midGop() == null) {
            throw new IllegalStateException("the stored stream gave no image");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get();
        store.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Benchmark
    public String gopStart() {
        return image(T0 + GOP_FRAMES * 1000L / FRAME_RATE);
    }

    @Benchmark
    public String midGop() {
        return image(T0 + GOP_FRAMES * 1000L / FRAME_RATE + MIDDLE_OF_GOP_MILLIS);
    }

    /**
     * The floor under both: a ListFragments round trip with the same client, server and stream (SigV4, loopback HTTP,
     * JSON), no media read. An image's own cost is its score minus this.
     */
    @Benchmark
    public int roundTripFloor() {
        return client.listFragments(b -> b.streamName(STREAM)).fragments().size();
    }

    private String image(long millis) {
        Instant at = Instant.ofEpochMilli(millis);
        return client.getImages(b -> b.streamName(STREAM).imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP)
                .startTimestamp(at).endTimestamp(at).samplingInterval(SAMPLING_INTERVAL_MILLIS).format(Format.JPEG))
                .images().get(0).imageContent();
    }

    /** Two 2 s fragments of 640x480 OpenH264 (constrained baseline, as WebRTC senders make it), video only. */
    private static byte[] recording() {
        List<RealH264.Frame> frames = RealH264.encode(WIDTH, HEIGHT, RealH264.CONSTRAINED_BASELINE,
                FRAGMENTS * GOP_FRAMES, GOP_FRAMES);
        AvcConfig avc = new AvcConfig(new H264Counters());
        for (RealH264.Frame f : frames) {
            f.nalUnits().forEach(nal -> avc.accept(nal, 0, nal.length));
        }
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(WIDTH, HEIGHT, avc.record()), null);
        FragmentWriter writer = new FragmentWriter(settings);
        writer.declareTracks(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array(), 0, header.length());
        for (int i = 0; i < frames.size(); i++) {
            long timecode = T0 + i * 1000L / FRAME_RATE;
            if (i % GOP_FRAMES == 0) {
                writer.startFragment(timecode, FragmentTags.NONE);
            }
            byte[] avcc = avcc(frames.get(i).nalUnits());
            MkvBuffer b = writer.writeFrame(StreamHeader.VIDEO_TRACK_NUMBER, timecode, frames.get(i).key(), avcc, 0,
                    avcc.length);
            out.write(b.array(), 0, b.length());
        }
        writer.closeFragment();
        return out.toByteArray();
    }

    /** NAL units with 4-byte length prefixes, as MKV's V_MPEG4/ISO/AVC stores an access unit. */
    private static byte[] avcc(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** Puts the recording in through the store's in-process PutMedia and waits for every fragment's PERSISTED. */
    private void upload(byte[] mkv) throws Exception {
        CompletableFuture<Integer> persisted = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            int[] count = new int[1];
            LocalUpload upload = store.putMedia().openLocal(new Principal(KEY, REGION), STREAM, null, T0, context,
                    new LocalUpload.Listener() {
                        @Override
                        public void ack(Ack.Type type, long timecode, long number, int errorId) {
                            if (type == Ack.Type.PERSISTED) {
                                count[0]++;
                            } else if (type == Ack.Type.ERROR) {
                                persisted.completeExceptionally(new IllegalStateException("ERROR " + errorId));
                            }
                        }

                        @Override
                        public void refused(int status, String errorType, String message) {
                            persisted.completeExceptionally(new IllegalStateException(errorType + ": " + message));
                        }

                        @Override
                        public void ended() {
                            persisted.complete(count[0]);
                        }
                    });
            upload.write(mkv, 0, mkv.length);
            upload.endBody();
        });
        int fragments = persisted.get(UPLOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (fragments != FRAGMENTS) {
            throw new IllegalStateException(fragments + " fragments persisted, not " + FRAGMENTS);
        }
    }
}
