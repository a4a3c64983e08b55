package io.storagesession.api.hub;

import io.storagesession.api.auth.Principal;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiResponses;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.http.RefusalLog;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.ChannelLookup;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The signaling WebSocket endpoint, ConnectAsMaster and ConnectAsViewer (KVS-WIRE.md §2), mounted by the server at
 * {@code GET /}. Each connect is verified before the upgrade — presigned SigV4 URL, channel ARN and ClientId, the
 * channel's existence, its viewer and connect-rate limits — and refused as a plain HTTP error in KVS's JSON error
 * shape, which is what the SDKs surface to their users; only then is the request upgraded.
 *
 * <p>Also the storage session's way back to participants ({@link ParticipantLinks}): {@link #send} and
 * {@link #isConnected} may be called from any thread.
 *
 * <p>One periodic sweep (every {@code sweep-interval}) applies the idle timeout and the maximum connection duration
 * (GO_AWAY, then close after the grace), expires undelivered messages and removes unused rooms; connections own no
 * timers, so nothing is left behind when they close. Time comes from the given {@link Clock}.
 */
public final class SignalingHub implements ParticipantLinks, Handler<RoutingContext>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingHub.class);
    /** The subprotocol the C SDK requests; it accepts only an echo of it or no Sec-WebSocket-Protocol at all. */
    public static final String SUBPROTOCOL = "wss";
    private static final String WEBSOCKET = "websocket";
    /** How this project's signaling operations answer a key whose policy denies the action (see ApiOperation). */
    private static final int NOT_AUTHORIZED_STATUS = 401;
    private static final String NOT_AUTHORIZED = "NotAuthorizedException";

    private final Vertx vertx;
    private final SigV4Verifier verifier;
    private final ChannelLookup channels;
    private final StorageSessionBridge bridge;
    private final HubSettings settings;
    private final HubMetrics metrics;
    private final Clock clock;
    private final MessageRouter router;
    /** Refused connects and dropped frames, logged once per participant and reason. */
    private final RefusalLog refusals;
    private final Map<String, ChannelRoom> rooms = new ConcurrentHashMap<>();
    private final ConnectionSlots slots;
    private final SignalingConnection.Events events = new Events();
    private final long sweepTimer;

    public SignalingHub(Vertx vertx, SigV4Verifier verifier, ChannelLookup channels, StorageSessionBridge bridge,
                        HubSettings settings, Metrics metrics, Clock clock) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.channels = channels;
        this.bridge = bridge;
        this.settings = settings;
        this.metrics = new HubMetrics(metrics);
        this.clock = clock;
        this.refusals = new RefusalLog(LOG, settings.refusalLog(), clock);
        this.slots = new ConnectionSlots(settings.maxConnections());
        this.router = new MessageRouter(channels, bridge, new FrameParser(settings.maxPayloadBytes()), this.metrics, clock,
                refusals);
        this.sweepTimer = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweep());
    }

    /**
     * Applies what the hub needs to the server's options: the {@code wss} subprotocol (echoed to the C SDK, which
     * fails on any other answer; clients asking for none get none), frame and message size limits that bound the
     * memory a client can make the server hold, and no permessage-deflate, whose inflated size those limits would
     * not bound.
     */
    public static HttpServerOptions configure(HttpServerOptions options, HubSettings settings) {
        return options.setWebSocketSubProtocols(List.of(SUBPROTOCOL))
                .setMaxWebSocketFrameSize(settings.maxFrameBytes())
                .setMaxWebSocketMessageSize(settings.maxMessageBytes())
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    @Override
    public void handle(RoutingContext ctx) {
        handle(ctx.request());
    }

    /** Verifies a connect and, when it is acceptable, upgrades it to a signaling WebSocket. */
    public void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        String operation = ConnectRequest.CONNECT_AS_MASTER;
        ConnectRequest connect;
        Channel channel;
        ChannelRoom room;
        ConnectionSlots.Slot slot = null;
        Map<String, String> query = Map.of();
        try {
            query = SigV4Verifier.decodedQuery(request.query());
            operation = ConnectRequest.operation(query);
            metrics.call(operation);
            Principal principal = verifier.verifyPresigned(ApiRoutes.signed(request));
            connect = ConnectRequest.from(query);
            if (!principal.allows(connect.action(), connect.channelArn())) {
                throw new ApiException(NOT_AUTHORIZED_STATUS, NOT_AUTHORIZED, "The access key is not allowed to "
                        + connect.operation() + " on " + connect.channelArn());
            }
            channel = channels.channelByArn(connect.channelArn()).orElseThrow(() ->
                    ApiException.resourceNotFound("The channel " + connect.channelArn() + " does not exist"));
            if (!request.headers().contains(HttpHeaders.UPGRADE, WEBSOCKET, true)) {
                throw ApiException.invalidArgument("The signaling endpoint only accepts WebSocket upgrades");
            }
            slot = slots.tryTake();
            if (slot == null) {
                throw ApiException.clientLimitExceeded("The server holds the maximum number of signaling connections");
            }
            room = admit(connect);
        } catch (ApiException e) {
            release(slot);
            logRefusal(query, operation, e);
            refuse(request, requestId, operation, start, e);
            return;
        } catch (RuntimeException e) {
            release(slot);
            LOG.error("{} failed unexpectedly (request {})", operation, requestId, e);
            refuse(request, requestId, operation, start, ApiException.internal());
            return;
        }
        String op = operation;
        ConnectionSlots.Slot taken = slot;
        request.toWebSocket().onComplete(ar -> {
            metrics.latency(op, start);
            if (ar.failed()) {
                taken.release();
                metrics.failure(op, "HandshakeFailed");
                LOG.debug("WebSocket handshake failed for {}", connect.channelArn(), ar.cause());
                return;
            }
            accept(ar.result(), connect, channel, room, op, taken);
        });
    }

    @Override
    public boolean send(ParticipantAddress to, OutboundMessage message) {
        ChannelRoom room = rooms.get(to.channelArn());
        SignalingConnection connection = room == null ? null : room.connection(to);
        if (connection == null) {
            return false;
        }
        connection.send(message);
        metrics.transferred(connection.channelName(), 1);
        return true;
    }

    @Override
    public boolean isConnected(ParticipantAddress participant) {
        ChannelRoom room = rooms.get(participant.channelArn());
        return room != null && room.connection(participant) != null;
    }

    /** Signaling connections held now, counting connects being upgraded (for tests and diagnostics). */
    public int connectionCount() {
        return slots.held();
    }

    /** Rooms currently held: channels with connections, undelivered messages or a recent connect. */
    public int roomCount() {
        return rooms.size();
    }

    /** Messages kept for participants of the channel that are not connected yet (for tests and diagnostics). */
    int pendingCount(String channelArn) {
        ChannelRoom room = rooms.get(channelArn);
        return room == null ? 0 : room.pendingCount();
    }

    /** Stops the sweep and closes every connection (server shutdown). */
    @Override
    public void close() {
        vertx.cancelTimer(sweepTimer);
        for (ChannelRoom room : rooms.values()) {
            for (SignalingConnection connection : room.connections()) {
                connection.close(CloseReason.SHUTDOWN);
            }
        }
    }

    private ChannelRoom admit(ConnectRequest connect) {
        while (true) {
            ChannelRoom room = roomFor(connect.channelArn());
            if (room.admit(connect, clock.millis())) {
                return room;
            }
        }
    }

    /** The channel's live room, created if needed within the {@code max-rooms} bound. */
    private ChannelRoom roomFor(String channelArn) {
        boolean[] created = {false};
        ChannelRoom room = rooms.compute(channelArn, (arn, existing) -> {
            if (existing != null && !existing.isRetired()) {
                return existing;
            }
            if (existing == null && rooms.size() >= settings.maxRooms()) {
                throw ApiException.clientLimitExceeded("The server holds the maximum number of signaling channels");
            }
            created[0] = existing == null;
            return new ChannelRoom(arn, settings, clock.millis());
        });
        if (created[0]) {
            metrics.roomsChanged(1);
        }
        return room;
    }

    private static void release(ConnectionSlots.Slot slot) {
        if (slot != null) {
            slot.release();
        }
    }

    private void accept(ServerWebSocket socket, ConnectRequest connect, Channel channel, ChannelRoom admitted,
                        String operation, ConnectionSlots.Slot slot) {
        Context context = vertx.getOrCreateContext();
        ChannelRoom room = admitted;
        while (true) {
            SignalingConnection connection = new SignalingConnection(socket, context, connect.address(), channel.name(),
                    room, events, clock, settings, slot);
            if (!connection.start()) {
                slot.release();
                return;
            }
            ChannelRoom.Attached attached;
            try {
                attached = room.attach(connection, clock.millis());
            } catch (ApiException e) {
                metrics.failure(operation, e.type());
                refusals.refused(Level.INFO, channel.name(), RefusalLog.participant(connect.clientId()),
                        operation + " closed with " + e.type(), e::getMessage);
                connection.close(CloseReason.LIMIT_EXCEEDED);
                return;
            }
            if (attached == null) {
                room = roomFor(connect.channelArn());
                continue;
            }
            connection.markAttached();
            metrics.connectionOpened(connect.role());
            metrics.transferred(channel.name(), attached.delivered());
            metrics.dropped(DropReason.PENDING_EXPIRED, attached.expired());
            if (attached.replaced() != null) {
                bridge.onDisconnected(connect.address());
                attached.replaced().close(CloseReason.REPLACED);
            }
            return;
        }
    }

    /**
     * Logs a refused connect with what its query names (channel, participant), once per participant and reason: a
     * camera whose presigned URL fails (a skewed clock, the wrong key) or that connects too often otherwise only sees
     * an HTTP status.
     */
    private void logRefusal(Map<String, String> query, String operation, ApiException e) {
        String arn = query.get(ConnectRequest.CHANNEL_ARN_PARAM);
        String channel = arn == null ? "(none)" : channels.channelByArn(arn).map(Channel::name).orElse(arn);
        String participant = ConnectRequest.CONNECT_AS_VIEWER.equals(operation)
                ? RefusalLog.participant(query.getOrDefault(ConnectRequest.CLIENT_ID_PARAM, "(none)"))
                : RefusalLog.participant(null);
        refusals.refused(Level.INFO, channel, participant, operation + " refused with " + e.type(), e::getMessage);
    }

    private void refuse(HttpServerRequest request, String requestId, String operation, long start, ApiException e) {
        metrics.latency(operation, start);
        metrics.failure(operation, e.type());
        ApiResponses.error(request.response(), requestId, e);
    }

    private void onClosed(SignalingConnection connection) {
        connection.slot().release();
        if (!connection.wasAttached()) {
            return;
        }
        metrics.connectionClosed(connection.address().role());
        if (connection.room().detach(connection)) {
            bridge.onDisconnected(connection.address());
        }
        removeIfUnused(connection.room(), clock.millis());
    }

    private void sweep() {
        long now = clock.millis();
        for (ChannelRoom room : rooms.values()) {
            metrics.dropped(DropReason.PENDING_EXPIRED, room.expirePending(now));
            room.checkTimers(now);
            removeIfUnused(room, now);
        }
    }

    private void removeIfUnused(ChannelRoom room, long now) {
        if (!room.holdsNothing()) {
            return;
        }
        boolean[] removed = {false};
        rooms.computeIfPresent(room.channelArn(), (arn, current) -> {
            if (current == room && room.retireIfUnused(now)) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        if (removed[0]) {
            metrics.roomsChanged(-1);
        }
    }

    /** The connections' callbacks, kept off the hub's public surface. */
    private final class Events implements SignalingConnection.Events {
        @Override
        public void onText(SignalingConnection connection, String text) {
            router.onText(connection, text);
        }

        @Override
        public void onBinary(SignalingConnection connection) {
            router.onBinary(connection);
        }

        @Override
        public void onClosed(SignalingConnection connection) {
            SignalingHub.this.onClosed(connection);
        }

        @Override
        public void onServerClose(SignalingConnection connection, CloseReason reason) {
            metrics.closedByServer(reason);
            // Detach at once rather than when the client acknowledges the close, which a client that stopped
            // reading never does: the participant must stop counting as connected now.
            if (connection.wasAttached() && connection.room().detach(connection)) {
                bridge.onDisconnected(connection.address());
            }
        }
    }
}
