package io.storagesession.server;

import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.console.LiveFigures;
import io.storagesession.metrics.Metrics;
import io.storagesession.recorder.RecorderStatus;
import io.storagesession.webrtc.LiveSession;
import io.storagesession.webrtc.StorageSessions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * What the web console's live page and server charts read, taken from the parts the server wired: the storage
 * sessions' own snapshots and their recorders' states, and the same gauges {@code /metrics} renders plus the process's
 * CPU and heap. A bridge that is not the real storage sessions (a test's stand-in) shows no sessions.
 */
final class ConsoleFeeds {
    private ConsoleFeeds() {
    }

    static LiveFigures live(StorageSessionBridge bridge, Function<String, RecorderStatus> recorders, Clock clock) {
        if (bridge instanceof StorageSessions sessions) {
            return new LiveFigures(sessions::liveSessions, recorders, clock);
        }
        return new LiveFigures(() -> CompletableFuture.completedFuture(List.<LiveSession>of()), recorders, clock);
    }

    /** The server charts' series, by the names the page draws, in the order it lists them. */
    static Map<String, DoubleSupplier> probes(Metrics metrics, ServerHealth health) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Map<String, DoubleSupplier> probes = new LinkedHashMap<>();
        probes.put("sessions", () -> metrics.total("kvs_storage_sessions"));
        probes.put("participants", () -> metrics.total("kvs_storage_session_peers"));
        probes.put("turnAllocations", () -> metrics.total("kvs_turn_allocations"));
        probes.put("ingestBitsPerSecond", () -> metrics.total("kvs_webrtc_total_bitrate"));
        probes.put("processCpu", () -> os instanceof com.sun.management.OperatingSystemMXBean sun
                ? Math.max(0, sun.getProcessCpuLoad()) : 0);
        probes.put("heapUsedBytes", () -> memory.getHeapMemoryUsage().getUsed());
        probes.put("putMediaBacklog", () -> metrics.total("kvs_put_media_buffered_fragments"));
        probes.put("healthProblems", health::problemCount);
        return probes;
    }
}
