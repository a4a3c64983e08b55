package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.RunningServer;
import io.storagesession.it.session.BrowserParticipant;
import io.storagesession.it.session.RecordingJudge;
import io.storagesession.it.session.StorageChannel;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * Bursts of 30 % packet loss for 2 s every 10 s on every relayed datagram, both ways (the embedded TURN server's
 * {@code turn.impairment} bursts, on the server's clock), between a Chromium master and the storage session and
 * between the session and a Chromium viewer. After every burst the viewer decodes video again within
 * {@link #RECOVERY} (the server answers its NACKs from the retransmission cache, NACKs the master and asks it for a
 * keyframe with PLI when repair is not enough) and then plays without a stall longer than {@link #MAX_CLEAN_STALL}
 * until the next burst; repairs were really asked for; nobody is disconnected; and the
 * recording of the whole time reads and decodes (AWS's MKV parser, ffmpeg on each fragment). Reliability suite
 * ({@code mvn verify -Dreliability}); {@code loss.bursts} bursts (default 6).
 */
@Tag("reliability")
class LossBurstTest {
    private static final Duration CONNECT = Duration.ofSeconds(45);
    private static final Duration BURST_EVERY = Duration.ofSeconds(10);
    private static final Duration BURST_LENGTH = Duration.ofSeconds(2);
    private static final String LOSS_PERCENT = "30";
    private static final int BURSTS = Integer.getInteger("loss.bursts", 6);
    /** From the end of a burst until the viewer's decoded frames advance again. */
    private static final Duration RECOVERY = Duration.ofSeconds(3);
    private static final Duration SAMPLE = Duration.ofMillis(250);
    /**
     * Once recovered and until the next burst, the longest time without a new decoded frame: four of the page's
     * 500 ms getStats readings, which a loaded Chromium sometimes takes late; a viewer that froze waiting for a
     * keyframe it never got stays frozen far longer.
     */
    private static final Duration MAX_CLEAN_STALL = Duration.ofSeconds(2);
    private static final String STREAM = "bursty-door";

    /** The viewer's decoded frame count at a moment. */
    private record Sample(long atMillis, int frames) {
    }

    @TempDir
    Path dataDir;

    @Test
    void viewersRecoverAfterEveryBurstAndTheRecordingStaysDecodable() throws Exception {
        Path node = BrowserParticipant.requireTools();
        RecordingJudge.requireFfmpeg();
        Map<String, Object> impairment = Map.of("turn.impairment.loss-percent", LOSS_PERCENT,
                "turn.impairment.burst-every", BURST_EVERY.toMillis() + "ms",
                "turn.impairment.burst-length", BURST_LENGTH.toMillis() + "ms");
        try (RunningServer server = new RunningServer(dataDir, impairment);
             StorageChannel channel = new StorageChannel(server, STREAM);
             BrowserParticipant master = BrowserParticipant.start(node, server, channel, null)) {
            master.awaitEvent("open", CONNECT);
            channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
            awaitConnected(master);
            try (BrowserParticipant viewer = BrowserParticipant.start(node, server, channel, "bursty-viewer")) {
                viewer.awaitEvent("open", CONNECT);
                channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn)
                        .clientId("bursty-viewer"));
                awaitConnected(viewer);
                viewer.awaitEvent("framesDecoded", CONNECT);
                long start = System.currentTimeMillis();
                List<Sample> samples = watch(viewer, start + BURSTS * BURST_EVERY.toMillis());

                for (long burstEnd : burstEnds(start, samples.get(samples.size() - 1).atMillis())) {
                    long recovered = recoveredAfter(samples, burstEnd);
                    long cleanFrom = burstEnd + RECOVERY.toMillis();
                    long cleanTo = Math.min(burstEnd - BURST_LENGTH.toMillis() + BURST_EVERY.toMillis(),
                            samples.get(samples.size() - 1).atMillis());
                    long stall = longestStall(samples, cleanFrom, cleanTo);
                    System.out.printf("burst ending at +%d ms: video decoded again %d ms after it; %d frames and a "
                            + "longest stall of %d ms between %d s after it and the next burst%n", burstEnd - start,
                            recovered, framesBetween(samples, cleanFrom, cleanTo), stall, RECOVERY.toSeconds());
                    assertThat(recovered).as("recovery after the burst ending at +%d ms", burstEnd - start)
                            .isLessThanOrEqualTo(RECOVERY.toMillis());
                    assertThat(stall).as("video between the burst ending at +%d ms and the next", burstEnd - start)
                            .isLessThanOrEqualTo(MAX_CLEAN_STALL.toMillis());
                }
                JsonObject received = last(viewer, "framesDecoded");
                JsonObject sent = last(master, "videoSent");
                System.out.printf("after %d bursts: viewer %s; master %s; server dropped %s%n", BURSTS, received,
                        sent, series(server.server.metrics().scrape(), "kvs_turn_dropped_total"));
                assertThat(received.getInteger("packetsLost")).as("the bursts dropped video").isPositive();
                assertThat(received.getInteger("nackCount") + received.getInteger("pliCount"))
                        .as("the viewer asked for repairs").isPositive();
                assertThat(sent.getInteger("nackCount") + sent.getInteger("pliCount"))
                        .as("the server asked the master for repairs").isPositive();
                assertThat(viewer.events("connectionState")).extracting(e -> e.getString("state"))
                        .doesNotContain("failed", "disconnected", "closed");
                assertThat(master.events("connectionState")).extracting(e -> e.getString("state"))
                        .doesNotContain("failed", "disconnected", "closed");
            }
            try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient.builder()
                    .httpClientBuilder(RunningServer.http()))) {
                List<Fragment> fragments = RecordingJudge.awaitFragments(archive, STREAM, BURSTS, CONNECT);
                RecordingJudge.Report report = RecordingJudge.judgeStored(archive, STREAM, fragments,
                        Files.createDirectories(dataDir.resolve("judged")), false);
                System.out.printf("recording through the bursts: %s%n", report);
                assertThat(report.clusters()).isEqualTo(fragments.size());
            }
        }
    }

    /** Samples the viewer's decoded frames until {@code untilMillis}. */
    private static List<Sample> watch(BrowserParticipant viewer, long untilMillis) throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        while (System.currentTimeMillis() < untilMillis) {
            samples.add(new Sample(System.currentTimeMillis(), last(viewer, "framesDecoded").getInteger("frames")));
            Thread.sleep(SAMPLE.toMillis());
        }
        return samples;
    }

    /** The ends of the bursts (on the server's clock, the same wall clock) between {@code from} and {@code to}. */
    private static List<Long> burstEnds(long from, long to) {
        long every = BURST_EVERY.toMillis();
        List<Long> ends = new ArrayList<>();
        for (long end = from - Math.floorMod(from, every) + BURST_LENGTH.toMillis(); end + RECOVERY.toMillis() < to;
                end += every) {
            if (end > from) {
                ends.add(end);
            }
        }
        return ends;
    }

    /** How long after {@code burstEnd} the decoded frames first advanced (from the last count before it). */
    private static long recoveredAfter(List<Sample> samples, long burstEnd) {
        int before = samples.stream().filter(s -> s.atMillis() <= burstEnd).mapToInt(Sample::frames).max()
                .orElseThrow();
        return samples.stream().filter(s -> s.atMillis() > burstEnd && s.frames() > before).mapToLong(
                s -> s.atMillis() - burstEnd).findFirst().orElse(Long.MAX_VALUE);
    }

    private static int framesBetween(List<Sample> samples, long from, long to) {
        IntSummaryStatistics within = samples.stream().filter(s -> s.atMillis() >= from && s.atMillis() <= to)
                .mapToInt(Sample::frames).summaryStatistics();
        return within.getCount() == 0 ? 0 : within.getMax() - within.getMin();
    }

    /** The longest time within [from, to] during which the decoded frame count did not change. */
    private static long longestStall(List<Sample> samples, long from, long to) {
        long longest = 0;
        Sample changed = null;
        for (Sample s : samples) {
            if (s.atMillis() < from || s.atMillis() > to) {
                continue;
            }
            if (changed == null || s.frames() != changed.frames()) {
                changed = s;
            }
            longest = Math.max(longest, s.atMillis() - changed.atMillis());
        }
        return longest;
    }

    private static void awaitConnected(BrowserParticipant participant) {
        participant.awaitEvent(e -> "connectionState".equals(e.getString("event"))
                && "connected".equals(e.getString("state")), CONNECT);
    }

    private static JsonObject last(BrowserParticipant participant, String event) {
        List<JsonObject> events = participant.events(event);
        assertThat(events).as("%s events from:\n%s", event, participant).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private static String series(String scrape, String prefix) {
        return String.join("; ", scrape.lines().filter(l -> l.startsWith(prefix)).toList());
    }
}
