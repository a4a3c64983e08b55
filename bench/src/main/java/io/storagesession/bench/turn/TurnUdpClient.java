package io.storagesession.bench.turn;

import io.storagesession.turn.Stun;
import io.storagesession.turn.StunWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * The control half of a TURN client over UDP (RFC 8656): Allocate with the long-term credential challenge,
 * CreatePermission, ChannelBind, Refresh with lifetime 0. Requests are retransmitted on silence (RFC 8489 §6.2.1, with
 * a short fixed interval suited to 127.0.0.1). The channel stays blocking and connected to the server while this
 * client uses it; the data half ({@link ClientLoop}) then takes it over in non-blocking mode.
 */
public final class TurnUdpClient {
    private static final int ATTEMPTS = 7;
    private static final int RETRANSMIT_MS = 300;

    private final DatagramChannel channel;
    private final String username;
    private final String password;
    private StunWriter.Credentials key;
    private InetSocketAddress relayedAddress;

    /** Opens a UDP socket on 127.0.0.1 connected to {@code server}. */
    public static TurnUdpClient open(InetSocketAddress server, String username, String password) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(server.getAddress(), 0));
            channel.connect(server);
            return new TurnUdpClient(channel, username, password);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private TurnUdpClient(DatagramChannel channel, String username, String password) {
        this.channel = channel;
        this.username = username;
        this.password = password;
    }

    public DatagramChannel channel() {
        return channel;
    }

    /**
     * The long-term key (with the server's realm and current nonce) of the last successful Allocate, or null: a data
     * loop that takes the channel over signs its own CreatePermission, ChannelBind and Refresh requests with it.
     */
    public StunWriter.Credentials longTermKey() {
        return key;
    }

    /** The relayed transport address of the last successful Allocate, or null. */
    public InetSocketAddress relayedAddress() {
        return relayedAddress;
    }

    /**
     * Sends an unauthenticated Allocate, answers the 401 challenge with the credentials, and returns the final
     * response: a success carrying XOR-RELAYED-ADDRESS, or the error the server insists on (401 for bad credentials).
     */
    public StunResponse allocate() throws IOException {
        StunResponse challenge = transact(allocateRequest(), null);
        if (challenge.isSuccess() || challenge.errorCode() != Stun.ERROR_UNAUTHORIZED || challenge.realm() == null) {
            return challenge;
        }
        key = StunWriter.Credentials.of(username, password, challenge.realm().getBytes(StandardCharsets.UTF_8),
                challenge.nonce() == null ? new byte[0] : challenge.nonce().getBytes(StandardCharsets.UTF_8));
        StunResponse response = authenticated(this::allocateRequest);
        if (response.isSuccess()) {
            relayedAddress = response.relayedAddress();
        }
        return response;
    }

    /** Allocates and fails unless the server grants a relayed address. */
    public InetSocketAddress allocateOrThrow() throws IOException {
        return require(allocate()).relayedAddress();
    }

    public StunResponse createPermission(InetSocketAddress peer) throws IOException {
        return authenticated(() -> new StunRequest(Stun.CREATE_PERMISSION).xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, peer));
    }

    public StunResponse channelBind(int channelNumber, InetSocketAddress peer) throws IOException {
        return authenticated(() -> new StunRequest(Stun.CHANNEL_BIND)
                .intAttribute(Stun.ATTR_CHANNEL_NUMBER, channelNumber << 16)
                .xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, peer));
    }

    /** Releases the allocation (Refresh with LIFETIME 0, RFC 8656 §7.2). */
    public StunResponse release() throws IOException {
        return authenticated(() -> new StunRequest(Stun.REFRESH).intAttribute(Stun.ATTR_LIFETIME, 0));
    }

    /** Throws with the server's answer unless {@code response} is a success. */
    public static StunResponse require(StunResponse response) throws IOException {
        if (!response.isSuccess()) {
            throw new IOException("TURN request refused: " + response);
        }
        return response;
    }

    private StunRequest allocateRequest() {
        return new StunRequest(Stun.ALLOCATE).intAttribute(Stun.ATTR_REQUESTED_TRANSPORT, Stun.PROTOCOL_UDP << 24);
    }

    private StunResponse authenticated(RequestFactory factory) throws IOException {
        if (key == null) {
            throw new IllegalStateException("allocate() first: the server's realm and nonce are needed");
        }
        StunResponse response = transact(factory.create(), key);
        if (response.errorCode() == Stun.ERROR_STALE_NONCE && response.nonce() != null) {
            key = key.withNonce(response.nonce().getBytes(StandardCharsets.UTF_8));
            response = transact(factory.create(), key);
        }
        return response;
    }

    private StunResponse transact(StunRequest request, StunWriter.Credentials withKey) throws IOException {
        byte[] transactionId = request.transactionId();
        ByteBuffer out = ByteBuffer.wrap(request.encode(withKey));
        byte[] in = new byte[2048];
        DatagramPacket packet = new DatagramPacket(in, in.length);
        channel.socket().setSoTimeout(RETRANSMIT_MS);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            channel.write(out.rewind());
            long deadline = System.nanoTime() + RETRANSMIT_MS * 1_000_000L;
            while (System.nanoTime() < deadline) {
                try {
                    channel.socket().receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                ByteBuffer datagram = ByteBuffer.wrap(in, 0, packet.getLength());
                if (StunResponse.isStun(datagram)) {
                    StunResponse response = StunResponse.parse(datagram);
                    if (response.answers(transactionId)) {
                        return response;
                    }
                }
            }
        }
        throw new SocketTimeoutException("no answer from TURN server " + channel.getRemoteAddress() + " after "
                + ATTEMPTS + " attempts");
    }

    @FunctionalInterface
    private interface RequestFactory {
        StunRequest create();
    }
}
