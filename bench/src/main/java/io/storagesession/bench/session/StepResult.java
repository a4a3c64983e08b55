package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.PeerCounters;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * One step of the ramp: {@code sessions} sessions held for the measured window, the server's cost and the viewers'
 * quality in it.
 *
 * @param cpuPercent       server CPU time over wall time, in percent of one core
 * @param generatorCpuPercent the generator's own CPU, likewise (when the server runs in the generator's JVM, as in
 *                         the test, both are the same process)
 * @param connectP50       join → DTLS connected, all participants so far, ms
 * @param firstMediaP50    join → a viewer's first video packet, all viewers so far, ms
 */
record StepResult(int sessions, int participants, int connected, double seconds, double cpuPercent,
                  double generatorCpuPercent, long generatorStalls, double rssMib,
                  double heapMib, long threads, long openFiles, PeerCounters viewers, PeerCounters masters,
                  double connectP50, double connectP95, double firstMediaP50, double firstMediaP95,
                  double serverPacketsPerSecond, double fragments) {
    static final String HEADER = String.format("%5s %6s %8s %9s %6s %8s %8s %7s %6s %7s %7s %7s %8s %8s %8s %8s",
            "N", "conn", "cpu%", "cpu%/ses", "gen%", "rss MiB", "heap MiB", "threads", "fds", "loss%", "late%", "freezes",
            "1stmed50", "1stmed95", "connP50", "connP95");

    static StepResult of(int sessions, int participants, int connected, Snapshot start, Snapshot end, double rssMib,
                         double heapMib, long threads, long openFiles, double[] connectMillis,
                         double[] firstMediaMillis) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double cpu = 100 * (end.serverCpuSeconds() - start.serverCpuSeconds()) / seconds;
        double own = 100 * (end.generatorCpuSeconds() - start.generatorCpuSeconds()) / seconds;
        double serverPackets = end.serverPackets("master") + end.serverPackets("viewer")
                - start.serverPackets("master") - start.serverPackets("viewer");
        return new StepResult(sessions, participants, connected, seconds, cpu, own,
                end.loopStalls() - start.loopStalls(), rssMib, heapMib, threads, openFiles,
                end.viewers().minus(start.viewers()), end.masters().minus(start.masters()),
                percentile(connectMillis, 50), percentile(connectMillis, 95), percentile(firstMediaMillis, 50),
                percentile(firstMediaMillis, 95), serverPackets / seconds, end.fragmentsPersisted());
    }

    /**
     * Whether the viewers' quality stayed within the thresholds and every participant was connected. Freezes do not
     * count when the generator's own loop stalled in the window: they cannot be told from the ones it caused.
     */
    boolean acceptable(LoadSettings s) {
        return connected == participants && viewers.lossPercent() <= s.maxLossPercent()
                && viewers.latePercent() <= s.maxLatePercent()
                && (viewers.freezes() <= s.maxFreezes() || generatorStalls > 0);
    }

    String row() {
        return String.format("%5d %6s %8.1f %9.2f %6.1f %8.0f %8.0f %7d %6d %7.3f %7.3f %7d %8.0f %8.0f %8.0f %8.0f",
                sessions, connected + "/" + participants, cpuPercent, cpuPercent / sessions, generatorCpuPercent,
                rssMib, heapMib, threads,
                openFiles, viewers.lossPercent(), viewers.latePercent(), viewers.freezes(), firstMediaP50,
                firstMediaP95, connectP50, connectP95);
    }

    JsonObject toJson() {
        return new JsonObject().put("sessions", sessions).put("participants", participants)
                .put("connected", connected).put("seconds", seconds).put("serverCpuPercentOfOneCore", cpuPercent)
                .put("serverCpuPercentPerSession", cpuPercent / sessions)
                .put("generatorCpuPercentOfOneCore", generatorCpuPercent).put("generatorLoopStalls", generatorStalls)
                .put("serverRssMib", rssMib)
                .put("serverHeapUsedMib", heapMib).put("serverThreads", threads).put("serverOpenFiles", openFiles)
                .put("viewerVideoLossPercent", viewers.lossPercent()).put("viewerVideoLatePercent",
                        viewers.latePercent())
                .put("viewerVideoPackets", viewers.videoPackets()).put("viewerVideoLost", viewers.lost())
                .put("viewerVideoRepairedByRtx", viewers.repaired()).put("viewerNacked", viewers.nacked())
                .put("viewerFrames", viewers.frames()).put("freezes", viewers.freezes())
                .put("freezeMillis", viewers.freezeMillis()).put("viewerAudioPackets", viewers.audioReceived())
                .put("masterAudioPackets", masters.audioReceived()).put("masterRtxSent", masters.retransmitted())
                .put("masterKeyframeRequests", masters.keyframeRequests())
                .put("packetsSentByParticipants", masters.srtpSent() + viewers.srtpSent())
                .put("serverPacketsFromParticipantsPerSecond", serverPacketsPerSecond)
                .put("joinToConnectedMillisP50", connectP50).put("joinToConnectedMillisP95", connectP95)
                .put("joinToFirstMediaMillisP50", firstMediaP50).put("joinToFirstMediaMillisP95", firstMediaP95)
                .put("fragmentsPersistedTotal", fragments);
    }

    static double percentile(double[] values, int p) {
        double[] v = Arrays.stream(values).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, index))];
    }
}
