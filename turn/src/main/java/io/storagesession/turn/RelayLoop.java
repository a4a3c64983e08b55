package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay thread: a selector over its own UDP listener (SO_REUSEPORT, so the kernel spreads clients over the
 * threads by their address and a client always lands on the same one) with the own sockets of the UDP clients that
 * allocated here ({@link UdpClients}), the TCP and TLS connections handed to it ({@link TcpConnections}), and the
 * relayed sockets of the allocations those clients made. Everything an allocation touches lives on this thread, so
 * the packet path has no locks; it reuses one direct buffer, reading peer data at an offset that leaves room to write
 * the ChannelData or Data indication header in front of it (RFC 8656 §11–12), so relaying copies nothing.
 */
final class RelayLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /** Room before peer data for the largest Data indication header (IPv6 XOR-PEER-ADDRESS). */
    private static final int PEER_DATA_OFFSET = Stun.HEADER + 4 + 20 + 4;
    private static final int MAX_UDP = 65_535;
    private static final int PADDING_ROOM = 4;

    private final TurnContext context;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::dispatch;
    private final UdpClients udp;
    private final List<TcpConnections.Acceptor> acceptors;
    private final RelayLoop[] loops;
    private final TcpConnections connections;
    private final RequestHandler handler;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(PEER_DATA_OFFSET + MAX_UDP + PADDING_ROOM);
    private final List<Allocation> allocations = new ArrayList<>();
    /** Local relays opened on other threads, registered with the selector by this one ({@link #adopt}). */
    private final ConcurrentLinkedQueue<LocalRelay> handedOverRelays = new ConcurrentLinkedQueue<>();
    private final List<LocalRelay> localRelays = new ArrayList<>();
    private final String name;
    private volatile boolean running = true;
    private long nextSweep;
    private long transactions;
    private long packets;
    private long bytes;
    private long dropped;

    RelayLoop(TurnContext context, String name, DatagramChannel udp, List<TcpConnections.Acceptor> acceptors,
              RelayLoop[] loops, AtomicInteger tcpConnections) throws IOException {
        this.context = context;
        this.name = name;
        this.selector = Selector.open();
        this.acceptors = acceptors;
        this.loops = loops;
        this.connections = new TcpConnections(context, selector, this, tcpConnections);
        this.handler = new RequestHandler(context, this);
        this.udp = new UdpClients(context.settings, this, selector, udp, buf, name);
        for (TcpConnections.Acceptor acceptor : acceptors) {
            acceptor.channel().configureBlocking(false);
            acceptor.channel().register(selector, SelectionKey.OP_ACCEPT, acceptor);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    /** This thread's TCP and TLS connections. */
    TcpConnections connections() {
        return connections;
    }

    /** Takes over a local relay opened on another thread: its socket joins this thread's selector. */
    void adopt(LocalRelay relay) {
        handedOverRelays.add(relay);
        selector.wakeup();
    }

    /** Wakes the thread's selector, so it registers connections handed over to it. */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        Thread.currentThread().setName(name);
        long sweepMillis = context.settings.sweepInterval().toMillis();
        nextSweep = context.clock.millis() + sweepMillis;
        try {
            while (running) {
                // the Consumer form skips the selected-key set: no set entry and no iterator per wake-up; with
                // nothing to expire or report the thread sleeps until a packet or a hand-over wakes it
                selector.select(onReady, idle() ? 0 : sweepMillis);
                connections.adoptHandedOver();
                adoptRelays();
                long now = context.clock.millis();
                if (now >= nextSweep) {
                    sweep(now);
                    nextSweep = now + sweepMillis;
                }
            }
        } catch (ClosedSelectorException | IOException e) {
            if (running) {
                LOG.error("relay thread {} stopped", name, e);
            }
        } finally {
            closeAll();
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Object attachment = key.attachment();
        try {
            if (attachment == udp) {
                udp.readListener();
            } else if (attachment instanceof UdpClient client) {
                udp.read(client);
            } else if (attachment instanceof Allocation allocation) {
                readRelay(allocation);
            } else if (attachment instanceof LocalRelay local) {
                readLocal(local);
            } else if (attachment instanceof TcpConnections.Acceptor acceptor) {
                connections.accept(acceptor, loops);
            } else {
                connections.onReady(key, attachment);
            }
        } catch (IOException e) {
            if (attachment instanceof Allocation allocation) {
                close(allocation);
            } else if (attachment instanceof LocalRelay local) {
                local.close();
            } else {
                LOG.debug("{}: {}", name, e.toString());
            }
        }
    }

    /**
     * A datagram from a UDP client, in the buffer from 0 ({@link UdpClients} read it): ChannelData, relayed only for a
     * client with an allocation, or STUN; {@code known} is null for a sender without allocation.
     */
    void fromUdp(UdpClient known, InetSocketAddress from, int length) throws IOException {
        if (length == 0) {
            return;
        }
        int first = buf.get(0) & 0xff;
        if (Stun.isChannelData(first)) {
            if (known == null || known.allocation == null) {
                dropped++;
                return;
            }
            channelDataFromClient(known.allocation, 0, length);
        } else if (Stun.isStun(first)) {
            onStun(known != null ? known : new UdpClient(udp.listener(), from), 0, length);
        } else {
            dropped++;
        }
    }

    /** Handles every complete frame in the client's plain input; false when the connection was closed. */
    boolean processFrames(TcpClient tcp) throws IOException {
        ByteBuffer in = tcp.in;
        int at = 0;
        int end = in.position();
        while (true) {
            int frame = TcpClient.frameLength(in, at, end);
            if (frame < 0) {
                connections.close(tcp);
                return false;
            }
            if (frame == 0) {
                break;
            }
            int first = in.get(at) & 0xff;
            buf.clear();
            in.limit(at + frame).position(at);
            buf.put(in);
            in.limit(in.capacity());
            if (Stun.isChannelData(first)) {
                if (tcp.allocation == null) {
                    dropped++;
                } else {
                    channelDataFromClient(tcp.allocation, 0, frame);
                }
            } else {
                onStun(tcp, 0, frame);
                if (!tcp.channel.isOpen()) {
                    return false;
                }
            }
            at += frame;
        }
        in.limit(end).position(at);
        in.compact();
        return true;
    }

    /** ChannelData from a client (RFC 8656 §12.5): relayed to the bound peer if the binding and permission hold. */
    private void channelDataFromClient(Allocation allocation, int at, int length) throws IOException {
        int number = buf.getShort(at) & 0xffff;
        int dataLength = buf.getShort(at + 2) & 0xffff;
        if (Stun.CHANNEL_DATA_HEADER + dataLength > length) {
            dropped++;
            return;
        }
        long now = context.clock.millis();
        Allocation.Binding binding = allocation.bindingByNumber(number);
        if (binding == null || binding.expiresAtMillis <= now || !allocation.permitted(binding.peer.getAddress(), now)
                || !allocation.spend(dataLength, now)) {
            dropped++;
            return;
        }
        buf.limit(at + Stun.CHANNEL_DATA_HEADER + dataLength).position(at + Stun.CHANNEL_DATA_HEADER);
        if (!handOver(allocation, buf, binding.peer, dataLength)) {
            allocation.relay.send(buf, binding.peer);
        }
        packets++;
        bytes += dataLength;
    }

    /**
     * When {@code peer} is one of this server's local relays, gives it the datagram between {@code data}'s position and
     * limit directly, as if it had come from the allocation's relayed address over the network (its permission and
     * the impairments apply as in {@link #readLocal}); false when {@code peer} is not a local relay.
     */
    private boolean handOver(Allocation allocation, ByteBuffer data, InetSocketAddress peer, int length) {
        if (!(context.index.get(peer) instanceof LocalRelay local) || local.isClosed()) {
            return false;
        }
        if (!local.permitted(allocation.relayAddress.getAddress())) {
            dropped++;
            return true;
        }
        if (context.impairment.drops(data, data.position(), length)) {
            return true;
        }
        try {
            local.receiver.received(data, allocation.relayAddress);
        } catch (RuntimeException e) {
            LOG.warn("{}: the receiver of {} failed", name, local, e);
        }
        return true;
    }

    /** Data of a Send indication, relayed when the allocation has a permission for the peer (RFC 8656 §11.2). */
    void relayToPeer(Allocation allocation, byte[] m, int from, int length, InetSocketAddress peer) {
        long now = context.clock.millis();
        if (!allocation.permitted(peer.getAddress(), now) || !allocation.spend(length, now)) {
            dropped++;
            return;
        }
        try {
            ByteBuffer data = ByteBuffer.wrap(m, from, length);
            if (!handOver(allocation, data, peer, length)) {
                allocation.relay.send(data, peer);
            }
            packets++;
            bytes += length;
        } catch (IOException e) {
            dropped++;
        }
    }

    /** Data from a peer (RFC 8656 §11.3, §12.6): to the client as ChannelData when bound, else a Data indication. */
    private void readRelay(Allocation allocation) throws IOException {
        while (true) {
            buf.clear().position(PEER_DATA_OFFSET);
            buf.limit(PEER_DATA_OFFSET + MAX_UDP);
            InetSocketAddress peer = (InetSocketAddress) allocation.relay.receive(buf);
            if (peer == null) {
                return;
            }
            int length = buf.position() - PEER_DATA_OFFSET;
            buf.limit(buf.capacity());
            long now = context.clock.millis();
            if (!allocation.permitted(peer.getAddress(), now) || !allocation.spend(length, now)) {
                dropped++;
                continue;
            }
            if (context.impairment.drops(buf, PEER_DATA_OFFSET, length)) {
                continue;
            }
            Allocation.Binding binding = allocation.bindingByPeer(peer);
            boolean sent;
            if (binding != null && binding.expiresAtMillis > now) {
                int start = PEER_DATA_OFFSET - Stun.CHANNEL_DATA_HEADER;
                buf.putShort(start, (short) binding.number);
                buf.putShort(start + 2, (short) length);
                sent = allocation.client.send(buf, start, Stun.CHANNEL_DATA_HEADER + length, true);
            } else {
                int start = PEER_DATA_OFFSET - Stun.dataIndicationHeader(peer);
                int total = Stun.writeDataIndication(buf, start, peer, length, ++transactions);
                sent = allocation.client.send(buf, start, total, false);
            }
            if (sent) {
                packets++;
                bytes += length;
            } else {
                dropped++;
            }
        }
    }

    /**
     * Data from a peer to a local relay: the same permission, bandwidth-free (the holder is this process) and
     * impairment rules as {@link #readRelay}, then straight to the relay's receiver on this thread.
     */
    private void readLocal(LocalRelay local) throws IOException {
        while (true) {
            buf.clear().position(PEER_DATA_OFFSET);
            buf.limit(PEER_DATA_OFFSET + MAX_UDP);
            InetSocketAddress peer = (InetSocketAddress) local.channel.receive(buf);
            if (peer == null) {
                return;
            }
            int end = buf.position();
            int length = end - PEER_DATA_OFFSET;
            if (!local.permitted(peer.getAddress())) {
                dropped++;
                continue;
            }
            if (context.impairment.drops(buf, PEER_DATA_OFFSET, length)) {
                continue;
            }
            buf.limit(end).position(PEER_DATA_OFFSET);
            try {
                local.receiver.received(buf, peer);
            } catch (RuntimeException e) {
                LOG.warn("{}: the receiver of {} failed", name, local, e);
            }
            packets++;
            bytes += length;
        }
    }

    /** Registers the local relays handed over since the last wake-up; closed ones are skipped. */
    private void adoptRelays() {
        LocalRelay relay;
        while ((relay = handedOverRelays.poll()) != null) {
            if (relay.isClosed()) {
                continue;
            }
            try {
                relay.channel.register(selector, SelectionKey.OP_READ, relay);
                localRelays.add(relay);
            } catch (IOException e) {
                relay.close();
            }
        }
    }

    /**
     * Nothing needs the periodic sweep: no allocation to expire, no TCP connection to time out, no count to report.
     * Local relays do not expire, so they alone do not keep the thread waking.
     */
    private boolean idle() {
        if (!allocations.isEmpty() || packets != 0 || bytes != 0 || dropped != 0) {
            return false;
        }
        // keys: the UDP listener, the acceptors, the local relays, and anything else (TCP connections, pipes)
        localRelays.removeIf(LocalRelay::isClosed);
        return selector.keys().size() <= 1 + acceptors.size() + localRelays.size();
    }

    private void onStun(Client client, int at, int length) {
        byte[] m = new byte[length];
        buf.get(at, m);
        byte[] response;
        try {
            response = handler.handle(m, length, client);
        } catch (RuntimeException e) {
            LOG.debug("{}: refusing a STUN message: {}", name, e.toString());
            context.stats.dropped("malformed-stun", 1);
            return;
        }
        if (response != null) {
            client.send(ByteBuffer.wrap(response), 0, response.length, false);
        }
    }

    /** Creates the allocation for {@code client} on a fresh relay socket; null when no port is free. */
    Allocation open(Client client, String username, byte[] key, byte[] transaction, long lifetimeMillis,
                    boolean evenPort) {
        try {
            DatagramChannel relay = context.ports.bind(evenPort);
            if (relay == null) {
                return null;
            }
            InetSocketAddress relayAddress = (InetSocketAddress) relay.getLocalAddress();
            Allocation allocation = new Allocation(client, relay, relayAddress, username, key, transaction,
                    context.clock.millis(), lifetimeMillis, context.settings.bandwidthBitsPerSecond());
            relay.register(selector, SelectionKey.OP_READ, allocation);
            context.index.put(relayAddress, allocation);
            client.allocation = allocation;
            if (client instanceof UdpClient u) {
                udp.allocated(u);
            }
            allocations.add(allocation);
            context.stats.allocationOpened(allocation.quotaGroup);
            return allocation;
        } catch (IOException e) {
            LOG.warn("{}: could not open a relay socket: {}", name, e.toString());
            return null;
        }
    }

    /** Releases an allocation: its relay socket, its quota, its client's link to it (RFC 8656 §8: lifetime 0). */
    void close(Allocation allocation) {
        if (!allocations.remove(allocation)) {
            return;
        }
        context.index.remove(allocation.relayAddress, allocation);
        try {
            allocation.relay.close();
        } catch (IOException e) {
            LOG.debug("{}: closing relay socket: {}", name, e.toString());
        }
        if (allocation.client.allocation == allocation) {
            allocation.client.allocation = null;
        }
        if (allocation.client instanceof UdpClient u) {
            udp.released(u);
        }
        long now = context.clock.millis();
        context.stats.connected(allocation.quotaGroup, now - allocation.reportedMillis);
        context.release(allocation.quotaGroup);
        context.stats.allocationClosed(allocation.quotaGroup);
    }

    /** Expires allocations, permissions and bindings, reports time held and flushes this thread's counters. */
    private void sweep(long now) {
        connections.closeIdle(now);
        localRelays.removeIf(LocalRelay::isClosed);
        // Backwards by index: closing removes the allocation from the list, and a sweep copies nothing.
        for (int i = allocations.size() - 1; i >= 0; i = Math.min(i, allocations.size()) - 1) {
            Allocation allocation = allocations.get(i);
            if (allocation.expiresAtMillis <= now) {
                close(allocation);
                continue;
            }
            allocation.expire(now);
            context.stats.connected(allocation.quotaGroup, now - allocation.reportedMillis);
            allocation.reportedMillis = now;
        }
        context.stats.relayed(packets, bytes);
        context.stats.dropped("relay", dropped);
        packets = 0;
        bytes = 0;
        dropped = 0;
    }

    private void closeAll() {
        for (Allocation allocation : new ArrayList<>(allocations)) {
            close(allocation);
        }
        for (LocalRelay relay : localRelays) {
            relay.close();
        }
        handedOverRelays.forEach(LocalRelay::close);
        connections.closeAll();
        try {
            selector.close();
            udp.closeListener();
            for (TcpConnections.Acceptor acceptor : acceptors) {
                acceptor.channel().close();
            }
        } catch (IOException e) {
            LOG.debug("{}: closing: {}", name, e.toString());
        }
    }
}
