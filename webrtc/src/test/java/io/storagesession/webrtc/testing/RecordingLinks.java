package io.storagesession.webrtc.testing;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.ParticipantLinks;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Stands in for the signaling hub: every frame the storage session sends, queued per participant. */
public final class RecordingLinks implements ParticipantLinks {
    private final Map<ParticipantAddress, BlockingQueue<OutboundMessage>> sent = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    /** Every frame delivered, to anyone, in order: what {@link #next} consumed too. */
    private final List<OutboundMessage> delivered = new CopyOnWriteArrayList<>();

    @Override
    public boolean send(ParticipantAddress to, OutboundMessage message) {
        if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        queue(to).add(message);
        delivered.add(message);
        return true;
    }

    /** The next {@code count} sends find no connection, as before the hub has registered a new WebSocket. */
    public void refuseNext(int count) {
        refusals.set(count);
    }

    @Override
    public boolean isConnected(ParticipantAddress participant) {
        return true;
    }

    /** Every frame delivered so far, to every participant, in order. */
    public List<OutboundMessage> delivered() {
        return List.copyOf(delivered);
    }

    public BlockingQueue<OutboundMessage> queue(ParticipantAddress to) {
        return sent.computeIfAbsent(to, a -> new LinkedBlockingQueue<>());
    }

    /** The next frame of {@code type} to {@code to} within 10 s (frames of other types before it are skipped). */
    public OutboundMessage next(ParticipantAddress to, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            OutboundMessage m = queue(to).poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.messageType().equals(type)) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " for " + to + " within 10 s");
    }

    public static String payloadJson(OutboundMessage m) {
        return new String(Base64.getDecoder().decode(m.messagePayload()), StandardCharsets.UTF_8);
    }
}
