package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the per-client sockets of the UDP listener rely on, checked against this machine's kernel with plain sockets:
 * a socket bound to the listeners' address and port and connected to a client receives that client's datagrams, and
 * only them, while every other sender still reaches the SO_REUSEPORT listeners; replies leave from the listener port.
 */
class ConnectedClientSocketTest {
    private static final int LISTENERS = 2;
    private static final int CLIENTS = 20;
    private static final int STRANGERS = 50;
    private static final long WAIT_MILLIS = 2000;

    private final List<DatagramChannel> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (DatagramChannel c : open) {
            c.close();
        }
    }

    @Test
    void aConnectedSocketTakesItsClientsDatagramsFromSpecificListeners() throws Exception {
        routes("127.0.0.1");
    }

    @Test
    void aConnectedSocketTakesItsClientsDatagramsFromWildcardListeners() throws Exception {
        routes("0.0.0.0");
    }

    private void routes(String listenHost) throws Exception {
        List<DatagramChannel> listeners = new ArrayList<>();
        DatagramChannel first = keep(Sockets.listener(new InetSocketAddress(listenHost, 0), 65536));
        InetSocketAddress local = (InetSocketAddress) first.getLocalAddress();
        listeners.add(first);
        for (int i = 1; i < LISTENERS; i++) {
            listeners.add(keep(Sockets.listener(local, 65536)));
        }
        for (DatagramChannel l : listeners) {
            l.configureBlocking(false);
        }
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", local.getPort());
        List<DatagramChannel> clients = new ArrayList<>();
        List<DatagramChannel> own = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            DatagramChannel client = keep(DatagramChannel.open());
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            clients.add(client);
            own.add(keep(Sockets.connected(local, (InetSocketAddress) client.getLocalAddress(), 65536)));
        }

        for (int i = 0; i < CLIENTS; i++) {
            clients.get(i).send(ByteBuffer.allocate(4).putInt(0, i), server);
        }
        for (int i = 0; i < CLIENTS; i++) {
            ByteBuffer got = ByteBuffer.allocate(16);
            assertThat(readWithin(own.get(i), got)).as("client %d's datagram on its own socket", i).isEqualTo(4);
            assertThat(got.getInt(0)).isEqualTo(i);
        }
        for (int i = 0; i < STRANGERS; i++) {
            try (DatagramChannel stranger = DatagramChannel.open()) {
                stranger.send(ByteBuffer.allocate(4).putInt(0, 1000 + i), server);
            }
        }
        int onListeners = 0;
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (onListeners < STRANGERS && System.currentTimeMillis() < deadline) {
            for (DatagramChannel l : listeners) {
                ByteBuffer got = ByteBuffer.allocate(16);
                if (l.receive(got) != null) {
                    assertThat(got.getInt(0)).as("only strangers reach the listeners").isGreaterThanOrEqualTo(1000);
                    onListeners++;
                }
            }
        }
        assertThat(onListeners).as("every stranger's datagram reaches a listener").isEqualTo(STRANGERS);
        for (DatagramChannel socket : own) {
            assertThat(socket.read(ByteBuffer.allocate(16))).as("no stranger reaches a client's socket").isZero();
        }

        own.get(0).write(ByteBuffer.allocate(4).putInt(0, 7));
        DatagramChannel client = clients.get(0);
        client.configureBlocking(true);
        ByteBuffer reply = ByteBuffer.allocate(16);
        assertThat(client.receive(reply)).as("the reply leaves from the TURN port").isEqualTo(server);
        assertThat(reply.getInt(0)).isEqualTo(7);

        own.get(0).close();
        client.send(ByteBuffer.allocate(4).putInt(0, 0), server);
        int back = 0;
        deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (back == 0 && System.currentTimeMillis() < deadline) {
            for (DatagramChannel l : listeners) {
                if (l.receive(ByteBuffer.allocate(16)) != null) {
                    back++;
                }
            }
        }
        assertThat(back).as("once its socket is closed, the client reaches the listeners again").isEqualTo(1);
    }

    private DatagramChannel keep(DatagramChannel channel) {
        open.add(channel);
        return channel;
    }

    private static int readWithin(DatagramChannel socket, ByteBuffer into) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            int n = socket.read(into);
            if (n > 0) {
                return n;
            }
            Thread.onSpinWait();
        }
        return 0;
    }
}
