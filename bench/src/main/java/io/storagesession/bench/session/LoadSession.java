package io.storagesession.bench.session;

import io.storagesession.console.UrlPresigner;
import io.storagesession.bench.session.peer.PeerKind;
import io.storagesession.bench.session.peer.PeerLoop;
import io.storagesession.bench.session.peer.PeerSettings;
import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.bench.session.relay.TurnRelay;
import io.storagesession.bench.turn.TurnUdpClient;
import io.vertx.core.http.WebSocketClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;

/**
 * One storage session driven from outside, step by step as a KVS application does it: a signaling channel and a
 * stream (CreateSignalingChannel, CreateStream, UpdateMediaStorageConfiguration), the channel's endpoints
 * (GetSignalingChannelEndpoint for WSS, HTTPS and WEBRTC), then per participant GetIceServerConfig, a TURN allocation
 * with those credentials, a presigned signaling WebSocket (ConnectAsMaster / ConnectAsViewer with X-Amz-ClientId) and
 * JoinStorageSession / JoinStorageSessionAsViewer — repeated every {@link #REJOIN_NANOS} until an offer comes, as the
 * SDKs do (KVS-WIRE.md §3). Setup runs on the caller's thread and blocks; media then runs on the {@link
 * io.storagesession.bench.session.peer.PeerLoop}. Participants may also join later ({@link #add}) and leave one by one
 * ({@link #leave}), and all may leave and come back on the same channel ({@link #leaveAll}), as a soak churns them.
 * Everything but the media runs on one caller thread. Public for the reliability suite ({@code it}), which keeps one
 * such session running while it abuses the server.
 */
public final class LoadSession implements AutoCloseable {
    /** KVS clients retry JoinStorageSession about every 6 s until an offer arrives (KVS-WIRE.md §3). */
    static final long REJOIN_NANOS = 6_000_000_000L;
    /** The master's clientId in participant names (a master connects without one). */
    static final String MASTER = "master";
    private static final Duration PRESIGN_EXPIRY = Duration.ofMinutes(5);
    private static final int DATA_RETENTION_HOURS = 1;
    private static final long CONNECT_TIMEOUT_SECONDS = 10;
    private static final String UDP_TURN = "transport=udp";
    /** KVS allows 3 signaling connects per second per channel (KVS-WIRE.md §2): the 4th waits for a second to pass. */
    private static final int CONNECTS_PER_SECOND = 3;
    private static final long CONNECT_WINDOW_MILLIS = 1_100;

    final String name;
    final List<SimulatedPeer> peers = new ArrayList<>();
    private final List<SignalingLink> links = new ArrayList<>();
    private final List<Long> lastJoin = new ArrayList<>();
    /** When the last connects of this channel were admitted, for the per-channel connect rate. */
    private final List<Long> connects = new ArrayList<>();
    /** What signaling reported to participants that have left. */
    private final List<String> pastProblems = new ArrayList<>();
    private final PeerLoop loop;
    private String channelArn;
    private boolean closed;
    private Map<ChannelProtocol, String> endpoints;
    private UrlPresigner presigner;
    private WebSocketClient webSockets;
    private PeerSettings settings;
    private KinesisVideoSignalingClient signaling;
    private KinesisVideoWebRtcStorageClient storage;

    public LoadSession(String name, PeerLoop loop) {
        this.name = name;
        this.loop = loop;
    }

    /** Creates the channel and stream, allocates, connects and joins every participant. */
    public void open(KinesisVideoClient kvs, AwsCredentialsProvider credentials, Region region,
                     UrlPresigner presigner, WebSocketClient webSockets, PeerSettings settings, int viewers,
                     int talkers) throws Exception {
        create(kvs, credentials, region, presigner, webSockets, settings);
        participate(viewers, talkers);
    }

    /** Creates the channel and its stream, links them for storage, and makes the channel's clients. */
    private void create(KinesisVideoClient kvs, AwsCredentialsProvider credentials, Region region,
                        UrlPresigner presigner, WebSocketClient webSockets, PeerSettings settings) {
        this.presigner = presigner;
        this.webSockets = webSockets;
        this.settings = settings;
        channelArn = kvs.createSignalingChannel(b -> b.channelName(name)).channelARN();
        String streamArn = kvs.createStream(b -> b.streamName(name).dataRetentionInHours(DATA_RETENTION_HOURS))
                .streamARN();
        kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));
        endpoints = kvs.getSignalingChannelEndpoint(b -> b.channelARN(channelArn)
                        .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.MASTER)
                                .protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC)))
                .resourceEndpointList().stream()
                .collect(Collectors.toMap(e -> e.protocol(), e -> e.resourceEndpoint(), (a, b) -> a));
        signaling = KinesisVideoSignalingClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(endpoints.get(ChannelProtocol.HTTPS))).region(region)
                .credentialsProvider(credentials).build();
        storage = KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(endpoints.get(ChannelProtocol.WEBRTC))).region(region)
                .credentialsProvider(credentials).build();
    }

    /**
     * The master and {@code viewers} viewers ({@code viewer-1} …) connect, then all join, as at the start; the first
     * {@code talkers} of them (the master first) carry speech. Also how a session all of whose participants left
     * ({@link #leaveAll}) is joined again, once the server's session ended.
     */
    void participate(int viewers, int talkers) throws Exception {
        int first = peers.size();
        for (int i = 0; i <= viewers; i++) {
            connect(i == 0 ? MASTER : "viewer-" + i, i == 0, i < talkers);
        }
        for (int i = first; i < peers.size(); i++) {
            join(i);
        }
    }

    /**
     * One more participant on the open channel: GetIceServerConfig, its TURN allocation, its signaling WebSocket and
     * its join, at once. A viewer with the clientId of one still connected replaces it, on signaling and in the
     * session (KVS-WIRE.md §2, §3): the old one stays in {@link #peers} until it {@link #leave}s. A refused join
     * (the SDK's exception, e.g. ClientLimitExceededException) is thrown after the participant left again.
     */
    SimulatedPeer add(String clientId, boolean master, boolean talks) throws Exception {
        SimulatedPeer peer = connect(clientId, master, talks);
        try {
            join(peers.size() - 1);
        } catch (RuntimeException refused) {
            leave(peer);
            throw refused;
        }
        return peer;
    }

    private SimulatedPeer connect(String clientId, boolean master, boolean talks) throws Exception {
        if (connects.size() >= CONNECTS_PER_SECOND) {
            long wait = connects.get(connects.size() - CONNECTS_PER_SECOND) + CONNECT_WINDOW_MILLIS
                    - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        SimulatedPeer peer = new SimulatedPeer(name + "/" + clientId, master ? PeerKind.KVS_MASTER
                : PeerKind.KVS_VIEWER, talks, allocate(clientId), settings);
        SignalingLink link = new SignalingLink(peer);
        peers.add(peer);
        links.add(link);
        lastJoin.add(0L);
        peer.start();
        link.connect(webSockets, signalingUrl(presigner, endpoints.get(ChannelProtocol.WSS), master ? null
                : clientId)).toCompletionStage().toCompletableFuture().get(CONNECT_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        // counted from when the server had surely admitted it: a connect measured from its start could reach the
        // server's rate limit less than a second after the one three before it when that one was slow to arrive
        connects.add(System.currentTimeMillis());
        if (connects.size() > CONNECTS_PER_SECOND) {
            connects.remove(0);
        }
        return peer;
    }

    /** Joins again where no offer came within {@link #REJOIN_NANOS}; returns whether every participant has one. */
    public boolean rejoinIfSilent() {
        boolean all = true;
        for (int i = 0; i < peers.size(); i++) {
            if (!peers.get(i).hasOffer()) {
                all = false;
                if (System.nanoTime() - lastJoin.get(i) > REJOIN_NANOS) {
                    join(i);
                }
            }
        }
        return all;
    }

    private void join(int i) {
        SimulatedPeer peer = peers.get(i);
        long now = System.nanoTime();
        lastJoin.set(i, now);
        peer.joined(now);
        if (peer.isMaster()) {
            storage.joinStorageSession(b -> b.channelArn(channelArn));
        } else {
            storage.joinStorageSessionAsViewer(b -> b.channelArn(channelArn).clientId(clientId(peer)));
        }
    }

    /** The clientId {@code peer} connected and joined with. */
    String clientId(SimulatedPeer peer) {
        return peer.name().substring(name.length() + 1);
    }

    private TurnRelay allocate(String clientId) throws IOException {
        List<IceServer> servers = signaling.getIceServerConfig(b -> b.channelARN(channelArn).clientId(clientId))
                .iceServerList();
        for (IceServer server : servers) {
            for (String uri : server.uris()) {
                if (uri.startsWith("turn:") && uri.contains(UDP_TURN)) {
                    String hostPort = uri.substring("turn:".length(), uri.indexOf('?'));
                    int colon = hostPort.lastIndexOf(':');
                    InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                            Integer.parseInt(hostPort.substring(colon + 1)));
                    TurnUdpClient client = TurnUdpClient.open(address, server.username(), server.password());
                    client.allocateOrThrow();
                    return new TurnRelay(client, System.nanoTime());
                }
            }
        }
        throw new IOException("GetIceServerConfig offered no turn:…?transport=udp server: " + servers);
    }

    private URI signalingUrl(UrlPresigner presigner, String wss, String clientId) {
        String query = "X-Amz-ChannelARN=" + URLEncoder.encode(channelArn, StandardCharsets.UTF_8)
                + (clientId == null ? "" : "&X-Amz-ClientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        return presigner.presign(URI.create(wss + "/?" + query), PRESIGN_EXPIRY);
    }

    /** Problems signaling reported: STATUS_RESPONSEs and offers that could not be answered. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(pastProblems);
        links.stream().map(SignalingLink::problem).filter(p -> p != null).forEach(all::add);
        return all;
    }

    /**
     * {@code peer} leaves as a KVS client does: DTLS close_notify and its TURN allocation released (on the loop),
     * then its WebSocket closed (one the server already closed, having replaced it, closes at once).
     */
    void leave(SimulatedPeer peer) throws Exception {
        int i = peers.indexOf(peer);
        if (i < 0) {
            return;
        }
        loop.call(() -> {
            peer.close();
            return null;
        });
        SignalingLink link = links.get(i);
        link.close().otherwiseEmpty().toCompletionStage().toCompletableFuture().get(CONNECT_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        if (link.problem() != null) {
            pastProblems.add(link.problem());
        }
        peers.remove(i);
        links.remove(i);
        lastJoin.remove(i);
    }

    /** Every participant leaves; the channel stays, and {@link #add} joins it again. */
    void leaveAll() throws Exception {
        while (!peers.isEmpty()) {
            leave(peers.get(peers.size() - 1));
        }
    }

    /** The participants, the master first (read their counters on the {@link PeerLoop}). */
    public List<SimulatedPeer> participants() {
        return List.copyOf(peers);
    }

    /** Leaves: participants close DTLS and release TURN (on the loop), then the WebSockets close. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        leaveAll();
        if (signaling != null) {
            signaling.close();
        }
        if (storage != null) {
            storage.close();
        }
    }
}
