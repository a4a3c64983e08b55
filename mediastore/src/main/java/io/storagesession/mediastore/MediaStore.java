package io.storagesession.mediastore;

import com.typesafe.config.Config;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.clip.ClipHeaders;
import io.storagesession.mediastore.clip.ClipMetrics;
import io.storagesession.mediastore.clip.ClipSettings;
import io.storagesession.mediastore.clip.GetClipApi;
import io.storagesession.mediastore.dash.DashRoutes;
import io.storagesession.mediastore.dash.DashSettings;
import io.storagesession.mediastore.hls.HlsApiRegistry;
import io.storagesession.mediastore.hls.HlsRoutes;
import io.storagesession.mediastore.hls.HlsSettings;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.storagesession.mediastore.images.GetImagesApi;
import io.storagesession.mediastore.images.ImagesSettings;
import io.storagesession.mediastore.ingest.PutMediaServer;
import io.storagesession.mediastore.read.GetMediaApi;
import io.storagesession.mediastore.read.GetMediaForFragmentListApi;
import io.storagesession.mediastore.read.ListFragmentsApi;
import io.storagesession.mediastore.read.StreamLookup;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local KVS-compatible stream store, wired onto the server's router: PutMedia in ({@link PutMediaServer}), the
 * durable {@link FragmentStore}, the data-plane reads ListFragments, GetMediaForFragmentList and GetMedia, GetClip,
 * GetImages, and HLS and MPEG-DASH playback (KVS-WIRE.md §4–§6), all on the data endpoint GetDataEndpoint hands out
 * (the server's own base URL).
 *
 * <p>It follows the registry: DeleteStream removes a stream's fragments and ends its upload (a listener on
 * {@link Registry#onStreamDeleted}, no polling), folders of streams deleted while the server was down are removed at
 * start, and retention runs every {@code retention-check-interval}, dropping whole segment files older than the
 * stream's {@code DataRetentionInHours} (for 0, older than {@code zero-retention-window}: see reference.conf). The
 * free space of its disk is read every {@code free-space-check-interval} for {@link #problem()}.
 */
public final class MediaStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaStore.class);

    /** What the store needs from the server. */
    public record Wiring(Vertx vertx, Router router, ApiRoutes api, SigV4Verifier verifier, Registry registry,
                         Metrics metrics, Config config, Path dataDir, Clock clock) {
    }

    private final Vertx vertx;
    private final Registry registry;
    private final FragmentStore store;
    private final MediaStoreSettings settings;
    private final MediaStoreMetrics metrics;
    private final Clock clock;
    private final PutMediaServer putMedia;
    private final GetImagesApi images;
    private final long retentionTimer;
    private final long diskTimer;

    private MediaStore(Wiring w, FragmentStore store, MediaStoreSettings settings, MediaStoreMetrics metrics) {
        this.vertx = w.vertx();
        this.registry = w.registry();
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = w.clock();
        this.putMedia = new PutMediaServer(vertx, w.verifier(), registry, store, settings, metrics, clock);
        putMedia.mount(w.router());
        StreamLookup lookup = new StreamLookup(registry);
        w.api().add(new ListFragmentsApi(lookup, store, settings.read().defaultMaxResults()).operation());
        w.api().add(new GetMediaForFragmentListApi(lookup, store, metrics).operation());
        w.api().add(new GetMediaApi(vertx, lookup, store, metrics, settings.read().getMediaIdleTimeout(),
                putMedia::newestFragmentBegun).operation());
        StoreArchiveSource archive = new StoreArchiveSource(vertx, registry, store,
                settings.limits().maxFragmentDuration());
        HlsApiRegistry playback = (path, operation, handler) -> w.api().add(ApiOperation.signaling(path, operation,
                call -> handler.handle(call.body(), call::authorize, call.context())));
        StreamingSessions sessions = HlsRoutes.mount(w.router(), playback, archive, HlsSettings.from(w.config()),
                clock);
        DashRoutes.mount(w.router(), playback, sessions, DashSettings.from(w.config()));
        w.api().add(new GetClipApi(lookup, archive, ClipHeaders.of(store), ClipSettings.from(w.config()),
                new ClipMetrics(w.metrics()), metrics, clock).operation());
        this.images = new GetImagesApi(vertx, lookup, archive, ImagesSettings.from(w.config()),
                settings.limits().maxFragmentDuration(), w.metrics());
        w.api().add(images.operation());
        registry.onStreamDeleted(this::streamDeleted);
        this.retentionTimer = vertx.setPeriodic(settings.store().retentionCheckInterval().toMillis(),
                id -> enforceRetention());
        this.diskTimer = vertx.setPeriodic(settings.store().freeSpaceCheckInterval().toMillis(),
                id -> vertx.executeBlocking(() -> {
                    store.checkDisk();
                    return null;
                }, false));
    }

    /**
     * Opens the store under {@code <data-dir>/<media-store.directory>} (recovering every stream; blocks) and mounts
     * its routes. Call after the ApiRoutes exist and before their fallbacks are added.
     */
    public static MediaStore start(Wiring wiring) throws IOException {
        MediaStoreSettings settings = MediaStoreSettings.from(wiring.config());
        FragmentStore store = FragmentStore.open(wiring.dataDir().resolve(settings.directory()), settings.store(),
                settings.limits().maxFragmentBytes());
        MediaStoreMetrics metrics = new MediaStoreMetrics(wiring.metrics());
        for (String arn : store.streamArns()) {
            if (wiring.registry().streamByArn(arn).isEmpty()) {
                LOG.info("stream {} no longer exists; removing its fragments", arn);
                store.delete(arn);
            }
        }
        return new MediaStore(wiring, store, settings, metrics);
    }

    /** The read side of the store, for archived media (see {@link FragmentStore}). */
    public FragmentStore store() {
        return store;
    }

    /**
     * PutMedia's entry points: the HTTP route, and {@link PutMediaServer#openLocal} for the server's own recorder,
     * which stores sessions without a loopback HTTP hop.
     */
    public PutMediaServer putMedia() {
        return putMedia;
    }

    public MediaStoreMetrics metrics() {
        return metrics;
    }

    public MediaStoreSettings settings() {
        return settings;
    }

    /** GetImages, whose decode threads this store owns. */
    public GetImagesApi images() {
        return images;
    }

    /**
     * What {@code /health} reports for the store while something is wrong with its disk: free space below
     * {@code media-store.store.min-free-space}, or fragments failing to persist (PutMedia's ERROR 5001).
     */
    public Optional<String> problem() {
        return store.diskProblem();
    }

    /** Runs retention over every stream now (it also runs every {@code retention-check-interval}). */
    public void enforceRetention() {
        long now = clock.millis();
        for (String arn : store.streamArns()) {
            Optional<Stream> stream = registry.streamByArn(arn);
            if (stream.isEmpty()) {
                store.delete(arn);
                continue;
            }
            int hours = stream.get().dataRetentionInHours();
            Duration keep = hours == 0 ? settings.store().zeroRetentionWindow() : Duration.ofHours(hours);
            store.dropBefore(arn, now - keep.toMillis()).thenAccept(dropped -> {
                if (dropped > 0) {
                    metrics.segmentsExpired(dropped);
                    LOG.info("stream {}: retention dropped {} segment file(s)", arn, dropped);
                }
            });
        }
    }

    private void streamDeleted(Stream stream) {
        putMedia.streamGone(stream.arn());
        store.delete(stream.arn()).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("removing the fragments of deleted stream {} failed", stream.arn(), e);
            } else {
                LOG.info("removed the fragments of deleted stream {}", stream.arn());
            }
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(retentionTimer);
        vertx.cancelTimer(diskTimer);
        images.close();
        store.close();
    }
}
