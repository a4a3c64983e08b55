package io.storagesession.it.session;

import static org.awaitility.Awaitility.await;

import com.sun.management.ThreadMXBean;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.webrtc.PeerSnapshot;
import io.storagesession.webrtc.StorageSessions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (never asserts) what the whole media path allocates in steady state, below and above the JMH-measured
 * forwarding path: a libwebrtc master sending video and audio and three libwebrtc viewers sending audio, through the
 * embedded TURN server, all in this JVM. Over a {@value #WINDOW_SECONDS} s window it prints the bytes each group of
 * threads allocated (thread names with their numbers stripped), and the total per packet the server received. The
 * peers' own Java threads (webrtc-java callbacks, the frame pump) are in the list too; read it by name. Run:
 * {@code mvn -pl it verify -Dbenchmarks -Dtest=MediaPathAllocationBenchmark}; results go to stdout.
 */
@Tag("benchmark")
class MediaPathAllocationBenchmark {
    private static final int WINDOW_SECONDS = Integer.getInteger("bench.window", 10);
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final long QUOTA_PAUSE_MILLIS = 600;

    @TempDir
    Path dataDir;

    @Test
    void allocationByThreadWhileForwardingAndMixing() throws Exception {
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        CustomVideoSource source = new CustomVideoSource();
        List<AutoCloseable> open = new ArrayList<>();
        try (FramePump frames = new FramePump(source);
             RunningServer server = new RunningServer(dataDir, Map.of());
             StorageChannel channel = new StorageChannel(server, "allocation")) {
            frames.start();
            StorageSessions sessions = (StorageSessions) server.server.bridge();
            MediaStreamTrack video = factory.createVideoTrack("camera", source);
            open.add(participant(factory, channel, null, List.of(video, mic(factory, "master-mic")), open));
            channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
            List<WebrtcParticipant> viewers = new ArrayList<>();
            for (String id : List.of("v1", "v2", "v3")) {
                Thread.sleep(QUOTA_PAUSE_MILLIS);
                WebrtcParticipant viewer = participant(factory, channel, id, List.of(mic(factory, id + "-mic")),
                        open);
                open.add(viewer);
                viewers.add(viewer);
                channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId(id));
            }
            for (WebrtcParticipant viewer : viewers) {
                await().atMost(CONNECT).until(() -> viewer.framesDecoded.get() >= 30);
            }
            Thread.sleep(5_000);
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = threads.getAllThreadIds();
            long[] before = threads.getThreadAllocatedBytes(ids);
            long packetsBefore = packets(sessions, channel);
            Thread.sleep(WINDOW_SECONDS * 1_000L);
            long[] after = threads.getThreadAllocatedBytes(ids);
            long packets = packets(sessions, channel) - packetsBefore;
            ThreadInfo[] infos = threads.getThreadInfo(ids);
            Map<String, Long> byGroup = new HashMap<>();
            long total = 0;
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] == null || before[i] < 0 || after[i] < 0) {
                    continue;
                }
                long bytes = after[i] - before[i];
                total += bytes;
                byGroup.merge(infos[i].getThreadName().replaceAll("[0-9]+", "#"), bytes, Long::sum);
            }
            System.out.printf("BENCH media path: %d packets received by the server in %d s, %d bytes allocated by "
                    + "all threads, %.0f B per received packet%n", packets, WINDOW_SECONDS, total,
                    total / (double) Math.max(1, packets));
            byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                    .forEach(e -> System.out.printf("BENCH   %-60s %,14d B  %8.1f B/packet%n", e.getKey(),
                            e.getValue(), e.getValue() / (double) Math.max(1, packets)));
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
            source.dispose();
            factory.dispose();
            audio.dispose();
        }
    }

    private static long packets(StorageSessions sessions, StorageChannel channel) throws Exception {
        return sessions.snapshot(channel.channelArn).stream().mapToLong(PeerSnapshot::packets).sum();
    }

    private static MediaStreamTrack mic(PeerConnectionFactory factory, String id) {
        return factory.createAudioTrack(id, factory.createAudioSource(new AudioOptions()));
    }

    /** A participant with its signaling connection; both go into {@code open}, to be closed in reverse order. */
    private static WebrtcParticipant participant(PeerConnectionFactory factory, StorageChannel channel,
                                                 String clientId, List<MediaStreamTrack> tracks,
                                                 List<AutoCloseable> open) throws Exception {
        String name = clientId == null ? "master" : clientId;
        SignalingSocket socket = channel.connect(clientId);
        open.add(socket);
        return new WebrtcParticipant(name, factory, channel.iceServers(name), socket, tracks);
    }
}
