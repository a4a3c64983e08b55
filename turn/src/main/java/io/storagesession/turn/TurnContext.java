package io.storagesession.turn;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every relay thread shares: settings, authentication, the peer policy, the relay port range, and the
 * server-wide quotas (allocations in total and per signaling channel), which are the only counters that must be
 * exact across threads.
 */
final class TurnContext {
    final TurnSettings settings;
    final TurnAuth auth;
    final PeerPolicy policy;
    final RelayPorts ports;
    /** {@code turn.impairment}: drops on purpose, for tests. */
    final Impairment impairment;
    /** Our relayed addresses by port, for in-process hand-over between two of them. */
    final RelayIndex index;
    final TurnStats stats;
    final Clock clock;
    private final AtomicInteger allocations = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perChannel = new ConcurrentHashMap<>();

    TurnContext(TurnSettings settings, TurnAuth auth, PeerPolicy policy, RelayPorts ports, TurnStats stats, Clock clock) {
        this.settings = settings;
        this.auth = auth;
        this.policy = policy;
        this.ports = ports;
        this.impairment = new Impairment(settings.impairment(), stats, clock::millis);
        this.index = new RelayIndex(ports.address(), settings.relayPortMin(), settings.relayPortMax());
        this.stats = stats;
        this.clock = clock;
    }

    /** The result of asking for room for one more allocation. */
    enum Admission { ADMITTED, CHANNEL_QUOTA, CAPACITY }

    Admission admit(String channel) {
        if (allocations.incrementAndGet() > settings.maxAllocations()) {
            allocations.decrementAndGet();
            return Admission.CAPACITY;
        }
        AtomicInteger count = perChannel.computeIfAbsent(channel, c -> new AtomicInteger());
        if (count.incrementAndGet() > settings.allocationsPerChannel()) {
            count.decrementAndGet();
            allocations.decrementAndGet();
            return Admission.CHANNEL_QUOTA;
        }
        return Admission.ADMITTED;
    }

    void release(String channel) {
        allocations.decrementAndGet();
        perChannel.computeIfPresent(channel, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int allocationCount() {
        return allocations.get();
    }
}
