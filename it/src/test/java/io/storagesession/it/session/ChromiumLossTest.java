package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's loss proof with real peers: the embedded TURN server drops 5 % of the datagrams it relays, both ways
 * ({@code turn.impairment.loss-percent}), between a Chromium master and the storage session and between the session
 * and a Chromium viewer. The server must NACK the master for what it lost (the master resends), answer the viewer's
 * NACKs from its retransmission cache (the viewer receives retransmissions), and keep the viewer's video playing;
 * the viewer must keep hearing the master's tone through the loss.
 */
class ChromiumLossTest {
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private static final int MASTER_HZ = 700;
    private static final int VIEWER_HZ = 1100;
    private static final String LOSS_PERCENT = "5";
    /** Frames the viewer decodes under loss: about ten seconds of the fake camera's 15 fps. */
    private static final int FRAMES = 150;
    private static final int PRESENT_DB = -40;
    private static final int STEADY_REPORTS = 5;

    @TempDir
    Path dataDir;

    @Test
    void videoRecoversAndAudioConcealsThroughFivePercentLoss() throws Exception {
        Path node = BrowserParticipant.requireTools();
        String listen = MASTER_HZ + "," + VIEWER_HZ;
        try (RunningServer server = new RunningServer(dataDir, Map.of("turn.impairment.loss-percent", LOSS_PERCENT));
             StorageChannel channel = new StorageChannel(server, "lossy-door")) {
            try (BrowserParticipant master = BrowserParticipant.start(node, server, channel, null,
                    Map.of("TONE_HZ", Integer.toString(MASTER_HZ), "LISTEN_HZ", listen))) {
                master.awaitEvent("open", CONNECT);
                channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                awaitConnected(master);
                try (BrowserParticipant viewer = BrowserParticipant.start(node, server, channel, "lossy-viewer",
                        Map.of("TONE_HZ", Integer.toString(VIEWER_HZ), "LISTEN_HZ", listen))) {
                    viewer.awaitEvent("open", CONNECT);
                    channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn)
                            .clientId("lossy-viewer"));
                    awaitConnected(viewer);
                    viewer.awaitEvent(e -> "framesDecoded".equals(e.getString("event"))
                            && e.getInteger("frames") >= FRAMES, CONNECT);
                    viewer.awaitEvent(e -> hearsSteadily(viewer), CONNECT);
                    JsonObject received = last(viewer, "framesDecoded");
                    JsonObject sent = last(master, "videoSent");
                    System.out.printf("under %s%% loss: viewer %s; master %s%n", LOSS_PERCENT, received, sent);
                    assertThat(received.getInteger("packetsLost")).as("the impairment really dropped video")
                            .isPositive();
                    assertThat(received.getInteger("nackCount")).as("the viewer asked for retransmissions")
                            .isPositive();
                    assertThat(received.getInteger("retransmittedPacketsReceived"))
                            .as("the server answered the viewer's NACKs from its cache").isPositive();
                    assertThat(sent.getInteger("nackCount")).as("the server NACKed the master's losses")
                            .isPositive();
                    assertThat(sent.getInteger("retransmittedPacketsSent")).as("the master resent").isPositive();
                    assertThat(viewer.events("statusResponse")).isEmpty();
                    // The server's own account of the same repairs, as an operator sees it at /metrics.
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        String metrics = server.server.metrics().scrape();
                        assertThat(series(metrics, "kvs_media_video_events_total{event=\"retransmissions\"}"))
                                .isPositive();
                        assertThat(series(metrics, "kvs_media_video_events_total{event=\"nacks-sent\"}"))
                                .isPositive();
                        assertThat(series(metrics, "kvs_media_video_events_total{event=\"recovered\"}"))
                                .isPositive();
                    });
                }
            }
        }
    }

    /** The value of one series in a Prometheus scrape; 0 when absent. */
    private static long series(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToLong(l -> Long.parseLong(
                l.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }

    private static JsonObject last(BrowserParticipant participant, String event) {
        List<JsonObject> events = participant.events(event);
        assertThat(events).as("%s events from:\n%s", event, participant).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private static void awaitConnected(BrowserParticipant participant) {
        participant.awaitEvent(e -> "connectionState".equals(e.getString("event"))
                && "connected".equals(e.getString("state")), CONNECT);
    }

    /** The master's tone loud in {@link #STEADY_REPORTS} one-second analyses in a row. */
    private static boolean hearsSteadily(BrowserParticipant viewer) {
        List<JsonObject> reports = viewer.events("audioLevels");
        if (reports.size() < STEADY_REPORTS) {
            return false;
        }
        return reports.subList(reports.size() - STEADY_REPORTS, reports.size()).stream().allMatch(r ->
                r.getJsonObject("levels").getInteger(Integer.toString(MASTER_HZ)) >= PRESENT_DB);
    }
}
