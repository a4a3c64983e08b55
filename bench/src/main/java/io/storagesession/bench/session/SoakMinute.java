package io.storagesession.bench.session;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.TreeMap;

/**
 * One row of the soak's table: a sample of the server ({@link ServerFigures}) beside what the generator held and
 * saw over the minute before it. The table also has a {@code baseline} row (the idle server before the load) and an
 * {@code after} row (once everyone left and the server settled).
 *
 * @param label      the minute of the hold ({@code 1}, {@code 2}, …), {@code baseline} or {@code after}
 * @param elapsedSeconds since the hold began (0 for the baseline)
 * @param sessions   sessions the generator held (a restarting one is away until it joins again)
 * @param participants participants the generator held; {@code connected} of them had DTLS up
 * @param loss       the viewers' windows that closed in the minute
 * @param churn      what the churn did in the minute
 */
record SoakMinute(String label, double elapsedSeconds, int sessions, int participants, int connected,
                  ServerFigures server, ViewerLoss.Minute loss, ChurnCounts churn) {
    static final String BASELINE = "baseline";
    static final String AFTER = "after";
    static final String TSV_HEADER = String.join("\t", "minute", "elapsed_s", "sessions", "participants", "connected",
            "rss_mib", "heap_after_gc_mib", "threads", "fds", "server_sessions", "server_participants",
            "turn_allocations", "put_media_buffered_fragments", "viewer_loss_pct", "worst_viewer_loss_pct",
            "worst_viewer", "viewer_windows", "freezes", "leaves", "joins", "rejoins", "talker_switches", "restarts",
            "refused_joins");

    String tsv() {
        return String.join("\t", label, format("%.0f", elapsedSeconds), Integer.toString(sessions),
                Integer.toString(participants), Integer.toString(connected), format("%.1f", server.rssMib()),
                format("%.1f", server.heapAfterGcMib()), Long.toString(server.threads()), Long.toString(server.fds()),
                format("%.0f", server.sessions()), format("%.0f", server.participants()),
                format("%.0f", server.turnAllocations()), format("%.0f", server.bufferedFragments()),
                format("%.3f", loss.lossPercent()), format("%.3f", loss.worstPercent()),
                loss.worstViewer().isEmpty() ? "-" : loss.worstViewer(), Integer.toString(loss.judged()),
                Long.toString(loss.freezes()), Long.toString(churn.leaves()), Long.toString(churn.joins()),
                Long.toString(churn.rejoins()), Long.toString(churn.switches()), Long.toString(churn.restarts()),
                Long.toString(churn.refused()));
    }

    JsonObject toJson() {
        return new JsonObject().put("minute", label).put("elapsedSeconds", elapsedSeconds).put("sessions", sessions)
                .put("participants", participants).put("connected", connected).put("rssMib", server.rssMib())
                .put("heapAfterGcMib", server.heapAfterGcMib()).put("threads", server.threads())
                .put("fds", server.fds()).put("serverSessions", server.sessions())
                .put("serverParticipants", server.participants()).put("turnAllocations", server.turnAllocations())
                .put("putMediaBufferedFragments", server.bufferedFragments())
                .put("viewerLossPercent", loss.lossPercent()).put("viewerVideoDecided", loss.decided())
                .put("viewerVideoLost", loss.lost()).put("worstViewerLossPercent", loss.worstPercent())
                .put("worstViewer", loss.worstViewer()).put("viewerWindowsJudged", loss.judged())
                .put("freezes", loss.freezes()).put("leaves", churn.leaves()).put("joins", churn.joins())
                .put("rejoins", churn.rejoins()).put("talkerSwitches", churn.switches())
                .put("restarts", churn.restarts()).put("refusedJoins", churn.refused())
                .put("threadNames", new JsonObject(new TreeMap<String, Object>(server.threadNames())))
                .put("openFileKinds", new JsonObject(new TreeMap<String, Object>(server.fileKinds())));
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
