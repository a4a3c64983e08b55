package io.storagesession.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every relayed transport address this server holds, by port: client allocations ({@link Allocation}) and the
 * process's own {@link LocalRelay}s. When one of them relays to another, the datagram is handed over in-process
 * instead of crossing the kernel twice (a send from one relay socket and a receive on the other): the storage
 * session's media to and from each participant's allocation takes this path. Lookups from any thread, no allocation.
 */
final class RelayIndex {
    private final InetAddress relayAddress;
    private final int minPort;
    private final AtomicReferenceArray<Object> byPort;

    RelayIndex(InetAddress relayAddress, int minPort, int maxPort) {
        this.relayAddress = relayAddress;
        this.minPort = minPort;
        this.byPort = new AtomicReferenceArray<>(maxPort - minPort + 1);
    }

    void put(InetSocketAddress address, Object endpoint) {
        byPort.set(address.getPort() - minPort, endpoint);
    }

    void remove(InetSocketAddress address, Object endpoint) {
        byPort.compareAndSet(address.getPort() - minPort, endpoint, null);
    }

    /** The allocation or local relay at {@code address}, or null when it is not one of ours. */
    Object get(InetSocketAddress address) {
        int slot = address.getPort() - minPort;
        if (slot < 0 || slot >= byPort.length() || !relayAddress.equals(address.getAddress())) {
            return null;
        }
        return byPort.get(slot);
    }
}
