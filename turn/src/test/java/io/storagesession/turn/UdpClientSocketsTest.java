package io.storagesession.turn;

import static io.storagesession.turn.TestTurnClient.attr;
import static io.storagesession.turn.TestTurnClient.errorCode;
import static io.storagesession.turn.TestTurnClient.xorAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A UDP client with an allocation is served on a socket of its own ({@code turn.udp-client-sockets}), over real
 * loopback sockets: the kernel's socket table shows when it exists, and since the kernel then gives that socket all of
 * the client's datagrams ({@link ConnectedClientSocketTest}), whatever the client gets relayed went through it.
 */
class UdpClientSocketsTest {
    private static final int CHANNEL = 0x4001;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int THREADS = 2;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private TurnFixture turn;
    private DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        peer.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        peer.close();
        if (turn != null) {
            turn.close();
        }
    }

    private TestTurnClient client(String user) throws Exception {
        return new TestTurnClient(turn.port(), turn.secret, user, 300);
    }

    private InetSocketAddress peerAddress() {
        return (InetSocketAddress) peer.getLocalSocketAddress();
    }

    private static byte[] lifetime(int seconds) {
        return attr(Stun.ATTR_LIFETIME, TestTurnClient.u32(seconds));
    }

    /** Allocates (for {@code seconds}, or the default when 0) and binds {@link #CHANNEL} to the peer. */
    private InetSocketAddress allocateAndBind(TestTurnClient c, int seconds) throws Exception {
        byte[] allocated = seconds == 0 ? c.allocate() : c.request(Stun.ALLOCATE,
                attr(Stun.ATTR_REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0}), lifetime(seconds));
        assertThat(errorCode(allocated)).isZero();
        assertThat(errorCode(c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER,
                TestTurnClient.u32(CHANNEL << 16)), attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress())))))
                .isZero();
        return TestTurnClient.address(allocated, XOR_RELAYED_ADDRESS);
    }

    private String peerReceive() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        peer.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private void assertPeerGetsNothing() throws Exception {
        peer.setSoTimeout(500);
        try {
            throw new AssertionError("reached the peer: " + peerReceive());
        } catch (SocketTimeoutException expected) {
            peer.setSoTimeout(2000);
        }
    }

    @Test
    void aClientWithAnAllocationIsServedOnItsOwnSocketBothWays() throws Exception {
        turn = new TurnFixture();
        try (TestTurnClient c = client("cam:a")) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", turn.port());
            assertThat(KernelUdpSockets.connected(turn.port())).isEmpty();
            InetSocketAddress relay = allocateAndBind(c, 0);
            assertThat(KernelUdpSockets.connected(turn.port())).containsExactly(
                    (InetSocketAddress) c.socket.getLocalSocketAddress());

            for (int i = 0; i < 20; i++) {
                c.send(TestTurnClient.channelData(CHANNEL, ("up-" + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(peerReceive()).isEqualTo("up-" + i);
            }
            for (int i = 0; i < 20; i++) {
                byte[] down = ("down-" + i).getBytes(StandardCharsets.UTF_8);
                peer.send(new DatagramPacket(down, down.length, relay));
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                c.socket.receive(p);
                assertThat(p.getSocketAddress()).as("sent from the TURN port").isEqualTo(server);
                assertThat(Stun.u16(p.getData(), 0)).isEqualTo(CHANNEL);
                assertThat(new String(p.getData(), 4, Stun.u16(p.getData(), 2), StandardCharsets.UTF_8))
                        .isEqualTo("down-" + i);
            }
            byte[] binding = c.exchange(c.message(Stun.type(Stun.BINDING, Stun.CLASS_REQUEST), false));
            assertThat(TestTurnClient.address(binding, 0x0020)).as("STUN is answered on it too")
                    .isEqualTo(c.socket.getLocalSocketAddress());
        }
        await().atMost(WAIT).until(() -> turn.stats.packets.get() >= 40);
    }

    @Test
    void withTheSettingOffEveryClientStaysOnTheListeners() throws Exception {
        turn = new TurnFixture(Map.of("turn.udp-client-sockets.enabled", false));
        try (TestTurnClient c = client("cam:a")) {
            InetSocketAddress relay = allocateAndBind(c, 0);
            c.send(TestTurnClient.channelData(CHANNEL, "up".getBytes(StandardCharsets.UTF_8)));
            assertThat(peerReceive()).isEqualTo("up");
            peer.send(new DatagramPacket(new byte[] {1, 2}, 2, relay));
            assertThat(Stun.u16(c.receive(), 0)).isEqualTo(CHANNEL);
            assertThat(KernelUdpSockets.connected(turn.port())).isEmpty();
            assertThat(KernelUdpSockets.count(turn.port())).isEqualTo(THREADS);
        }
    }

    @Test
    void theSocketClosesWithTheAllocationOnExpiryRefreshZeroAndShutdown() throws Exception {
        turn = new TurnFixture(Map.of("turn.lifetimes.allocation-default", "1s", "turn.sweep-interval", "100ms"));
        int port = turn.port();
        try (TestTurnClient expiring = client("cam:a"); TestTurnClient deleting = client("cam:b");
             TestTurnClient staying = client("cam:c")) {
            allocateAndBind(expiring, 0);
            allocateAndBind(deleting, 600);
            allocateAndBind(staying, 600);
            assertThat(KernelUdpSockets.connected(port)).hasSize(3);

            assertThat(errorCode(deleting.request(Stun.REFRESH, lifetime(0)))).as("answered from the listener")
                    .isZero();
            await().atMost(WAIT).until(() -> KernelUdpSockets.connected(port).size() == 2);
            await().atMost(WAIT).until(() -> KernelUdpSockets.connected(port).size() == 1);
            assertThat(KernelUdpSockets.connected(port)).containsExactly(
                    (InetSocketAddress) staying.socket.getLocalSocketAddress());
            assertThat(turn.server.allocationCount()).isEqualTo(1);

            expiring.send(TestTurnClient.channelData(CHANNEL, "after expiry".getBytes(StandardCharsets.UTF_8)));
            assertPeerGetsNothing();
            allocateAndBind(expiring, 600);
            assertThat(KernelUdpSockets.connected(port)).as("a new allocation, a new socket").hasSize(2);
            expiring.send(TestTurnClient.channelData(CHANNEL, "again".getBytes(StandardCharsets.UTF_8)));
            assertThat(peerReceive()).isEqualTo("again");
        }
        turn.close();
        await().atMost(WAIT).until(() -> KernelUdpSockets.count(port) == 0);
    }

    @Test
    void manyAllocationsLeaveNoSocketBehind() throws Exception {
        turn = new TurnFixture();
        int port = turn.port();
        List<TestTurnClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                TestTurnClient c = client("cam:c" + i);
                clients.add(c);
                assertThat(errorCode(c.allocate())).isZero();
            }
            assertThat(KernelUdpSockets.connected(port)).hasSize(30);
            for (TestTurnClient c : clients) {
                assertThat(errorCode(c.request(Stun.REFRESH, lifetime(0)))).isZero();
            }
            await().atMost(WAIT).until(() -> KernelUdpSockets.count(port) == THREADS);
            assertThat(turn.server.allocationCount()).isZero();
        } finally {
            for (TestTurnClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void anIcmpErrorForAClientThatWentAwayDoesNotCloseItsSocket() throws Exception {
        turn = new TurnFixture();
        InetSocketAddress clientAddress;
        InetSocketAddress relay;
        try (TestTurnClient c = client("cam:a")) {
            relay = allocateAndBind(c, 0);
            clientAddress = (InetSocketAddress) c.socket.getLocalSocketAddress();
        }
        // the client's port is closed: the server's writes to it come back as ICMP port unreachable, which the
        // kernel reports on the client's socket (as readable, then as an error on read)
        for (int i = 0; i < 5; i++) {
            peer.send(new DatagramPacket(new byte[] {1}, 1, relay));
        }
        await().atMost(WAIT).until(() -> turn.stats.packets.get() + turn.stats.drops("relay") >= 5);
        assertThat(KernelUdpSockets.connected(turn.port())).as("still open").containsExactly(clientAddress);
        try (DatagramSocket back = new DatagramSocket(clientAddress)) {
            byte[] up = TestTurnClient.channelData(CHANNEL, "back".getBytes(StandardCharsets.UTF_8));
            back.send(new DatagramPacket(up, up.length, new InetSocketAddress("127.0.0.1", turn.port())));
            assertThat(peerReceive()).isEqualTo("back");
        }
    }

    @Test
    void aClientThatMovesToAnotherPortIsANewFiveTuple() throws Exception {
        turn = new TurnFixture();
        try (TestTurnClient first = client("cam:a"); TestTurnClient moved = client("cam:a")) {
            InetSocketAddress relay = allocateAndBind(first, 0);
            moved.send(TestTurnClient.channelData(CHANNEL, "from another port".getBytes(StandardCharsets.UTF_8)));
            assertPeerGetsNothing();
            assertThat(errorCode(moved.request(Stun.REFRESH))).as("RFC 8656 §7: no allocation on this 5-tuple")
                    .isEqualTo(437);
            InetSocketAddress second = TestTurnClient.address(moved.allocate(), XOR_RELAYED_ADDRESS);
            assertThat(second).isNotEqualTo(relay);
            assertThat(KernelUdpSockets.connected(turn.port())).containsExactlyInAnyOrder(
                    (InetSocketAddress) first.socket.getLocalSocketAddress(),
                    (InetSocketAddress) moved.socket.getLocalSocketAddress());
            moved.send(TestTurnClient.channelData(CHANNEL, "unbound here".getBytes(StandardCharsets.UTF_8)));
            first.send(TestTurnClient.channelData(CHANNEL, "still mine".getBytes(StandardCharsets.UTF_8)));
            assertThat(peerReceive()).isEqualTo("still mine");
            assertPeerGetsNothing();
        }
    }

    @Test
    void hostileDatagramsOnAClientsSocketAreDroppedAsOnTheListener() throws Exception {
        turn = new TurnFixture();
        try (TestTurnClient c = client("cam:a")) {
            allocateAndBind(c, 0);
            c.send(new byte[0]);
            c.send(new byte[] {(byte) 0xFF, 1, 2, 3});
            byte[] lying = TestTurnClient.channelData(CHANNEL, new byte[8]);
            Stun.put16(lying, 2, 5000);
            c.send(lying);
            c.send(new byte[] {0x40, 0x01, 0x00});
            c.send(TestTurnClient.channelData(0x4005, "unbound".getBytes(StandardCharsets.UTF_8)));
            byte[] longAttribute = c.message(Stun.type(Stun.REFRESH, Stun.CLASS_REQUEST), false, lifetime(0));
            Stun.put16(longAttribute, Stun.HEADER + 2, 0xFFF0);
            c.send(longAttribute);
            Random random = new Random(42);
            for (int i = 0; i < 1000; i++) {
                byte[] junk = new byte[1 + random.nextInt(1500)];
                random.nextBytes(junk);
                if (junk.length > 8 && i % 2 == 0) {
                    junk[0] = (byte) random.nextInt(2);
                    Stun.put32(junk, 4, Stun.MAGIC_COOKIE);
                    Stun.put16(junk, 2, random.nextBoolean() ? junk.length - Stun.HEADER : 0xFFFC);
                } else if (Stun.isChannelData(junk[0] & 0xff) && junk.length > 1) {
                    junk[1] = 0x02;
                }
                c.send(junk);
            }
            assertPeerGetsNothing();
            await().atMost(WAIT).until(() -> turn.stats.drops("relay") >= 4 && turn.stats.drops("malformed-stun") > 0);
            assertThat(turn.server.allocationCount()).isEqualTo(1);
            assertThat(KernelUdpSockets.connected(turn.port())).hasSize(1);
            c.send(TestTurnClient.channelData(CHANNEL, "after".getBytes(StandardCharsets.UTF_8)));
            assertThat(peerReceive()).isEqualTo("after");
        }
    }
}
