package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.PeerCounters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a run measured: its steps, and the final reckoning taken after every participant stopped sending and the
 * server flushed its counters — what the generator sent, by role, beside what the server's {@code /metrics} says it
 * received, and what the server recorded.
 *
 * @param failures        participants that did not connect or failed, with the reason
 * @param sentByMasters   the masters' counts over the whole run
 * @param sentByViewers   the viewers' counts over the whole run
 * @param turnAllocationsLeft TURN allocations the server still held after everyone left, minus those at the start
 *                        (each participant's own were released with Refresh lifetime 0)
 * @param openFilesLeft   the server's open files after everyone left, minus those at the start
 */
public record LoadReport(List<StepResult> steps, List<String> failures, PeerCounters sentByMasters,
                         PeerCounters sentByViewers, double serverPacketsFromMasters, double serverPacketsFromViewers,
                         double serverBytesFromMasters, double serverBytesFromViewers, double connectedObserved,
                         double fragmentsPersisted, double serverMediaDrops, double turnAllocationsLeft,
                         long openFilesLeft, double peersLeft) {

    /** With what the server still held a moment after every participant left (against the run's start). */
    LoadReport withLeftovers(double allocations, long openFiles, double peers) {
        return new LoadReport(steps, failures, sentByMasters, sentByViewers, serverPacketsFromMasters,
                serverPacketsFromViewers, serverBytesFromMasters, serverBytesFromViewers, connectedObserved,
                fragmentsPersisted, serverMediaDrops, allocations, openFiles, peers);
    }

    /** The first step's figures, for tests. */
    public PeerCounters viewerQuality() {
        return steps.get(0).viewers();
    }

    /** Every step's viewer counts summed. */
    public PeerCounters viewersOverSteps() {
        return steps.stream().map(StepResult::viewers).reduce(PeerCounters.ZERO, PeerCounters::plus);
    }

    public int participantsConnected() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).connected();
    }

    public int participants() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).participants();
    }

    public String table() {
        StringBuilder s = new StringBuilder(StepResult.HEADER).append('\n');
        for (StepResult step : steps) {
            s.append(step.row()).append('\n');
        }
        return s.toString();
    }

    JsonObject toJson(LoadSettings settings) {
        JsonArray array = new JsonArray();
        steps.forEach(step -> array.add(step.toJson()));
        return new JsonObject().put("endpoint", settings.endpoint()).put("steps", array)
                .put("viewersPerSession", settings.viewers()).put("talkers", settings.talkers())
                .put("videoBitrate", settings.bitrate()).put("failures", new JsonArray(failures))
                .put("packetsSentByMasters", sentByMasters.srtpSent())
                .put("packetsSentByViewers", sentByViewers.srtpSent())
                .put("serverPacketsFromMasters", serverPacketsFromMasters)
                .put("serverPacketsFromViewers", serverPacketsFromViewers)
                .put("bytesSentByMasters", sentByMasters.srtpBytesSent())
                .put("bytesSentByViewers", sentByViewers.srtpBytesSent())
                .put("serverBytesFromMasters", serverBytesFromMasters)
                .put("serverBytesFromViewers", serverBytesFromViewers)
                .put("serverConnectedParticipants", connectedObserved)
                .put("fragmentsPersisted", fragmentsPersisted).put("serverMediaDrops", serverMediaDrops)
                .put("serverTurnAllocationsLeftAfterClose", turnAllocationsLeft)
                .put("serverOpenFilesLeftAfterClose", openFilesLeft).put("serverParticipantsLeftAfterClose", peersLeft);
    }
}
