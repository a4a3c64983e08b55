package io.storagesession.turn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** TurnStats that keeps totals, so tests can see what the server counted. */
final class RecordingStats implements TurnStats {
    final AtomicLong opened = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong packets = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final Map<String, AtomicLong> drops = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> connectedMillis = new ConcurrentHashMap<>();

    @Override
    public void allocationOpened(String channel) {
        opened.incrementAndGet();
    }

    @Override
    public void allocationClosed(String channel) {
        closed.incrementAndGet();
    }

    @Override
    public void connected(String channel, long millis) {
        connectedMillis.computeIfAbsent(channel, c -> new AtomicLong()).addAndGet(millis);
    }

    @Override
    public void relayed(long packets, long bytes) {
        this.packets.addAndGet(packets);
        this.bytes.addAndGet(bytes);
    }

    @Override
    public void dropped(String reason, long count) {
        drops.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(count);
    }

    @Override
    public void authFailure() {
        authFailures.incrementAndGet();
    }

    long drops(String reason) {
        AtomicLong n = drops.get(reason);
        return n == null ? 0 : n.get();
    }
}
