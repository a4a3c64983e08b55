package io.storagesession.bench.session;

import io.storagesession.bench.session.probe.MetricsText;
import io.storagesession.bench.session.probe.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * What a soak samples of the server at one instant: the process as the kernel sees it ({@code /proc}), its live heap
 * (after a full GC, by jcmd; -1 when not asked or jcmd cannot tell) and what its {@code /metrics} gauges hold.
 *
 * @param sessions      storage sessions open ({@code kvs_storage_sessions})
 * @param participants  participants of those sessions, every role ({@code kvs_storage_session_peers})
 * @param turnAllocations TURN allocations held ({@code kvs_turn_allocations})
 * @param bufferedFragments recorded fragments handed to PutMedia and not yet PERSISTED
 *                      ({@code kvs_put_media_buffered_fragments})
 * @param threadNames   the threads by name ({@link ServerProcess#threadNames}): what a change of {@code threads} is
 * @param fileKinds     the open files by kind ({@link ServerProcess#openFileKinds}): what a change of {@code fds} is
 */
record ServerFigures(double rssMib, double heapAfterGcMib, long threads, long fds, double sessions,
                     double participants, double turnAllocations, double bufferedFragments,
                     Map<String, Long> threadNames, Map<String, Long> fileKinds) {
    static final String SESSIONS = "kvs_storage_sessions";
    static final String PARTICIPANTS = "kvs_storage_session_peers";
    static final String TURN_ALLOCATIONS = "kvs_turn_allocations";
    static final String BUFFERED_FRAGMENTS = "kvs_put_media_buffered_fragments";

    /**
     * Samples the server; with {@code gc} it first collects its garbage through jcmd (before the thread count is read:
     * jcmd's first attach starts the JVM's Attach Listener thread, which then stays, so the baseline has it too).
     */
    static ServerFigures sample(ServerProcess server, HttpClient http, URI metrics, boolean gc)
            throws IOException, InterruptedException {
        double heap = gc ? server.heapAfterGcMib() : -1;
        MetricsText m = MetricsText.parse(http.send(HttpRequest.newBuilder(metrics).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return new ServerFigures(server.rssMib(), heap, server.threads(), server.openFiles(), m.sum(SESSIONS),
                m.sum(PARTICIPANTS), m.sum(TURN_ALLOCATIONS), m.sum(BUFFERED_FRAGMENTS), server.threadNames(),
                server.openFileKinds());
    }

    /** Nothing of a session is left: no session, participant, TURN allocation or fragment waiting for PutMedia. */
    boolean nothingHeld() {
        return sessions == 0 && participants == 0 && turnAllocations == 0 && bufferedFragments == 0;
    }

    /** Whether threads and open files are back to {@code baseline}'s (or below). */
    boolean backTo(ServerFigures baseline) {
        return threads <= baseline.threads && fds <= baseline.fds;
    }
}
