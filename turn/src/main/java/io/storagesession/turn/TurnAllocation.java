package io.storagesession.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An allocation on an outside TURN server (RFC 8656), held by a non-blocking client on {@link TurnClients}' shared
 * I/O thread: the {@link RelayTransport} of a participant when the storage session relays through coturn or another
 * server rather than the embedded one.
 *
 * <p>Two sides. Senders on any thread call {@link #send}, which writes Send indications (§11.2) until the peer's
 * channel is bound and ChannelData (§12.5) afterwards, straight to the UDP socket through {@link ClientFraming}.
 * The I/O thread owns the protocol — Allocate with the long-term credential challenge, Refresh before the lifetime
 * runs out (§8), CreatePermission every few minutes (§9), ChannelBind per peer and its refresh (§12) — and delivers
 * what arrives (ChannelData, Data indications) to the {@link RelayReceiver}. The two sides share only the peer and
 * permission maps (concurrent) and volatile flags.
 */
public final class TurnAllocation implements RelayTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TurnAllocation.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    final TurnClients clients;
    private final DatagramChannel channel;
    private final InetSocketAddress server;
    private final String username;
    private final String password;
    private final RelayReceiver receiver;
    private final TurnClientStats stats;
    private final CompletableFuture<RelayTransport> allocated;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private final PeerChannels channels = new PeerChannels();
    private final Set<InetAddress> permitted = ConcurrentHashMap.newKeySet();
    private final ClientFraming framing;
    private volatile InetSocketAddress relayed;
    private volatile boolean closed;

    // I/O thread only.
    private StunWriter.Credentials credentials;
    private final List<ClientTransaction> pending = new ArrayList<>(2);
    private final Map<InetAddress, ClientTimers.Timer> permissionRefreshes = new HashMap<>();
    private ClientTimers.Timer allocationRefresh;
    private long expiresAtNanos;
    private boolean finished;

    TurnAllocation(TurnClients clients, DatagramChannel channel, InetSocketAddress server, String username,
                   String password, RelayReceiver receiver, CompletableFuture<RelayTransport> allocated) {
        this.clients = clients;
        this.channel = channel;
        this.server = server;
        this.username = username;
        this.password = password;
        this.receiver = receiver;
        this.stats = clients.stats();
        this.allocated = allocated;
        this.framing = new ClientFraming(channel);
    }

    // ---- RelayTransport: any thread ----

    @Override
    public InetSocketAddress address() {
        return relayed;
    }

    @Override
    public void permit(InetAddress peer) {
        if (!closed && permitted.add(peer)) {
            clients.execute(() -> createPermission(peer));
        }
    }

    @Override
    public boolean send(byte[] buf, int off, int len, InetSocketAddress peer) {
        PeerChannel c = closed ? null : channels.get(peer);
        if (c == null && !closed && permitted.contains(peer.getAddress())) {
            c = channels.open(peer, created -> clients.execute(() -> bind(created)));
        }
        if (c == null || !framing.send(c, buf, off, len)) {
            stats.add(TurnClientStats.Count.SEND_DROPPED);
            return false;
        }
        return true;
    }

    /** Sends Refresh with LIFETIME 0 (RFC 8656 §8), best effort without waiting, and closes the socket. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clients.execute(this::release);
        }
    }

    /** Completes with the reason when the allocation is lost while in use (a refresh refused or never answered). */
    public CompletionStage<String> lost() {
        return lost.minimalCompletionStage();
    }

    /** The TURN server this allocation is on. */
    public InetSocketAddress server() {
        return server;
    }

    /** The channel-bound peers, for diagnostics and tests: their ChannelData goes with a 4-byte header. */
    public int boundChannels() {
        return (int) channels.all().stream().filter(c -> c.bound).count();
    }

    // ---- protocol: I/O thread ----

    /** Registers the socket and sends the first Allocate (RFC 8656 §7.1); the 401 answer brings REALM and NONCE. */
    void start(Selector selector) {
        if (closed) {
            release();
            return;
        }
        try {
            channel.register(selector, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            fail(new TurnClientException(TurnClientException.NO_ANSWER, "cannot register the TURN client socket to "
                    + server + ": " + e));
            return;
        }
        request(Stun.ALLOCATE, w -> w.u32(Stun.ATTR_REQUESTED_TRANSPORT, Stun.PROTOCOL_UDP << 24)
                .u32(Stun.ATTR_LIFETIME, (int) clients.settings().requestedLifetime().toSeconds()),
                this::allocated, (code, reason) -> fail(new TurnClientException(code, "TURN server " + server
                        + (code == 0 ? ": " + reason : " refused Allocate for " + username + ": " + code + " " + reason))));
    }

    private void allocated(byte[] m, int len) {
        InetSocketAddress address = ResponseFields.xorAddress(m, len, Stun.ATTR_XOR_RELAYED_ADDRESS);
        long lifetime = ResponseFields.u32(m, len, Stun.ATTR_LIFETIME);
        if (address == null || lifetime <= 0) {
            fail(new TurnClientException(0, "TURN server " + server + " answered Allocate without "
                    + (address == null ? "XOR-RELAYED-ADDRESS" : "LIFETIME")));
            return;
        }
        relayed = address;
        scheduleRefresh(lifetime);
        if (!allocated.complete(this) || closed) {
            release();
        }
    }

    private void scheduleRefresh(long lifetimeSeconds) {
        long now = System.nanoTime();
        expiresAtNanos = now + lifetimeSeconds * NANOS_PER_SECOND;
        long after = (long) (lifetimeSeconds * NANOS_PER_SECOND * clients.settings().refreshAhead());
        allocationRefresh = clients.timers().schedule(now + after, this::refresh);
    }

    /** RFC 8656 §8: a Refresh before the lifetime runs out; a timeout is retried while time is left. */
    private void refresh() {
        if (finished) {
            return;
        }
        long requested = clients.settings().requestedLifetime().toSeconds();
        request(Stun.REFRESH, w -> w.u32(Stun.ATTR_LIFETIME, (int) requested), (m, len) -> {
            long lifetime = ResponseFields.u32(m, len, Stun.ATTR_LIFETIME);
            stats.add(TurnClientStats.Count.ALLOCATION_REFRESHES);
            scheduleRefresh(lifetime > 0 ? lifetime : requested);
        }, (code, reason) -> {
            if (code == TurnClientException.NO_ANSWER && System.nanoTime() < expiresAtNanos) {
                refresh();
            } else {
                lose(code == 0 ? reason : "Refresh refused: " + code + " " + reason);
            }
        });
    }

    /** RFC 8656 §9: CreatePermission for one peer IP, refreshed before its 300 s run out. */
    private void createPermission(InetAddress peer) {
        if (finished || !permitted.contains(peer)) {
            return;
        }
        request(Stun.CREATE_PERMISSION, w -> w.xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, new InetSocketAddress(peer, 0)),
                (m, len) -> {
                    stats.add(TurnClientStats.Count.PERMISSIONS);
                    permissionRefreshes.put(peer, clients.timers().schedule(System.nanoTime()
                            + clients.settings().permissionRefresh().toNanos(), () -> createPermission(peer)));
                }, (code, reason) -> {
                    if (code == TurnClientException.NO_ANSWER) {
                        createPermission(peer);
                        return;
                    }
                    LOG.warn("TURN server {} refused a permission for {} on {}: {} {}", server,
                            peer.getHostAddress(), relayed, code, reason);
                    permitted.remove(peer);
                });
    }

    /** RFC 8656 §12.1: binds the peer's channel, and refreshes the binding before its 10 minutes run out. */
    private void bind(PeerChannel c) {
        if (finished) {
            return;
        }
        channels.expect(c);
        request(Stun.CHANNEL_BIND, w -> w.u32(Stun.ATTR_CHANNEL_NUMBER, c.number << 16)
                .xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, c.peer), (m, len) -> {
                    stats.add(TurnClientStats.Count.CHANNEL_BINDS);
                    c.bound = true;
                    c.refresh = clients.timers().schedule(System.nanoTime()
                            + clients.settings().channelRefresh().toNanos(), () -> bind(c));
                }, (code, reason) -> {
                    if (code == TurnClientException.NO_ANSWER) {
                        bind(c);
                        return;
                    }
                    // Unbound, the peer is still reached through Send indications (RFC 8656 §11).
                    LOG.warn("TURN server {} refused channel {} for {} on {}: {} {}", server,
                            Integer.toHexString(c.number), c.peer, relayed, code, reason);
                });
    }

    private void request(int method, Consumer<StunWriter> attributes, ClientTransaction.Succeeded succeeded,
                         ClientTransaction.Failed failed) {
        ClientTransaction transaction = new ClientTransaction(this, method, attributes, succeeded, (code, reason) -> {
            stats.add(TurnClientStats.Count.REQUEST_FAILURES);
            failed.failed(code, reason);
        });
        pending.add(transaction);
        transaction.start();
    }

    /** Datagrams from the server, read until the socket is empty; {@code in} and {@code scratch} are the loop's. */
    void readable(ByteBuffer in, byte[] scratch) {
        while (!finished) {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (PortUnreachableException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            if (n <= 0) {
                return;
            }
            int first = in.get(0) & 0xff;
            if (Stun.isChannelData(first)) {
                channelData(in, n);
            } else if (Stun.isStun(first)) {
                in.get(0, scratch, 0, n);
                stun(in, scratch, n);
            } else {
                stats.add(TurnClientStats.Count.MALFORMED);
            }
        }
    }

    /** RFC 8656 §12.6: ChannelData from a bound peer; a length beyond the datagram or an unknown number is dropped. */
    private void channelData(ByteBuffer in, int n) {
        if (n < Stun.CHANNEL_DATA_HEADER) {
            stats.add(TurnClientStats.Count.MALFORMED);
            return;
        }
        int number = in.getShort(0) & 0xffff;
        int length = in.getShort(2) & 0xffff;
        if (Stun.CHANNEL_DATA_HEADER + length > n) {
            stats.add(TurnClientStats.Count.MALFORMED);
            return;
        }
        PeerChannel c = channels.byNumber(number);
        if (c == null) {
            stats.add(TurnClientStats.Count.UNKNOWN_CHANNEL);
            return;
        }
        in.limit(Stun.CHANNEL_DATA_HEADER + length).position(Stun.CHANNEL_DATA_HEADER);
        deliver(in, c.peer, TurnClientStats.Count.CHANNEL_DATA_RECEIVED);
    }

    private void stun(ByteBuffer in, byte[] m, int n) {
        Stun.Scan scan = Stun.scan(m, n);
        if (scan == null) {
            stats.add(TurnClientStats.Count.MALFORMED);
            return;
        }
        int messageClass = Stun.messageClass(scan.type());
        if (messageClass == Stun.CLASS_INDICATION && Stun.method(scan.type()) == Stun.DATA) {
            dataIndication(in, m, n);
            return;
        }
        if (messageClass == Stun.CLASS_SUCCESS || messageClass == Stun.CLASS_ERROR) {
            for (int i = 0; i < pending.size(); i++) {
                ClientTransaction t = pending.get(i);
                if (t.answers(m)) {
                    t.onResponse(m, n, scan);
                    return;
                }
            }
        }
        stats.add(TurnClientStats.Count.UNMATCHED_RESPONSE);
    }

    /**
     * RFC 8656 §11.4: a Data indication, from a peer whose channel is not bound yet. The payload is delivered from
     * where it lies in {@code in}; the peer's address is the canonical one when the peer has a channel.
     */
    private void dataIndication(ByteBuffer in, byte[] m, int n) {
        InetSocketAddress peer = ResponseFields.xorAddress(m, n, Stun.ATTR_XOR_PEER_ADDRESS);
        int data = Stun.find(m, n, Stun.ATTR_DATA);
        if (peer == null || data < 0 || !permitted.contains(peer.getAddress())) {
            stats.add(TurnClientStats.Count.UNKNOWN_CHANNEL);
            return;
        }
        PeerChannel known = channels.get(peer);
        in.limit(data + 4 + Stun.u16(m, data + 2)).position(data + 4);
        deliver(in, known != null ? known.peer : peer, TurnClientStats.Count.DATA_INDICATIONS_RECEIVED);
    }

    private void deliver(ByteBuffer payload, InetSocketAddress from, TurnClientStats.Count count) {
        if (closed) {
            return;
        }
        stats.add(count);
        try {
            receiver.received(payload, from);
        } catch (RuntimeException e) {
            LOG.warn("TURN client receiver of {} failed", relayed, e);
        }
    }

    StunWriter.Credentials credentials() {
        return credentials;
    }

    /** A 401 or 438 brought REALM (null: unchanged) and NONCE: the key is MD5(username:realm:password), §9.2.2. */
    void challenged(byte[] realm, byte[] nonce) {
        byte[] r = realm != null ? realm : credentials.realm();
        credentials = StunWriter.Credentials.of(username, password, r, nonce);
    }

    void transmit(byte[] message) {
        try {
            channel.write(ByteBuffer.wrap(message));
        } catch (IOException e) {
            LOG.debug("TURN client to {}: {}", server, e.toString());
        }
    }

    void finished(ClientTransaction transaction) {
        pending.remove(transaction);
    }

    private void fail(TurnClientException e) {
        closed = true;
        allocated.completeExceptionally(e);
        release();
    }

    private void lose(String reason) {
        String why = "TURN allocation " + relayed + " on " + server + " lost: " + reason;
        LOG.warn(why);
        stats.add(TurnClientStats.Count.ALLOCATIONS_LOST);
        closed = true;
        lost.complete(why);
        release();
    }

    /** Ends everything on the I/O thread: requests, timers, the allocation (Refresh 0, not awaited), the socket. */
    private void release() {
        if (finished) {
            return;
        }
        finished = true;
        for (ClientTransaction t : new ArrayList<>(pending)) {
            t.cancel();
        }
        ClientTimers timers = clients.timers();
        timers.cancel(allocationRefresh);
        permissionRefreshes.values().forEach(timers::cancel);
        channels.all().forEach(c -> timers.cancel(c.refresh));
        if (relayed != null && credentials != null && !lost.isDone()) {
            byte[] tid = new byte[StunWriter.TRANSACTION_ID_LENGTH];
            ClientTransaction.RANDOM.nextBytes(tid);
            transmit(StunWriter.request(Stun.REFRESH, tid).u32(Stun.ATTR_LIFETIME, 0).encode(credentials));
        }
        allocated.completeExceptionally(new TurnClientException(0, "closed before the allocation on " + server
                + " was made"));
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the TURN client socket to {}: {}", server, e.toString());
        }
        clients.removed(this);
    }
}
