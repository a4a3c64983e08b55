package io.storagesession.bench.turn;

import io.storagesession.turn.Stun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of a benchmark: N TURN allocations, each with its own UDP peer socket on 127.0.0.1 that was given a
 * permission and bound to channel 0x4000, the peer socket connected to the relayed address (so the echo loop reads
 * and writes without per-packet addresses). {@link #direct} builds the same shape without a server, for the baseline.
 */
final class RelaySetup implements AutoCloseable {
    /** Room for bursts on the generator's own sockets, so its losses are not mistaken for the server's. */
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;

    private final List<TurnUdpClient> turnClients = new ArrayList<>();
    private final DatagramChannel[] clients;
    private final DatagramChannel[] peers;

    private RelaySetup(int count) {
        clients = new DatagramChannel[count];
        peers = new DatagramChannel[count];
    }

    static RelaySetup throughTurn(InetSocketAddress server, int count, String username, String password)
            throws IOException {
        RelaySetup setup = new RelaySetup(count);
        try {
            for (int i = 0; i < count; i++) {
                TurnUdpClient client = TurnUdpClient.open(server, username, password);
                setup.turnClients.add(client);
                setup.clients[i] = withBuffers(client.channel());
                InetSocketAddress relayed = client.allocateOrThrow();
                DatagramChannel peer = withBuffers(DatagramChannel.open())
                        .bind(new InetSocketAddress(server.getAddress(), 0));
                setup.peers[i] = peer;
                InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalAddress();
                TurnUdpClient.require(client.createPermission(peerAddress));
                TurnUdpClient.require(client.channelBind(Stun.MIN_CHANNEL, peerAddress));
                peer.connect(relayed);
            }
            return setup;
        } catch (IOException | RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    static RelaySetup direct(InetAddress bindAddress, int count) throws IOException {
        RelaySetup setup = new RelaySetup(count);
        try {
            for (int i = 0; i < count; i++) {
                setup.clients[i] = withBuffers(DatagramChannel.open())
                        .bind(new InetSocketAddress(bindAddress, 0));
                setup.peers[i] = withBuffers(DatagramChannel.open())
                        .bind(new InetSocketAddress(bindAddress, 0));
                setup.clients[i].connect(setup.peers[i].getLocalAddress());
                setup.peers[i].connect(setup.clients[i].getLocalAddress());
            }
            return setup;
        } catch (IOException | RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    private static DatagramChannel withBuffers(DatagramChannel channel) throws IOException {
        return channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    }

    DatagramChannel[] clients() {
        return clients;
    }

    DatagramChannel[] peers() {
        return peers;
    }

    /**
     * Releases the allocations so a long-running server gets its ports back (best effort: after the first failure,
     * for instance a server already gone, the rest are left to expire) and closes every socket.
     */
    @Override
    public void close() {
        for (TurnUdpClient client : turnClients) {
            if (client.relayedAddress() == null) {
                continue;
            }
            try {
                client.channel().configureBlocking(true);
                client.release();
            } catch (IOException | RuntimeException e) {
                System.err.println("could not release allocations: " + e);
                break;
            }
        }
        closeAll(clients);
        closeAll(peers);
    }

    private static void closeAll(DatagramChannel[] channels) {
        for (DatagramChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    System.err.println("close failed: " + e);
                }
            }
        }
    }
}
