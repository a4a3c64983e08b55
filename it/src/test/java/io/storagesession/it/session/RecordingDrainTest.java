package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.StorageSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * What the recorder holds when its recording ends is delivered, not dropped: when the master leaves (DTLS
 * close_notify) and when the server is stopped while the master is still sending, the fragment being written is cut
 * and handed to PutMedia, and every fragment the recorder made is PERSISTED in the store within the upload's close
 * timeout ({@code recorder.put-media.close-timeout}, which a stop waits for before closing the store) — ListFragments
 * lists them all, after a restart too. A libwebrtc master (webrtc-java) sending H.264 through the embedded TURN server
 * to the whole server.
 */
class RecordingDrainTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration RECORDING = Duration.ofSeconds(45);
    private static final String STREAM = "drained-door";
    /** Fragments recorded before the recording is ended: the drain must deliver at least one more. */
    private static final long FRAGMENTS_BEFORE_END = 2;
    private static final String FRAGMENTS = "kvs_recorder_events_total{event=\"fragments\"}";
    private static final String PERSISTED = "kvs_put_media_events_total{event=\"persisted\"}";

    @TempDir
    Path dataDir;
    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final List<AutoCloseable> open = new ArrayList<>();
    private CustomVideoSource videoSource;
    private FramePump frames;
    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        if (frames != null) {
            frames.close();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.close();
        }
        if (videoSource != null) {
            videoSource.dispose();
        }
        factory.dispose();
        audio.dispose();
    }

    private String channelArn;

    @Test
    void theLastFragmentIsPersistedWhenTheMasterLeaves() throws Exception {
        server = new RunningServer(dataDir, Map.of());
        WebrtcParticipant master = recordingMaster();
        long before = series(FRAGMENTS);

        master.close();
        await("the master left").atMost(CONNECT).until(() -> sessions().snapshot(channelArn).isEmpty());
        await("every fragment persisted").atMost(RECORDING)
                .until(() -> series(PERSISTED) == series(FRAGMENTS) && series(FRAGMENTS) > before);
        assertThat(listedFragments(server)).isEqualTo(series(FRAGMENTS));
    }

    @Test
    void theLastFragmentIsPersistedWhenTheServerStopsWhileTheMasterSends() throws Exception {
        server = new RunningServer(dataDir, Map.of());
        recordingMaster();
        long before = series(FRAGMENTS);

        server.close();
        long recorded = series(FRAGMENTS);
        assertThat(recorded).as("the fragment being written was cut at the stop").isGreaterThan(before);
        assertThat(series(PERSISTED)).as("the stop waited for every PERSISTED").isEqualTo(recorded);
        server = new RunningServer(dataDir, Map.of());
        assertThat(listedFragments(server)).as("stored for good").isEqualTo(recorded);
    }

    /** A video-only libwebrtc master, joined, connected, and recorded for a few fragments. */
    private WebrtcParticipant recordingMaster() throws Exception {
        StorageChannel channel = new StorageChannel(server, STREAM);
        open.add(channel);
        channelArn = channel.channelArn;
        videoSource = new CustomVideoSource();
        frames = new FramePump(videoSource);
        frames.start();
        SignalingSocket socket = channel.connect(null);
        open.add(socket);
        WebrtcParticipant master = new WebrtcParticipant("camera", factory, channel.iceServers("camera"), socket,
                List.of(factory.createVideoTrack("camera", videoSource)))
                .answerAudio(RTCRtpTransceiverDirection.RECV_ONLY);
        open.add(master);
        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
        await("the master connected").atMost(CONNECT).until(() -> sessions().snapshot(channel.channelArn).stream()
                .anyMatch(p -> p.participant().equals(ParticipantId.MASTER) && p.connected()));
        await("a few fragments recorded and persisted").atMost(RECORDING)
                .until(() -> series(PERSISTED) >= FRAGMENTS_BEFORE_END);
        return master;
    }

    private StorageSessions sessions() {
        return (StorageSessions) server.server.bridge();
    }

    private long series(String series) {
        return server.server.metrics().scrape().lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst()
                .orElse(0);
    }

    private static long listedFragments(RunningServer server) {
        try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            return archive.listFragments(b -> b.streamName(STREAM).maxResults(1000L)
                    .fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.EPOCH).endTimestamp(Instant.now()
                                    .plusSeconds(60))))).fragments().size();
        }
    }
}
