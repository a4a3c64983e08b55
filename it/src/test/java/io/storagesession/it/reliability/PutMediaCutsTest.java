package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.session.RecordingJudge;
import io.storagesession.it.session.StorageChannel;
import io.storagesession.it.session.WebrtcParticipant;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.StorageSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * A recording whose PutMedia connection is cut every {@code put-media-cuts.every} (10 s) for
 * {@code put-media-cuts.duration} (10 minutes): system properties in ISO-8601, e.g.
 * {@code -Dput-media-cuts.duration=PT40S} for a short run. A libwebrtc master (webrtc-java, H.264 and Opus) records
 * into a channel; the recorder uploads over HTTP ({@code recorder.put-media.in-process = false}) to a
 * {@link CuttingProxy}, which forwards to the server's own store and resets every connection it carries each period:
 * in turn at once (the connection is mostly idle between fragments), halfway through the next upload (a fragment
 * half sent must be sent again), and in place of the next PERSISTED acknowledgement (a fragment stored whose
 * producer never hears it: the at-least-once window, where a resend would store it twice).
 *
 * <p>What "not lost" means, from the recorder's side: every fragment the recorder handed to its upload
 * ({@code kvs_recorder_events_total{event="fragments"}}) is PERSISTED exactly once. The upload keeps each fragment
 * until its PERSISTED acknowledgement (60 s of media) and resends it on the next connection, so a cut justifies no
 * loss at all: no fragment given up or refused, the store lists exactly as many fragments as the recorder made, with
 * producer timestamps strictly increasing in fragment-number order (a duplicate repeats one), each starting where the
 * previous one ended (a lost fragment would leave at least {@code recorder.fragments.min-duration}, 2 s, uncovered).
 * The whole recording is then judged as consumers read it (AWS's MKV parser, ffmpeg decoding every fragment).
 */
@Tag("reliability")
class PutMediaCutsTest {
    private static final Duration DURATION = Duration.parse(System.getProperty("put-media-cuts.duration", "PT10M"));
    private static final Duration EVERY = Duration.parse(System.getProperty("put-media-cuts.every", "PT10S"));
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** The upload's close waits up to recorder.put-media.close-timeout (15 s) for the last acknowledgements. */
    private static final Duration UPLOAD_END = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofMinutes(1);
    /**
     * Longer than the run: the signaling hub's idle timeout (10 min, as AWS's; the master says nothing on its
     * WebSocket once connected) and the TURN credentials' Ttl (5 min, as KVS's). The embedded TURN server refuses
     * refreshes made with an expired credential, so with the shipped Ttl libwebrtc's relay permissions lapse about
     * 9 minutes in and the master's consent expires: a TURN matter, not this test's.
     */
    private static final Duration OUTLIVES_THE_RUN = DURATION.plusMinutes(5);
    /** JoinStorageSession is limited to 2 calls per second per channel (KVS-WIRE.md §3). */
    private static final long QUOTA_PAUSE_MILLIS = 600;
    /**
     * recorder.fragments.min-duration as shipped: a fragment lost between two stored ones leaves at least this much
     * of the recording uncovered, while the gap between fragments recorded back to back is a frame interval and the
     * recorder's arrival jitter.
     */
    private static final long MAX_GAP_MILLIS = 2_000;
    /**
     * How far a fragment's first audio may be from its keyframe: ten audio frames. The recorder's A/V alignment
     * (40 ms) is the recording tests' subject, and ten minutes on a loaded machine moved one fragment's audio to
     * 49 ms; a cut cannot move media inside a fragment, which is stored whole or not at all.
     */
    private static final long AUDIO_WITH_VIDEO_MILLIS = 200;
    private static final String STREAM = "cut-door";
    private static final String FRAGMENTS = "kvs_recorder_events_total{event=\"fragments\"}";
    private static final String PERSISTED = "kvs_put_media_events_total{event=\"persisted\"}";
    private static final String DROPPED = "kvs_put_media_events_total{event=\"dropped\"}";
    private static final String REJECTED = "kvs_put_media_events_total{event=\"rejected\"}";
    private static final String RESENT = "kvs_put_media_events_total{event=\"resent\"}";
    private static final String CONNECTED = "kvs_put_media_events_total{event=\"connected\"}";
    private static final String FAILED = "kvs_put_media_events_total{event=\"connection-failed\"}";
    private static final String BUFFERED = "kvs_put_media_buffered_fragments";
    private static final String STORED_AGAIN = "kvs_media_store_fragments_resent_total";

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
        if (videoSource != null) {
            videoSource.dispose();
        }
        factory.dispose();
        audio.dispose();
    }

    @Test
    void everyFragmentTheRecorderMadeIsPersistedOnceAndInOrderThoughItsConnectionIsCutEveryTenSeconds()
            throws Exception {
        RecordingJudge.requireFfmpeg();
        CuttingProxy proxy = new CuttingProxy();
        open.add(proxy);
        server = new RunningServer(dataDir.resolve("server"), Map.of("recorder.put-media.in-process", false,
                "recorder.put-media.endpoint", "http://127.0.0.1:" + proxy.port(),
                "signaling.hub.idle-timeout", OUTLIVES_THE_RUN.toMillis() + "ms",
                "signaling.ice.credential-ttl", OUTLIVES_THE_RUN.toMillis() + "ms"));
        open.add(server);
        proxy.forwardTo(server.server.httpPort());
        StorageChannel channel = new StorageChannel(server, STREAM);
        open.add(channel);
        WebrtcParticipant master = joinedMaster(channel);
        await("the first fragment persisted through the proxy").atMost(CONNECT.multipliedBy(2))
                .until(() -> series(PERSISTED) > 0);

        proxy.cutEvery(EVERY);
        Instant start = Instant.now();
        for (Duration left = DURATION; !left.isNegative() && !left.isZero();
             left = DURATION.minus(Duration.between(start, Instant.now()))) {
            Thread.sleep(Math.min(left.toMillis(), PROGRESS.toMillis()));
            System.out.printf("put-media cuts: %s in, %d cuts, %d connections (%d cut); %d fragments, %d persisted, "
                            + "%d resent%n", Duration.between(start, Instant.now()).withNanos(0), proxy.cuts(),
                    proxy.connections(), proxy.connectionsCut(), series(FRAGMENTS), series(PERSISTED), series(RESENT));
        }
        proxy.stopCutting();
        assertThat(masterConnected(channel)).as("the master recorded for the whole run").isTrue();
        master.close();
        await("the recording ended and its upload settled").atMost(UPLOAD_END).until(() -> series(FRAGMENTS) > 0
                && series(BUFFERED) == 0 && series(PERSISTED) + series(DROPPED) + series(REJECTED)
                == series(FRAGMENTS));

        long made = series(FRAGMENTS);
        System.out.printf("put-media cuts: %d cuts over %s (landed: %d at once, %d mid-upload, %d on a PERSISTED "
                        + "ack), %d connections through the proxy (%d cut), %d connected, %d failed; recorder made "
                        + "%d fragments: %d persisted, %d resent, %d given up, %d refused%n", proxy.cuts(), DURATION,
                proxy.landed(CuttingProxy.Cut.IMMEDIATE), proxy.landed(CuttingProxy.Cut.MID_UPLOAD),
                proxy.landed(CuttingProxy.Cut.PERSISTED_ACK_LOST), proxy.connections(), proxy.connectionsCut(),
                series(CONNECTED), series(FAILED), made, series(PERSISTED), series(RESENT), series(DROPPED),
                series(REJECTED));
        assertThat(proxy.connectionsCut()).as("connections the proxy cut").isPositive();
        assertThat(series(DROPPED)).as("fragments given up").isZero();
        assertThat(series(REJECTED)).as("fragments refused").isZero();
        assertThat(series(PERSISTED)).as("fragments persisted").isEqualTo(made);
        System.out.printf("put-media cuts: the store recognised %d fragment(s) sent again after a lost PERSISTED%n",
                series(STORED_AGAIN));
        assertThat(series(STORED_AGAIN)).as("resends of stored fragments whose PERSISTED the proxy dropped")
                .isGreaterThanOrEqualTo(proxy.landed(CuttingProxy.Cut.PERSISTED_ACK_LOST));
        judgeTheStore(made);
    }

    /** What the store holds: exactly the recorder's fragments, once each, in order, without gaps, decodable. */
    private void judgeTheStore(long made) throws Exception {
        try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            List<Fragment> stored = new ArrayList<>(archive.listFragments(b -> b.streamName(STREAM).maxResults(1000L)
                    .fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.EPOCH).endTimestamp(Instant.now()))))
                    .fragments());
            stored.sort(Comparator.comparing(f -> Long.parseLong(f.fragmentNumber())));
            long maxGap = 0;
            for (int i = 1; i < stored.size(); i++) {
                Fragment previous = stored.get(i - 1);
                Fragment f = stored.get(i);
                assertThat(f.producerTimestamp()).as("fragment %d (%s) after %s", i, f.fragmentNumber(),
                        previous.fragmentNumber()).isAfter(previous.producerTimestamp());
                long gap = f.producerTimestamp().toEpochMilli() - previous.producerTimestamp().toEpochMilli()
                        - previous.fragmentLengthInMilliseconds();
                maxGap = Math.max(maxGap, gap);
                assertThat(gap).as("media missing before fragment %d (%s)", i, f.fragmentNumber())
                        .isLessThan(MAX_GAP_MILLIS);
            }
            System.out.printf("put-media cuts: the store lists %d fragments, producer timestamps strictly "
                    + "increasing, largest gap %d ms%n", stored.size(), maxGap);
            assertThat(stored).as("fragments stored, against the recorder's").hasSize((int) made);

            List<String> numbers = stored.stream().map(Fragment::fragmentNumber).toList();
            List<byte[]> each = new ArrayList<>();
            for (String number : numbers) {
                each.add(archive.getMediaForFragmentList(b -> b.streamName(STREAM).fragments(number),
                        ResponseTransformer.toBytes()).asByteArray());
            }
            byte[] all = archive.getMediaForFragmentList(b -> b.streamName(STREAM).fragments(numbers),
                    ResponseTransformer.toBytes()).asByteArray();
            RecordingJudge.Report report = RecordingJudge.judge(all, each, dataDir, AUDIO_WITH_VIDEO_MILLIS);
            System.out.printf("put-media cuts: judged %s%n", report);
            assertThat(report.clusters()).isEqualTo(stored.size());
        }
    }

    /** A libwebrtc master sending H.264 and Opus, joined to the channel's storage session and connected. */
    private WebrtcParticipant joinedMaster(StorageChannel channel) throws Exception {
        videoSource = new CustomVideoSource();
        frames = new FramePump(videoSource);
        frames.start();
        List<MediaStreamTrack> tracks = List.of(factory.createVideoTrack("camera", videoSource),
                factory.createAudioTrack("camera-mic", factory.createAudioSource(new AudioOptions())));
        SignalingSocket socket = channel.connect(null);
        open.add(socket);
        WebrtcParticipant master = new WebrtcParticipant("master", factory, channel.iceServers("master"), socket,
                tracks);
        open.add(master);
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
        await("the master connected with H.264 and Opus").atMost(CONNECT).until(() -> masterConnected(channel));
        return master;
    }

    private boolean masterConnected(StorageChannel channel) throws Exception {
        return ((StorageSessions) server.server.bridge()).snapshot(channel.channelArn).stream().anyMatch(p -> p
                .participant().equals(ParticipantId.MASTER) && p.connected() && p.sawIdr() && p.audioPackets() > 0);
    }

    private long series(String series) {
        return server.server.metrics().scrape().lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst()
                .orElse(0);
    }
}
