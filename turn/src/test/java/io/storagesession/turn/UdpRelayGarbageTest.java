package io.storagesession.turn;

import static io.storagesession.turn.TestTurnClient.attr;
import static io.storagesession.turn.TestTurnClient.errorCode;
import static io.storagesession.turn.TestTurnClient.xorAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the relay thread allocates per relayed datagram while UDP clients interleave, as the JVM counts it for that
 * thread: nothing with a socket per client; with the setting off the listener's {@code receive} makes a sender
 * address for every datagram (which also shows that this measurement sees garbage when there is some).
 */
class UdpRelayGarbageTest {
    private static final int CHANNEL = 0x4001;
    private static final int CLIENTS = 10;
    private static final int WARM_UP_ROUNDS = 3000;
    private static final int ROUNDS = 2000;
    private static final byte[] PAYLOAD = new byte[160];
    private static final long UNCAPPED = 1_000_000_000_000L;

    @Test
    void relayingForInterleavedClientsOnTheirOwnSocketsAllocatesNothing() throws Exception {
        double perDatagram = bytesPerDatagram(true);
        System.out.printf("relay thread, client sockets on: %.2f bytes per datagram%n", perDatagram);
        assertThat(perDatagram).isLessThan(1.0);
    }

    @Test
    void onTheListenerEveryDatagramLeavesGarbage() throws Exception {
        double perDatagram = bytesPerDatagram(false);
        System.out.printf("relay thread, client sockets off: %.2f bytes per datagram%n", perDatagram);
        assertThat(perDatagram).as("an InetSocketAddress and its InetAddress at least").isGreaterThan(32.0);
    }

    /** Bytes the relay thread allocates per datagram relayed, up (ChannelData to the peer) and down, after warm-up. */
    private static double bytesPerDatagram(boolean clientSockets) throws Exception {
        // no bandwidth cap: the rounds follow each other as fast as loopback goes
        try (TurnFixture turn = new TurnFixture(Map.of("turn.threads", 1,
                "turn.udp-client-sockets.enabled", clientSockets, "turn.limits.bandwidth-bits-per-second", UNCAPPED));
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            peer.setSoTimeout(2000);
            List<TestTurnClient> clients = new ArrayList<>();
            List<InetSocketAddress> relays = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    TestTurnClient c = new TestTurnClient(turn.port(), turn.secret, "cam:c" + i, 300);
                    clients.add(c);
                    byte[] allocated = c.allocate();
                    assertThat(errorCode(allocated)).isZero();
                    relays.add(TestTurnClient.address(allocated, 0x0016));
                    assertThat(errorCode(c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER,
                            TestTurnClient.u32(CHANNEL << 16)), attr(Stun.ATTR_XOR_PEER_ADDRESS,
                            xorAddress((InetSocketAddress) peer.getLocalSocketAddress()))))).isZero();
                }
                long relayThread = relayThreadId();
                relay(clients, relays, peer, WARM_UP_ROUNDS);
                long before = allocatedBytes(relayThread);
                relay(clients, relays, peer, ROUNDS);
                long after = allocatedBytes(relayThread);
                return (after - before) / (double) (2L * CLIENTS * ROUNDS);
            } finally {
                for (TestTurnClient c : clients) {
                    c.close();
                }
            }
        }
    }

    /** Each round every client sends one ChannelData up and gets one datagram down, clients taking turns. */
    private static void relay(List<TestTurnClient> clients, List<InetSocketAddress> relays, DatagramSocket peer,
                              int rounds) throws Exception {
        byte[] up = TestTurnClient.channelData(CHANNEL, PAYLOAD);
        DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
        for (int r = 0; r < rounds; r++) {
            for (TestTurnClient c : clients) {
                c.send(up);
            }
            for (int i = 0; i < CLIENTS; i++) {
                peer.receive(got);
            }
            for (InetSocketAddress relay : relays) {
                peer.send(new DatagramPacket(PAYLOAD, PAYLOAD.length, relay));
            }
            for (TestTurnClient c : clients) {
                c.socket.receive(got);
            }
        }
    }

    private static long relayThreadId() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("turn-relay-0"))
                .findFirst().orElseThrow().getId();
    }

    private static long allocatedBytes(long threadId) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
    }
}
