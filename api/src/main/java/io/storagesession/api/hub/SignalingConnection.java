package io.storagesession.api.hub;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.http.TokenBucket;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * One participant's signaling WebSocket. Confined to the event-loop context the WebSocket lives on: frames arrive
 * there, and {@link #send} and {@link #close} hop onto it from any thread, so the socket's state needs no locks.
 *
 * <p>Reads every frame itself rather than through Vert.x's message aggregator so that pings count as activity
 * (Vert.x answers them with pongs before they reach here; C clients ping every 10 s, KVS-WIRE.md §2), and assembles
 * fragmented text messages up to the configured size. Tracks what the hub's sweep needs for KVS's timers: the idle
 * timeout (10 min) and the maximum duration (1 h), after which it sends GO_AWAY and closes after the grace (1 min).
 * Writes never queue without bound: a client whose write queue is full is disconnected.
 */
final class SignalingConnection {
    /** What the connection reports to the hub, always on its own context. */
    interface Events {
        void onText(SignalingConnection connection, String text);

        void onBinary(SignalingConnection connection);

        void onClosed(SignalingConnection connection);

        void onServerClose(SignalingConnection connection, CloseReason reason);
    }

    private final ServerWebSocket socket;
    private final Context context;
    private final ParticipantAddress address;
    private final String channelName;
    private final ChannelRoom room;
    private final Events events;
    private final Clock clock;
    private final HubSettings settings;
    private final ConnectionSlots.Slot slot;
    private final TokenBucket sdpQuota;
    private final TokenBucket iceQuota;
    private final long connectedAtMillis;
    private volatile long lastActivityMillis;
    private volatile long goAwaySentAtMillis = -1;
    private Buffer partialText;
    private boolean skippingBinary;
    private boolean closing;
    private boolean attached;

    SignalingConnection(ServerWebSocket socket, Context context, ParticipantAddress address, String channelName,
                        ChannelRoom room, Events events, Clock clock, HubSettings settings,
                        ConnectionSlots.Slot slot) {
        this.socket = socket;
        this.context = context;
        this.address = address;
        this.channelName = channelName;
        this.room = room;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.slot = slot;
        long now = clock.millis();
        this.connectedAtMillis = now;
        this.lastActivityMillis = now;
        this.sdpQuota = new TokenBucket(settings.sdpMessagesPerSecond(), now);
        this.iceQuota = new TokenBucket(settings.iceCandidatesPerSecond(), now);
    }

    /** Installs the handlers; false when the client already closed the socket. Call on the socket's context. */
    boolean start() {
        try {
            socket.setWriteQueueMaxSize(settings.writeQueueMaxBytes());
            socket.frameHandler(this::onFrame);
            socket.exceptionHandler(this::onException);
            socket.closeHandler(v -> events.onClosed(this));
            return !socket.isClosed();
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    /** Marks the connection as counted among the room's participants; called once, on its context. */
    void markAttached() {
        attached = true;
    }

    /** True once the connection was attached to its room, so closing it must undo that. */
    boolean wasAttached() {
        return attached;
    }

    /** The connection's place under {@code max-connections}, given back when it closes. */
    ConnectionSlots.Slot slot() {
        return slot;
    }

    ParticipantAddress address() {
        return address;
    }

    String channelName() {
        return channelName;
    }

    ChannelRoom room() {
        return room;
    }

    /** The per-connection quota a frame counts against: SDP 5/s or ICE 20/s (KVS-WIRE.md §2). */
    boolean tryAcquireQuota(ClientFrame frame) {
        return (frame.isSdp() ? sdpQuota : iceQuota).tryAcquire(clock.millis());
    }

    /** Sends a frame from any thread; the write happens on the connection's context. */
    void send(OutboundMessage message) {
        String json = message.toJson().encode();
        context.runOnContext(v -> write(json));
    }

    /** Closes the connection from any thread, for {@code reason}. */
    void close(CloseReason reason) {
        context.runOnContext(v -> closeNow(reason));
    }

    /**
     * Applies the idle timeout and the maximum duration as of {@code nowMillis}, on the connection's context. Called
     * for every connection at every sweep from the hub's context, so it first looks, from there, whether anything is
     * due (the times it reads are volatile): a connection with nothing due costs the sweep no task and no object.
     */
    void checkTimers(long nowMillis) {
        if (dueTimer(nowMillis) != Timer.NONE) {
            context.runOnContext(v -> applyTimers(nowMillis));
        }
    }

    /** The connection's timers, in the order they are applied. */
    private enum Timer { NONE, IDLE, GO_AWAY, MAX_DURATION }

    /** Which timer is due as of {@code nowMillis}, from any thread (the times it reads are volatile or final). */
    private Timer dueTimer(long nowMillis) {
        long goAway = goAwaySentAtMillis;
        if (nowMillis - lastActivityMillis >= settings.idleTimeout().toMillis()) {
            return Timer.IDLE;
        } else if (goAway < 0 && nowMillis - connectedAtMillis >= settings.maxConnectionDuration().toMillis()) {
            return Timer.GO_AWAY;
        } else if (goAway >= 0 && nowMillis - goAway >= settings.goAwayGrace().toMillis()) {
            return Timer.MAX_DURATION;
        }
        return Timer.NONE;
    }

    private void applyTimers(long nowMillis) {
        if (closing) {
            return;
        }
        switch (dueTimer(nowMillis)) {
            case IDLE -> closeNow(CloseReason.IDLE);
            case GO_AWAY -> {
                goAwaySentAtMillis = nowMillis;
                write(OutboundMessage.goAway().toJson().encode());
            }
            case MAX_DURATION -> closeNow(CloseReason.MAX_DURATION);
            case NONE -> { }
        }
    }

    private void write(String json) {
        if (closing || socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            closeNow(CloseReason.SLOW_CONSUMER);
            return;
        }
        socket.writeTextMessage(json);
    }

    private void closeNow(CloseReason reason) {
        if (closing || socket.isClosed()) {
            return;
        }
        closing = true;
        events.onServerClose(this, reason);
        socket.close(reason.code(), reason.text());
    }

    /**
     * A frame the WebSocket decoder refused — one past {@code max-frame-bytes} (1009, RFC 6455 §7.4.1) or a protocol
     * violation (1002) — closes with the code the decoder chose, so the client learns why; any other failure with
     * a plain close.
     */
    private void onException(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException corrupted) {
            closeNow(corrupted.closeStatus().code() == CloseReason.MESSAGE_TOO_BIG.code() ? CloseReason.MESSAGE_TOO_BIG
                    : CloseReason.PROTOCOL_ERROR);
        } else {
            socket.close();
        }
    }

    private void onFrame(WebSocketFrame frame) {
        lastActivityMillis = clock.millis();
        if (closing) {
            return;
        }
        switch (frame.type()) {
            case TEXT -> {
                skippingBinary = false;
                if (frame.isFinal()) {
                    partialText = null;
                    events.onText(this, frame.textData());
                } else {
                    partialText = frame.binaryData().copy();
                }
            }
            case CONTINUATION -> onContinuation(frame);
            case BINARY -> {
                partialText = null;
                skippingBinary = !frame.isFinal();
                events.onBinary(this);
            }
            default -> {
                // PING (already answered with a PONG by Vert.x), PONG and CLOSE only count as activity.
            }
        }
    }

    private void onContinuation(WebSocketFrame frame) {
        if (skippingBinary) {
            skippingBinary = !frame.isFinal();
            return;
        }
        if (partialText == null) {
            return;
        }
        partialText.appendBuffer(frame.binaryData());
        if (partialText.length() > settings.maxMessageBytes()) {
            partialText = null;
            closeNow(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        if (frame.isFinal()) {
            String text = partialText.toString(StandardCharsets.UTF_8);
            partialText = null;
            events.onText(this, text);
        }
    }

    @Override
    public String toString() {
        return address.role() + (address.clientId() == null ? "" : " " + address.clientId()) + " on " + channelName;
    }
}
