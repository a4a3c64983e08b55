package io.storagesession.recorder;

import com.typesafe.config.Config;
import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.h264.H264Counters;
import io.storagesession.media.MediaPlaneFactory.SessionInfo;
import io.storagesession.metrics.CounterExport;
import io.storagesession.metrics.Metrics;
import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.EmbeddedStore;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.recorder.putmedia.UploadHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoAsyncClient;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoAsyncClientBuilder;

/**
 * Makes each session's {@link Recorder}; the server subscribes it to the session's master stream and mix. One per
 * server: it owns the control-plane client that finds the PutMedia endpoint (GetDataEndpoint with API name PUT_MEDIA,
 * KVS-WIRE.md §4) — asked of this server itself for the {@code local} target, with the server's own keys, and of
 * Kinesis Video Streams in {@code recorder.put-media.region} with the AWS default credential chain for {@code aws} —
 * unless {@code recorder.put-media.endpoint} names the data endpoint outright. The local target without such an
 * endpoint stores in-process ({@code recorder.put-media.in-process}): the server hands over its store's ingest
 * ({@link EmbeddedStore}) and no PutMedia crosses the loopback interface.
 */
public final class Recordings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    private final Vertx vertx;
    private final RecorderSettings settings;
    private final AwsCredentialsProvider credentials;
    private final KinesisVideoAsyncClient controlPlane;
    private final PutMediaEndpoint endpoint;
    /** This server's own store when recordings go to it in-process, else null (PutMedia over HTTP). */
    private final EmbeddedStore embedded;
    private final ChunkPool chunks;
    private final UploadMetrics uploads;
    private final CounterExport counters;
    private final CounterExport videoCounters;
    private final AacSettings aac;
    private final Set<Future<Void>> ending = ConcurrentHashMap.newKeySet();
    private final DeliveryHealth health = new DeliveryHealth();
    /** Each channel's recorder's status, from the recorder's creation to its close. */
    private final Map<String, RecorderStatusBoard> statuses = new ConcurrentHashMap<>();

    private Recordings(Vertx vertx, RecorderSettings settings, AwsCredentialsProvider credentials,
                       KinesisVideoAsyncClient controlPlane, Metrics metrics, CounterExport counters,
                       CounterExport videoCounters, AacSettings aac, PutMediaEndpoint endpoint,
                       EmbeddedStore embedded) {
        this.vertx = vertx;
        this.embedded = embedded;
        this.chunks = ChunkPool.from(settings.putMedia());
        this.settings = settings;
        this.credentials = credentials;
        this.controlPlane = controlPlane;
        this.endpoint = endpoint;
        this.uploads = new UploadMetrics(metrics);
        this.counters = counters;
        this.videoCounters = videoCounters;
        this.aac = aac;
    }

    /**
     * @param localUrl         where this server reaches its own plain-HTTP listener (loopback): the local target's data
     *                         endpoint. Not the public URL: a camera-facing public URL (https on 443 with a certificate
     *                         the JVM does not trust, a name that resolves elsewhere) must not decide whether the
     *                         server can store its own recordings, and the local store needs no
     *                         GetDataEndpoint — it is this server
     * @param localCredentials this server's own access keys, for the local target
     */
    public static Recordings create(Vertx vertx, Config config, Metrics metrics, URI localUrl,
                                    AwsCredentialsProvider localCredentials) {
        return create(vertx, config, metrics, localUrl, localCredentials, null);
    }

    /**
     * @param ownStore this server's store, in-process: used for the local target when no endpoint is configured and
     *                 {@code recorder.put-media.in-process} is on; null for PutMedia over HTTP always
     */
    public static Recordings create(Vertx vertx, Config config, Metrics metrics, URI localUrl,
                                    AwsCredentialsProvider localCredentials, EmbeddedStore ownStore) {
        RecorderSettings settings = RecorderSettings.from(config);
        boolean local = settings.target() == RecorderSettings.Target.LOCAL;
        EmbeddedStore embedded = local && settings.putMedia().endpoint().isEmpty() && settings.putMedia().inProcess()
                ? ownStore : null;
        AwsCredentialsProvider credentials = local ? localCredentials : DefaultCredentialsProvider.create();
        KinesisVideoAsyncClientBuilder builder = KinesisVideoAsyncClient.builder()
                .region(Region.of(settings.putMedia().region())).credentialsProvider(credentials);
        if (local) {
            builder.endpointOverride(localUrl);
        }
        CounterExport counters = CounterExport.of(metrics, "kvs_recorder_events_total", "Recording, by event: "
                + "fragments and stream headers handed to PutMedia, frames written, and frames dropped and why",
                RecorderCounters.class, config.getDuration("mixer.metrics-interval"));
        CounterExport videoCounters = CounterExport.of(metrics, "kvs_recorder_video_events_total", "The recorder's "
                + "H.264 receive path, by event: access units emitted, packets lost for good, and what was dropped and "
                + "why (late, duplicate, malformed, before a keyframe, without parameter sets)", H264Counters.class,
                config.getDuration("mixer.metrics-interval"));
        LOG.info("recording {} to {} with {} audio", settings.enabled() ? "on" : "off", embedded != null
                ? "this server's own store (in-process)" : settings.putMedia().endpoint().map(URI::toString)
                .orElse(local ? localUrl.toString()
                        : "Kinesis Video Streams in " + settings.putMedia().region()), settings.resolvedAudioCodec());
        KinesisVideoAsyncClient controlPlane = builder.build();
        PutMediaEndpoint endpoint = settings.putMedia().endpoint().map(PutMediaEndpoint::fixed)
                .orElseGet(() -> local ? PutMediaEndpoint.fixed(localUrl) : PutMediaEndpoint.discovered(controlPlane));
        return new Recordings(vertx, settings, credentials, controlPlane, metrics, counters, videoCounters,
                AacSettings.from(config), endpoint, embedded);
    }

    public RecorderSettings settings() {
        return settings;
    }

    /** Whether recordings reach their store: what {@code /health} reports while one does not. */
    public DeliveryHealth health() {
        return health;
    }

    /**
     * What the recorder of the channel's session is doing, from any thread without waiting for it (operators: the
     * console's live page); {@link RecorderStatus#NO_RECORDER} when the channel has none.
     */
    public RecorderStatus status(String channelArn) {
        RecorderStatusBoard board = statuses.get(channelArn);
        return board == null ? RecorderStatus.NO_RECORDER : board.current();
    }

    /**
     * The recorder of a new session, to subscribe to its master stream and mix; empty when recording is off or the
     * channel has no stream to record into.
     *
     * @param keyframeRequest asks the session's master for a keyframe (the SFU's throttled PLI)
     */
    public Optional<Recorder> forSession(SessionInfo session, Runnable keyframeRequest) {
        if (!settings.enabled() || session.streamArn() == null || session.streamArn().isEmpty()) {
            return Optional.empty();
        }
        StreamId stream = StreamId.ofArn(session.streamArn());
        String channelArn = session.channelArn();
        RecorderStatusBoard status = new RecorderStatusBoard(board -> statuses.remove(channelArn, board));
        Recorder recorder = new Recorder(settings, audioTrack(), () -> upload(session, stream, status),
                keyframeRequest, counters.forSession(), videoCounters.forSession()).channel(session.channelName())
                .status(status);
        statuses.put(channelArn, status);
        return Optional.of(recorder);
    }

    /**
     * A new upload of one recording of {@code session}, reporting its delivery to {@link #health} and its
     * acknowledgements and failures to the recorder's {@code status}.
     */
    private FragmentSink upload(SessionInfo session, StreamId stream, RecorderStatusBoard status) {
        UploadHealth delivery = health.forUpload(session.channelName(), session.streamArn());
        UploadHealth reported = status.reporting(delivery);
        PutMediaClient client = embedded != null
                ? PutMediaClient.embedded(vertx, vertx.getOrCreateContext(), settings.putMedia(), stream, embedded,
                        uploads, reported, chunks)
                : new PutMediaClient(vertx, vertx.getOrCreateContext(), settings.putMedia(), stream, endpoint,
                        credentials, uploads, reported, chunks);
        return new PutMediaSink(client, session.streamArn(), upload -> {
            ending(upload);
            upload.onComplete(ar -> health.ended(delivery));
        });
    }

    private RecordedAudio audioTrack() {
        return RecordedAudio.of(settings.resolvedAudioCodec(), aac);
    }

    private void ending(Future<Void> upload) {
        ending.add(upload);
        upload.onComplete(ar -> ending.remove(upload));
    }

    /**
     * Waits (at most the upload close timeout and a second) for recordings that are still delivering their last
     * fragments — the sessions have just ended — then closes the control-plane client.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.putMedia().closeTimeout().plusSeconds(1).toNanos();
        for (Future<Void> upload : List.copyOf(ending)) {
            try {
                upload.toCompletionStage().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("a recording's upload did not complete before shutdown: {}", e.toString());
            }
        }
        controlPlane.close();
    }
}
