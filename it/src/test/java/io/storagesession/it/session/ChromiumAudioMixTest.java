package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audio mixes, judged by ear (an FFT in each browser): a Chromium master and three Chromium viewers on the KVS
 * JS SDK — a full storage session — each send a pure tone of their own; each must hear the tones of the other three
 * and never its own (issue 5: the master hears the viewers, each viewer hears the master and the other viewers). The
 * viewers also show that video starts at a keyframe soon after they connect, and keeps playing.
 */
class ChromiumAudioMixTest {
    private static final Duration CONNECT = Duration.ofSeconds(45);
    private static final Duration HEAR = Duration.ofSeconds(30);
    /** Tones far apart and off each other's harmonics, so a bin near one never catches another. */
    private static final int MASTER_HZ = 600;
    private static final int VIEWER_A_HZ = 1000;
    private static final int VIEWER_B_HZ = 1400;
    private static final int VIEWER_C_HZ = 1900;
    /**
     * dB in the browser's analyser: a heard tone shows near -30; where a tone is absent, the coding noise of a mix of
     * two others reads -57 to -68 (and below -95 when one source is forwarded untouched). Hearing oneself would read
     * like any other heard tone, about -30.
     */
    private static final int PRESENT_DB = -40;
    private static final int ABSENT_DB = -50;
    /** Consecutive one-second analyses that must agree, so one lucky window proves nothing. */
    private static final int STEADY_REPORTS = 3;
    /** Issue 5: a viewer's video starts within 500 ms of its joining (here: of its media path coming up). */
    private static final long KEYFRAME_MILLIS = 500;
    private static final int FRAMES = 30;

    @TempDir
    Path dataDir;

    @Test
    void everyoneHearsTheOthersAndNeverThemselves() throws Exception {
        Path node = BrowserParticipant.requireTools();
        String listen = MASTER_HZ + "," + VIEWER_A_HZ + "," + VIEWER_B_HZ + "," + VIEWER_C_HZ;
        try (RunningServer server = new RunningServer(dataDir, Map.of());
             StorageChannel channel = new StorageChannel(server, "tone-room")) {
            List<BrowserParticipant> all = new ArrayList<>();
            try (BrowserParticipant master = BrowserParticipant.start(node, server, channel, null,
                    Map.of("TONE_HZ", Integer.toString(MASTER_HZ), "LISTEN_HZ", listen))) {
                all.add(master);
                master.awaitEvent("open", CONNECT);
                channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                awaitConnected(master);
                try (BrowserParticipant a = viewer(node, server, channel, "viewer-a", VIEWER_A_HZ, listen);
                     BrowserParticipant b = viewer(node, server, channel, "viewer-b", VIEWER_B_HZ, listen);
                     BrowserParticipant c = viewer(node, server, channel, "viewer-c", VIEWER_C_HZ, listen)) {
                    all.add(a);
                    all.add(b);
                    all.add(c);
                    awaitHearing(master, List.of(VIEWER_A_HZ, VIEWER_B_HZ, VIEWER_C_HZ), MASTER_HZ);
                    awaitHearing(a, List.of(MASTER_HZ, VIEWER_B_HZ, VIEWER_C_HZ), VIEWER_A_HZ);
                    awaitHearing(b, List.of(MASTER_HZ, VIEWER_A_HZ, VIEWER_C_HZ), VIEWER_B_HZ);
                    awaitHearing(c, List.of(MASTER_HZ, VIEWER_A_HZ, VIEWER_B_HZ), VIEWER_C_HZ);
                    for (BrowserParticipant viewer : List.of(a, b, c)) {
                        viewer.awaitEvent(e -> "framesDecoded".equals(e.getString("event"))
                                && e.getInteger("frames") >= FRAMES, CONNECT);
                        JsonObject first = viewer.events("firstKeyframe").get(0);
                        List<JsonObject> decoded = viewer.events("framesDecoded");
                        List<JsonObject> levels = viewer.events("audioLevels");
                        System.out.printf("%s: first keyframe decoded %d ms after connecting; video %s; levels %s%n",
                                viewer == a ? "viewer-a" : viewer == b ? "viewer-b" : "viewer-c", first.getLong("millis"),
                                decoded.get(decoded.size() - 1), levels.get(levels.size() - 1).getJsonObject("levels"));
                        assertThat(first.getLong("millis")).as("first keyframe after connecting, ms; output:\n%s",
                                viewer).isLessThanOrEqualTo(KEYFRAME_MILLIS);
                    }
                }
            } finally {
                all.forEach(p -> assertThat(p.events("statusResponse")).as("%s", p).isEmpty());
            }
        }
    }

    private static BrowserParticipant viewer(Path node, RunningServer server, StorageChannel channel, String clientId,
                                             int toneHz, String listen) throws Exception {
        BrowserParticipant viewer = BrowserParticipant.start(node, server, channel, clientId,
                Map.of("TONE_HZ", Integer.toString(toneHz), "LISTEN_HZ", listen));
        viewer.awaitEvent("open", CONNECT);
        channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId(clientId));
        awaitConnected(viewer);
        return viewer;
    }

    private static void awaitConnected(BrowserParticipant participant) {
        participant.awaitEvent(e -> "connectionState".equals(e.getString("event"))
                && "connected".equals(e.getString("state")), CONNECT);
    }

    /** Waits for {@link #STEADY_REPORTS} analyses in a row where every expected tone is loud and its own is absent. */
    private static void awaitHearing(BrowserParticipant listener, List<Integer> expected, int own) {
        listener.awaitEvent(e -> steady(listener, expected, own), HEAR);
    }

    private static boolean steady(BrowserParticipant listener, List<Integer> expected, int own) {
        List<JsonObject> reports = listener.events("audioLevels");
        if (reports.size() < STEADY_REPORTS) {
            return false;
        }
        return reports.subList(reports.size() - STEADY_REPORTS, reports.size()).stream().allMatch(r -> {
            JsonObject levels = r.getJsonObject("levels");
            return expected.stream().allMatch(hz -> levels.getInteger(hz.toString()) >= PRESENT_DB)
                    && levels.getInteger(Integer.toString(own)) <= ABSENT_DB;
        });
    }
}
