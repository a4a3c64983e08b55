package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.bench.turn.CoturnServer;
import io.storagesession.bench.turn.LoopbackPorts;
import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.media.ParticipantId;
import io.storagesession.turn.RestCredentials;
import io.storagesession.webrtc.PeerSnapshot;
import io.storagesession.webrtc.StorageSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master that vanishes without a DTLS close_notify, as a camera losing power or the KVS C SDK sample stopped with
 * SIGKILL does, against the server's default ICE consent freshness (RFC 7675 §5.1: 5 s checks, consent expires 30 s
 * after the last authenticated answer). The libwebrtc master reaches the server only through an external coturn,
 * its relay; the test kills coturn with SIGKILL, so the master's packets and its answers to the server's consent
 * checks stop mid-session with nothing said. The server must close that master within the 30 s (and not long before
 * the last answer it had could have aged out), count the close under "consent-expired", and record the master that
 * joins next at once: a headless Chromium with the KVS JS SDK, a second kind of peer, whose recording must start and
 * persist.
 */
class VanishedMasterTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** Headless Chromium's start and connect on a loaded 2-core machine, as in ChromiumRecordingTest. */
    private static final Duration BROWSER = Duration.ofSeconds(45);
    /** JoinStorageSession is limited to 2 calls per second per channel (KVS-WIRE.md §3). */
    private static final long QUOTA_PAUSE_MILLIS = 600;
    /** reference.conf's storage-session.ice.consent-timeout and consent-interval, which this test leaves as shipped. */
    private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONSENT_INTERVAL = Duration.ofSeconds(5);
    /** The master's last answer can precede the kill by one randomized interval (1.2 x) and a round trip. */
    private static final Duration EARLIEST_CLOSE = CONSENT_TIMEOUT.minus(CONSENT_INTERVAL.multipliedBy(12)
            .dividedBy(10)).minusSeconds(1);
    /** How often the test looks at /metrics, the only slack it allows beyond the consent timeout. */
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RECORDING = Duration.ofSeconds(45);
    private static final String CONSENT_EXPIRED = "kvs_storage_session_peers_closed_total{reason=\"consent-expired\"}";
    private static final String FRAGMENTS = "kvs_recorder_events_total{event=\"fragments\"}";
    private static final String STREAM_HEADERS = "kvs_recorder_events_total{event=\"stream-headers\"}";
    private static final String PERSISTED = "kvs_put_media_events_total{event=\"persisted\"}";

    @TempDir
    Path dataDir;

    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final List<AutoCloseable> open = new ArrayList<>();
    private CustomVideoSource videoSource;
    private FramePump frames;
    private CoturnServer coturn;
    private RunningServer server;
    private StorageChannel channel;

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
            channel.close();
        }
        if (coturn != null) {
            coturn.close();
        }
        if (videoSource != null) {
            videoSource.dispose();
        }
        factory.dispose();
        audio.dispose();
    }

    @Test
    void aMasterThatVanishesIsClosedWhenConsentExpiresAndTheNextMasterIsRecordedAtOnce() throws Exception {
        Path node = BrowserParticipant.requireTools();
        Path turnserver = ExternalTool.require("turnserver", "apt-get install coturn");
        coturn = CoturnServer.start(turnserver.toString(), LoopbackPorts.freeUdpAndTcp(),
                Files.createDirectories(dataDir.resolve("coturn")));
        server = new RunningServer(dataDir.resolve("server"), Map.of());
        channel = new StorageChannel(server, "front-door");
        videoSource = new CustomVideoSource();
        frames = new FramePump(videoSource);
        frames.start();

        SignalingSocket cameraSignaling = channel.connect(null);
        open.add(cameraSignaling);
        WebrtcParticipant camera = join(cameraSignaling, List.of(coturnServer()));
        await("libwebrtc answers the server's consent checks, which renew its consent").atMost(
                CONSENT_INTERVAL.multipliedBy(4)).pollInterval(POLL)
                .until(() -> masterSnapshot().orElseThrow().consentAnswers() >= 2);

        Instant killed = Instant.now();
        ProcessHandle.of(coturn.pid()).orElseThrow().destroyForcibly(); // SIGKILL: coturn's relay vanishes at once
        await("the vanished master closed for lack of consent").atMost(CONSENT_TIMEOUT.plus(POLL)).pollInterval(POLL)
                .until(() -> series(CONSENT_EXPIRED) == 1);
        Duration took = Duration.between(killed, Instant.now());
        assertThat(took).as("closed by consent expiry, not by anything sooner").isGreaterThan(EARLIEST_CLOSE);
        assertThat(masterSnapshot()).isEmpty();
        assertThat(server.server.metrics().scrape()).doesNotContain("reason=\"idle\"", "reason=\"dtls-closed\"");
        // Its close_notify now goes to the dead relay, long after the server let it go; its WebSocket leaves too, so
        // the next master is the channel's only one.
        camera.close();
        cameraSignaling.close();
        long fragmentsBefore = series(FRAGMENTS);
        long headersBefore = series(STREAM_HEADERS);

        try (BrowserParticipant chromium = BrowserParticipant.start(node, server, channel, null,
                Map.of("TONE_HZ", "440", "LISTEN_HZ", "[]"))) {
            chromium.awaitEvent("open", BROWSER);
            channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
            chromium.awaitServerSide("the next master connected", BROWSER,
                    () -> masterSnapshot().filter(PeerSnapshot::connected).isPresent());
            chromium.awaitServerSide("the next master recorded and persisted", RECORDING,
                    () -> series(STREAM_HEADERS) > headersBefore && series(FRAGMENTS) > fragmentsBefore
                            && series(PERSISTED) > 0);
            chromium.awaitServerSide("Chromium answers the consent checks too", CONSENT_INTERVAL.multipliedBy(3),
                    () -> masterSnapshot().map(PeerSnapshot::consentAnswers).orElse(0L) > 0);
        }
        assertThat(series(CONSENT_EXPIRED)).isEqualTo(1);
    }

    /** The master's only way to the server: coturn, with REST credentials from its shared secret. */
    private RTCIceServer coturnServer() {
        RestCredentials credentials = RestCredentials.issue(coturn.secret(), "camera", Instant.now().plusSeconds(3600));
        RTCIceServer ice = new RTCIceServer();
        ice.urls = List.of("turn:127.0.0.1:" + coturn.port() + "?transport=udp");
        ice.username = credentials.username();
        ice.password = credentials.password();
        return ice;
    }

    /** A libwebrtc master sending H.264 and Opus, joined and connected with both on the server's side. */
    private WebrtcParticipant join(SignalingSocket socket, List<RTCIceServer> iceServers) throws Exception {
        List<MediaStreamTrack> tracks = List.of(factory.createVideoTrack("camera-video", videoSource),
                factory.createAudioTrack("camera-mic", factory.createAudioSource(new AudioOptions())));
        WebrtcParticipant master = new WebrtcParticipant("camera", factory, iceServers, socket, tracks);
        open.add(master);
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
        await("the camera connected with H.264 and Opus").atMost(CONNECT).until(() -> masterSnapshot()
                .filter(p -> p.connected() && p.sawIdr() && p.audioPackets() > 0).isPresent());
        assertThat(master.statusResponses).isEmpty();
        return master;
    }

    private Optional<PeerSnapshot> masterSnapshot() throws Exception {
        return ((StorageSessions) server.server.bridge()).snapshot(channel.channelArn).stream()
                .filter(p -> p.participant().equals(ParticipantId.MASTER)).findFirst();
    }

    private long series(String series) {
        return server.server.metrics().scrape().lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst()
                .orElse(0);
    }
}
