package io.storagesession.it.session;

import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.PeerSnapshot;
import io.storagesession.webrtc.StorageSessions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (never asserts) what issue 4 asks of joins, on loopback with the embedded TURN server: the time from the
 * JoinStorageSession call reaching the server to DTLS connected and to the first media packet, for
 * {@value #JOINS} joins of a libwebrtc master on fresh channels, one after another; then the heap and threads each
 * idle connected master costs the server. Run: {@code mvn -pl it verify -Dbenchmarks
 * -Dtest=StorageSessionJoinBenchmark}; results go to stdout.
 */
@Tag("benchmark")
class StorageSessionJoinBenchmark {
    private static final int JOINS = Integer.getInteger("bench.joins", 50);
    /** Joins first run and not counted: class loading, JIT, first TLS and TURN use. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int IDLE_PEERS = Integer.getInteger("bench.idle", 20);
    private static final Duration CONNECT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void joinToConnectedAndFirstMedia() throws Exception {
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        CustomVideoSource source = new CustomVideoSource();
        FramePump frames = new FramePump(source);
        frames.start();
        MediaStreamTrack video = factory.createVideoTrack("camera", source);
        MediaStreamTrack mic = factory.createAudioTrack("mic", factory.createAudioSource(new AudioOptions()));
        try (RunningServer server = new RunningServer(dataDir, Map.of())) {
            StorageSessions sessions = (StorageSessions) server.server.bridge();
            double[] connected = new double[JOINS + WARMUP];
            double[] firstMedia = new double[JOINS + WARMUP];
            for (int i = 0; i < JOINS + WARMUP; i++) {
                try (StorageChannel channel = new StorageChannel(server, "bench-" + i);
                     SignalingSocket socket = channel.connect(null)) {
                    WebrtcParticipant master = new WebrtcParticipant("master-" + i, factory,
                            channel.iceServers("master"), socket, List.of(video, mic));
                    try {
                        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                        PeerSnapshot done = await().atMost(CONNECT).until(() -> master(sessions, channel.channelArn),
                                p -> p.isPresent() && p.get().joinToFirstMediaMillis() >= 0
                                        && p.get().joinToConnectedMillis() >= 0).orElseThrow();
                        connected[i] = done.joinToConnectedMillis();
                        firstMedia[i] = done.joinToFirstMediaMillis();
                    } finally {
                        master.close();
                    }
                }
            }
            connected = Arrays.copyOfRange(connected, WARMUP, connected.length);
            firstMedia = Arrays.copyOfRange(firstMedia, WARMUP, firstMedia.length);
            System.out.printf("BENCH joins=%d join->DTLS connected ms: p50=%.1f p95=%.1f max=%.1f%n", JOINS,
                    percentile(connected, 50), percentile(connected, 95), percentile(connected, 100));
            System.out.printf("BENCH joins=%d join->first media ms:   p50=%.1f p95=%.1f max=%.1f%n", JOINS,
                    percentile(firstMedia, 50), percentile(firstMedia, 95), percentile(firstMedia, 100));
            System.out.println("BENCH raw connected=" + Arrays.toString(connected));
            System.out.println("BENCH raw first media=" + Arrays.toString(firstMedia));
            idleCost(server, sessions, factory, video, mic);
        } finally {
            frames.close();
            video.dispose();
            mic.dispose();
            source.dispose();
            factory.dispose();
            audio.dispose();
        }
    }

    /** Heap and threads per idle connected master: the delta over {@value #IDLE_PEERS} of them, after GC. */
    private void idleCost(RunningServer server, StorageSessions sessions, PeerConnectionFactory factory,
                          MediaStreamTrack video, MediaStreamTrack mic) throws Exception {
        Thread.sleep(3000);
        Map<String, Integer> threadsBefore = threadsByPrefix();
        long heapBefore = heapAfterGc();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE_PEERS; i++) {
                StorageChannel channel = new StorageChannel(server, "idle-" + i);
                SignalingSocket socket = channel.connect(null);
                WebrtcParticipant master = new WebrtcParticipant("idle-" + i, factory, channel.iceServers("master"),
                        socket, List.of(video, mic));
                open.add(channel);
                open.add(socket);
                open.add(master);
                channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                await().atMost(CONNECT).until(() -> master(sessions, channel.channelArn)
                        .filter(PeerSnapshot::connected).isPresent());
            }
            Thread.sleep(3000);
            Map<String, Integer> threadsAfter = threadsByPrefix();
            long heapAfter = heapAfterGc();
            int threadDelta = threadsAfter.values().stream().mapToInt(Integer::intValue).sum()
                    - threadsBefore.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("BENCH idle connected masters=%d: heap %.1f KiB per peer, %.2f threads per peer "
                    + "(process-wide, includes the libwebrtc peers in this JVM)%n", IDLE_PEERS,
                    (heapAfter - heapBefore) / 1024.0 / IDLE_PEERS, threadDelta / (double) IDLE_PEERS);
            System.out.println("BENCH threads before=" + threadsBefore);
            System.out.println("BENCH threads after=" + threadsAfter);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static Optional<PeerSnapshot> master(StorageSessions sessions, String channelArn) throws Exception {
        return sessions.snapshot(channelArn).stream().filter(p -> p.participant().equals(ParticipantId.MASTER))
                .findFirst();
    }

    private static Map<String, Integer> threadsByPrefix() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String prefix = t.getName().replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-.*$", "");
            counts.merge(prefix, 1, Integer::sum);
        }
        return counts;
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
