package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.metrics.Metrics;
import io.storagesession.recorder.RecorderStatus;
import io.storagesession.recorder.putmedia.EmbeddedStore;
import io.storagesession.webrtc.ice.RelayOpener;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the storage-session side of the server once the hub, the TURN servers and the metrics exist. Production
 * uses {@link io.storagesession.webrtc.StorageSessions}; tests may script a stand-in.
 */
@FunctionalInterface
public interface BridgeFactory {
    StorageSessionBridge create(Wiring wiring) throws Exception;

    /**
     * What a bridge can use: configuration, the hub's links to participants, where the storage session gets its relayed addresses, the event
     * loops, the server's own public URL and access keys (for parts that call the server's own APIs, such as the
     * recorder's PutMedia to the local store, which uses {@code localUrl}: the plain-HTTP listener on loopback), a list of things to close after the bridge at shutdown, before
     * the HTTP listeners go (a recording's last fragments still travel over them), and where a part registers the
     * check of its current problem for {@code /health} (DEGRADED while it reports one), and this server's own media
     * store's ingest in-process (the recorder's local target uses it instead of PutMedia over loopback HTTP), and
     * where the recorders' states are offered to the web console.
     */
    record Wiring(Config config, ParticipantLinks links, RelayOpener relays, Metrics metrics, Clock clock,
                  Vertx vertx, URI publicUrl, URI localUrl, AccessKeys.Loaded credentials,
                  List<AutoCloseable> closeAfterBridge, BiConsumer<String, Supplier<Optional<String>>> health,
                  EmbeddedStore ownStore, Consumer<Function<String, RecorderStatus>> recorders) {
    }
}
