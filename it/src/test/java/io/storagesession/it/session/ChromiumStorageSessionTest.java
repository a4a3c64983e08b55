package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.RunningServer;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.PeerSnapshot;
import io.storagesession.webrtc.StorageSessions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium with the official KVS JS SDK (its browser bundle's SignalingClient) as the storage session's
 * master and then as a viewer, through the embedded TURN server: Chromium's own WebRTC stack answers the server's
 * offer, and the server receives its H.264 (SPS and IDR seen) and Opus; the viewer connects and decodes the master's
 * video as the server forwards it.
 */
class ChromiumStorageSessionTest {
    private static final Duration CONNECT = Duration.ofSeconds(45);
    /** Frames the Chromium viewer must decode of the master's forwarded video (the fake camera runs at 15 fps). */
    private static final int FRAMES = 30;

    @TempDir
    Path dataDir;

    @Test
    void chromiumWithTheKvsJsSdkJoinsAsMasterAndAsViewer() throws Exception {
        Path node = BrowserParticipant.requireTools();
        try (RunningServer server = new RunningServer(dataDir, Map.of());
             StorageChannel channel = new StorageChannel(server, "browser-door")) {
            StorageSessions sessions = (StorageSessions) server.server.bridge();
            try (BrowserParticipant master = BrowserParticipant.start(node, server, channel, null)) {
                master.awaitEvent("open", CONNECT);
                channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                master.awaitServerSide("Chromium master connected with H.264 (SPS, IDR) and Opus", CONNECT,
                        () -> peer(sessions, channel, ParticipantId.MASTER).filter(p -> p.connected()
                                && p.sawSps() && p.sawIdr() && p.audioPackets() > 0).isPresent());
                assertThat(master.events("remoteCandidate")).isNotEmpty()
                        .allMatch(e -> e.getString("candidate").contains(" typ relay "));
                assertThat(master.events("statusResponse")).isEmpty();
                master.awaitEvent(e -> "connectionState".equals(e.getString("event"))
                        && "connected".equals(e.getString("state")), CONNECT);

                try (BrowserParticipant viewer = BrowserParticipant.start(node, server, channel, "chromium-viewer")) {
                    viewer.awaitEvent("open", CONNECT);
                    channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn)
                            .clientId("chromium-viewer"));
                    viewer.awaitServerSide("Chromium viewer connected", CONNECT, () -> peer(sessions, channel,
                            ParticipantId.viewer("chromium-viewer")).filter(PeerSnapshot::connected).isPresent());
                    viewer.awaitEvent(e -> "framesDecoded".equals(e.getString("event"))
                            && e.getInteger("frames") >= FRAMES, CONNECT);
                    assertThat(viewer.events("statusResponse")).isEmpty();
                }
            }
        }
    }

    private static Optional<PeerSnapshot> peer(StorageSessions sessions, StorageChannel channel, ParticipantId id)
            throws Exception {
        return sessions.snapshot(channel.channelArn).stream().filter(p -> p.participant().equals(id)).findFirst();
    }

    /** The ICE servers as the page's RTCPeerConnection takes them. */
    static String iceServersJson(StorageChannel channel, String clientId) {
        JsonArray list = new JsonArray();
        channel.iceServers(clientId).forEach(s -> list.add(new JsonObject().put("urls", new JsonArray(s.urls))
                .put("username", s.username).put("credential", s.password)));
        return list.encode();
    }
}
