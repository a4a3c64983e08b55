package io.storagesession.bench.session.relay;

import io.storagesession.bench.turn.StunRequest;
import io.storagesession.bench.turn.StunResponse;
import io.storagesession.bench.turn.TurnUdpClient;
import io.storagesession.turn.Stun;
import io.storagesession.turn.StunWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A participant's TURN allocation (RFC 8656) once the event loop owns its socket: the relay candidate it announces,
 * one channel (§12) per remote relay candidate of the server — bound with a permission as soon as the candidate is
 * trickled — and ChannelData framing both ways. Control requests are sent without waiting; their answers come back
 * through {@link #onStun} on the loop, where a stale nonce (438) is answered by resending with the new one. Permissions
 * (300 s), channels (600 s) and the allocation are refreshed every {@link #REFRESH_NANOS}, so a long ramp keeps its
 * relay. Confined to the event loop, except {@link #sendFromAnyThread}, for the DTLS handshake pool.
 */
public final class TurnRelay {
    /** Well inside the shortest lifetime the server grants (permissions: 300 s, RFC 8656 §9). */
    static final long REFRESH_NANOS = 120_000_000_000L;
    /** The allocation lifetime asked for on refresh (RFC 8656 §7.2's default). */
    private static final int ALLOCATION_LIFETIME_SECONDS = 600;
    /** How long {@link #release} waits for the answer to its Refresh 0 (the server is on the same host or LAN). */
    private static final long RELEASE_WAIT_NANOS = 200_000_000L;
    private static final long RELEASE_POLL_MILLIS = 2;
    private static final int MAX_DATAGRAM = 2048;
    /** RFC 8656 §12: channel numbers 0x4000–0x4FFF; first two bits 01 mark ChannelData on the wire. */
    private static final int LAST_CHANNEL = 0x4FFF;
    private static final int CHANNEL_DATA_MARK = 0x40;
    private static final int FIRST_TWO_BITS = 0xC0;
    private static final int DATA_INDICATION = Stun.type(Stun.DATA, Stun.CLASS_INDICATION);
    /** An IPv4 XOR-PEER-ADDRESS value: reserved, family, port, address (RFC 8489 §14.2). */
    private static final int MIN_XOR_ADDRESS = 8;

    private final TurnUdpClient client;
    private final DatagramChannel channel;
    private final InetSocketAddress relayed;
    private StunWriter.Credentials key;
    private final List<InetSocketAddress> remotes = new ArrayList<>();
    private final Map<InetSocketAddress, Integer> channels = new HashMap<>();
    private final Map<String, Supplier<StunRequest>> pending = new HashMap<>();
    private long lastRefreshNanos;
    private long refusals;

    /** Takes over an allocated client's socket (made non-blocking by the caller that registers it). */
    public TurnRelay(TurnUdpClient client, long nowNanos) {
        this.client = client;
        this.channel = client.channel();
        this.relayed = client.relayedAddress();
        this.key = client.longTermKey();
        this.lastRefreshNanos = nowNanos;
        if (relayed == null || key == null) {
            throw new IllegalArgumentException("the TURN client has no allocation");
        }
    }

    public InetSocketAddress relayedAddress() {
        return relayed;
    }

    public DatagramChannel channel() {
        return channel;
    }

    /** Control requests the server refused (other than a stale nonce, which is retried). */
    public long refusals() {
        return refusals;
    }

    /** Permission and a channel for a relay candidate of the server; returns its channel number. */
    public int addRemote(InetSocketAddress remote) throws IOException {
        Integer known = channels.get(remote);
        if (known != null) {
            return known;
        }
        int number = Stun.MIN_CHANNEL + remotes.size();
        if (number > LAST_CHANNEL) {
            throw new IOException("no TURN channel left for " + remote);
        }
        remotes.add(remote);
        channels.put(remote, number);
        bind(remote, number);
        return number;
    }

    /** How many remote candidates have a channel (numbers {@code FIRST_CHANNEL} up). */
    public int remoteCount() {
        return remotes.size();
    }

    /** The channel bound to {@code remote}, or -1. */
    public int channelOf(InetSocketAddress remote) {
        Integer n = channels.get(remote);
        return n == null ? -1 : n;
    }

    /** The remote of a channel number, or null. */
    public InetSocketAddress remoteOf(int channelNumber) {
        int i = channelNumber - Stun.MIN_CHANNEL;
        return i >= 0 && i < remotes.size() ? remotes.get(i) : null;
    }

    /** Whether a received datagram is ChannelData (RFC 8656 §12.4). */
    public static boolean isChannelData(byte[] b, int off, int len) {
        return len >= Stun.CHANNEL_DATA_HEADER && (b[off] & FIRST_TWO_BITS) == CHANNEL_DATA_MARK;
    }

    /** The channel number of a ChannelData datagram. */
    public static int channelNumber(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    /** The application data length a ChannelData datagram declares, or -1 if more than the datagram holds. */
    public static int channelDataLength(byte[] b, int off, int len) {
        int length = (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
        return Stun.CHANNEL_DATA_HEADER + length <= len ? length : -1;
    }

    /**
     * Sends {@code len} bytes already written at {@code out[4..]} on {@code channelNumber}: fills in the ChannelData
     * header and writes the datagram. {@code buffer} wraps {@code out}; a full socket buffer drops the datagram, as
     * the network would.
     */
    public boolean send(ByteBuffer buffer, int channelNumber, int len) throws IOException {
        byte[] out = buffer.array();
        out[0] = (byte) (channelNumber >>> 8);
        out[1] = (byte) channelNumber;
        out[2] = (byte) (len >>> 8);
        out[3] = (byte) len;
        buffer.clear().limit(Stun.CHANNEL_DATA_HEADER + len);
        return channel.write(buffer) > 0;
    }

    /**
     * Sends one datagram on {@code channelNumber} from any thread (DTLS handshakes run on a pool); copies it. Touches
     * no state of the loop's, only the socket, whose writes are thread-safe.
     */
    public void sendFromAnyThread(int channelNumber, byte[] b, int off, int len) throws IOException {
        ByteBuffer datagram = ByteBuffer.allocate(Stun.CHANNEL_DATA_HEADER + len);
        datagram.putShort((short) channelNumber).putShort((short) len).put(b, off, len).flip();
        channel.write(datagram);
    }

    /**
     * A Data indication (RFC 8656 §11.4) in {@code b[off, off + len)}: returns the offset of its DATA value and stores
     * its length in {@code dataLength[0]} and the peer in {@code peer[0]}; -1 if it is not a well-formed one.
     */
    public static int dataIndication(byte[] b, int off, int len, int[] dataLength, InetSocketAddress[] peer) {
        if (len < Stun.HEADER || (b[off] & FIRST_TWO_BITS) != 0) {
            return -1;
        }
        int type = (b[off] & 0x3F) << 8 | b[off + 1] & 0xFF;
        int length = (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
        if (type != DATA_INDICATION || Stun.HEADER + length > len) {
            return -1;
        }
        ByteBuffer in = ByteBuffer.wrap(b, off, Stun.HEADER + length).slice();
        in.position(Stun.HEADER);
        int dataAt = -1;
        peer[0] = null;
        while (in.remaining() >= 4) {
            int attribute = in.getShort() & 0xFFFF;
            int valueLength = in.getShort() & 0xFFFF;
            int value = in.position();
            if (valueLength > in.remaining()) {
                return -1;
            }
            if (attribute == Stun.ATTR_XOR_PEER_ADDRESS) {
                peer[0] = valueLength < MIN_XOR_ADDRESS ? null : Stun.readXorAddress(b, off, off + value, valueLength);
                if (peer[0] == null) {
                    return -1;
                }
            } else if (attribute == Stun.ATTR_DATA) {
                dataAt = off + value;
                dataLength[0] = valueLength;
            }
            int next = value + (valueLength + 3 & ~3);
            if (next > in.limit()) {
                break;
            }
            in.position(next);
        }
        return peer[0] != null ? dataAt : -1;
    }

    /** An answer to one of our control requests; a stale nonce is retried with the new nonce. */
    public void onStun(ByteBuffer datagram) throws IOException {
        StunResponse response;
        try {
            response = StunResponse.parse(datagram);
        } catch (RuntimeException malformed) {
            refusals++;
            return;
        }
        Supplier<StunRequest> request = pending.remove(key(response.transactionId()));
        if (request == null || response.isSuccess()) {
            return;
        }
        if (response.errorCode() == Stun.ERROR_STALE_NONCE && response.nonce() != null) {
            key = key.withNonce(response.nonce().getBytes(StandardCharsets.UTF_8));
            transact(request);
        } else {
            refusals++;
        }
    }

    /** Refreshes permissions, channels and the allocation when due. */
    public void refreshIfDue(long nowNanos) throws IOException {
        if (nowNanos - lastRefreshNanos < REFRESH_NANOS) {
            return;
        }
        lastRefreshNanos = nowNanos;
        pending.clear();
        for (InetSocketAddress remote : remotes) {
            bind(remote, channels.get(remote));
        }
        transact(() -> new StunRequest(Stun.REFRESH).intAttribute(Stun.ATTR_LIFETIME, ALLOCATION_LIFETIME_SECONDS));
    }

    /**
     * Gives the allocation back (Refresh with lifetime 0, RFC 8656 §7.2) and closes the socket. It waits briefly for the
     * answer, because a nonce that went stale since the last request is answered 438 with a new one (RFC 8489 §9.2):
     * sent once and forgotten, such a Refresh left the allocation (and the server's socket for it) to expire on its own.
     */
    public void release() {
        try {
            ByteBuffer answer = ByteBuffer.allocate(MAX_DATAGRAM);
            boolean retried = false;
            StunRequest refresh = new StunRequest(Stun.REFRESH).intAttribute(Stun.ATTR_LIFETIME, 0);
            channel.write(ByteBuffer.wrap(refresh.encode(key)));
            long deadline = System.nanoTime() + RELEASE_WAIT_NANOS;
            while (System.nanoTime() < deadline) {
                answer.clear();
                if (channel.read(answer) <= 0) {
                    Thread.sleep(RELEASE_POLL_MILLIS);
                    continue;
                }
                answer.flip();
                if (!StunResponse.isStun(answer)) {
                    continue; // ChannelData still in flight
                }
                StunResponse response = StunResponse.parse(answer);
                if (!response.answers(refresh.transactionId())) {
                    continue;
                }
                if (!response.isSuccess() && response.errorCode() == Stun.ERROR_STALE_NONCE && !retried
                        && response.nonce() != null) {
                    key = key.withNonce(response.nonce().getBytes(StandardCharsets.UTF_8));
                    refresh = new StunRequest(Stun.REFRESH).intAttribute(Stun.ATTR_LIFETIME, 0);
                    channel.write(ByteBuffer.wrap(refresh.encode(key)));
                    retried = true;
                    continue;
                }
                if (!response.isSuccess()) {
                    refusals++;
                }
                break;
            }
        } catch (IOException | RuntimeException e) {
            refusals++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP socket cannot fail in a way that matters here
        }
    }

    private void bind(InetSocketAddress remote, int number) throws IOException {
        transact(() -> new StunRequest(Stun.CREATE_PERMISSION).xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, remote));
        transact(() -> new StunRequest(Stun.CHANNEL_BIND).intAttribute(Stun.ATTR_CHANNEL_NUMBER, number << 16)
                .xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, remote));
    }

    private void transact(Supplier<StunRequest> factory) throws IOException {
        StunRequest request = factory.get();
        pending.put(key(request.transactionId()), factory);
        channel.write(ByteBuffer.wrap(request.encode(key)));
    }

    private static String key(byte[] transactionId) {
        return java.util.HexFormat.of().formatHex(transactionId);
    }

    @Override
    public String toString() {
        return "relay " + relayed + " via " + client;
    }
}
