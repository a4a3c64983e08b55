package io.storagesession.recorder;

import com.typesafe.config.Config;
import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.h264.H264Counters;
import io.storagesession.mixer.CounterExport;
import io.storagesession.mixer.VideoForwarder;
import io.storagesession.mixer.audio.AudioMixer;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.session.media.MediaPlaneFactory.SessionInfo;
import io.storagesession.signaling.metrics.Metrics;
import io.vertx.core.Vertx;
import java.net.URI;
import io.vertx.core.Future;
import java.util.List;
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
 * Makes each session's {@link Recorder} and wires it to the session's forwarder and mixer. One per server: it owns
 * the control-plane client that finds the PutMedia endpoint (GetDataEndpoint with API name PUT_MEDIA, KVS-WIRE.md §4)
 * — asked of this server itself for the {@code local} target, with the server's own keys, and of Kinesis Video
 * Streams in {@code recorder.put-media.region} with the AWS default credential chain for {@code aws} — unless
 * {@code recorder.put-media.endpoint} names the data endpoint outright.
 */
public final class Recordings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);

    private final Vertx vertx;
    private final RecorderSettings settings;
    private final AwsCredentialsProvider credentials;
    private final KinesisVideoAsyncClient controlPlane;
    private final PutMediaEndpoint endpoint;
    private final UploadMetrics uploads;
    private final CounterExport counters;
    private final CounterExport videoCounters;
    private final AacSettings aac;
    private final Set<Future<Void>> ending = ConcurrentHashMap.newKeySet();

    private Recordings(Vertx vertx, RecorderSettings settings, AwsCredentialsProvider credentials,
                       KinesisVideoAsyncClient controlPlane, Metrics metrics, CounterExport counters,
                       CounterExport videoCounters, AacSettings aac) {
        this.vertx = vertx;
        this.settings = settings;
        this.credentials = credentials;
        this.controlPlane = controlPlane;
        this.endpoint = PutMediaEndpoint.from(settings.putMedia(), controlPlane);
        this.uploads = new UploadMetrics(metrics);
        this.counters = counters;
        this.videoCounters = videoCounters;
        this.aac = aac;
    }

    /**
     * @param localUrl         this server's public URL: the local target's control plane and data endpoint
     * @param localCredentials this server's own access keys, for the local target
     */
    public static Recordings create(Vertx vertx, Config config, Metrics metrics, URI localUrl,
                                    AwsCredentialsProvider localCredentials) {
        RecorderSettings settings = RecorderSettings.from(config);
        boolean local = settings.target() == RecorderSettings.Target.LOCAL;
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
        LOG.info("recording {} to {} with {} audio", settings.enabled() ? "on" : "off",
                settings.putMedia().endpoint().map(URI::toString).orElse(local ? localUrl.toString()
                        : "Kinesis Video Streams in " + settings.putMedia().region()), settings.resolvedAudioCodec());
        return new Recordings(vertx, settings, credentials, builder.build(), metrics, counters, videoCounters,
                AacSettings.from(config));
    }

    public RecorderSettings settings() {
        return settings;
    }

    /**
     * The recorder of a new session, registered with its forwarder and mixer; empty when recording is off or the
     * channel has no stream to record into.
     */
    public Optional<Recorder> forSession(SessionInfo session, VideoForwarder video, AudioMixer audio) {
        if (!settings.enabled() || session.streamArn() == null || session.streamArn().isEmpty()) {
            return Optional.empty();
        }
        StreamId stream = StreamId.ofArn(session.streamArn());
        Recorder recorder = new Recorder(settings, audioTrack(), () -> new PutMediaSink(
                new PutMediaClient(vertx, vertx.getOrCreateContext(), settings.putMedia(), stream, endpoint,
                        credentials, uploads), session.streamArn(), this::ending),
                video::requestKeyframe, counters.forSession(), videoCounters.forSession());
        video.record(recorder);
        audio.record(recorder);
        return Optional.of(recorder);
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
