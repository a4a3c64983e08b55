package io.storagesession.api.hub;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's bound on the signaling connections it holds at once ({@code signaling.hub.max-connections}). The
 * per-channel limits (a master and 10 viewers, KVS-WIRE.md §2) and {@code max-rooms} alone would let valid clients
 * hold over a hundred thousand connections, each a file descriptor and its buffers, and a process out of descriptors
 * accepts nothing at all, API calls and TURN included. A connect takes a slot before its upgrade and gives it back
 * exactly once, when the upgrade fails or the socket closes; a connect that finds none is refused before the upgrade.
 */
final class ConnectionSlots {
    private final AtomicInteger held = new AtomicInteger();
    private final int max;

    ConnectionSlots(int max) {
        this.max = max;
    }

    /** A slot, or null when {@code max} are held. */
    Slot tryTake() {
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            return null;
        }
        return new Slot();
    }

    /** Slots held now: open connections and connects being upgraded. */
    int held() {
        return held.get();
    }

    /** One connection's slot; releasing it again does nothing. */
    final class Slot {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                held.decrementAndGet();
            }
        }
    }
}
