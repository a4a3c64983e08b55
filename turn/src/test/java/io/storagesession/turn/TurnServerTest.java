package io.storagesession.turn;

import static io.storagesession.turn.TestTurnClient.attr;
import static io.storagesession.turn.TestTurnClient.xorAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 8656 behaviour of the embedded TURN server, driven over UDP by a client written from the RFC. */
class TurnServerTest {
    private static final int CHANNEL = 0x4001;

    private TurnFixture turn;
    private DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        turn = new TurnFixture();
        peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        peer.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        peer.close();
        turn.close();
    }

    private TestTurnClient client(String user) throws Exception {
        return new TestTurnClient(turn.port(), turn.secret, user, 300);
    }

    private InetSocketAddress peerAddress() {
        return (InetSocketAddress) peer.getLocalSocketAddress();
    }

    private byte[] peerReceive() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        peer.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void allocatesAndRelaysThroughDataIndicationsAndChannels() throws Exception {
        try (TestTurnClient c = client("cam:viewer")) {
            byte[] allocated = c.allocate();
            assertThat(TestTurnClient.errorCode(allocated)).isZero();
            InetSocketAddress relay = TestTurnClient.address(allocated, 0x0016);
            assertThat(relay.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(TestTurnClient.address(allocated, 0x0020)).isEqualTo(c.socket.getLocalSocketAddress());
            int lifetime = Stun.i32(allocated, Stun.find(allocated, allocated.length, Stun.ATTR_LIFETIME) + 4);
            assertThat(lifetime).isEqualTo(600);

            // No permission yet: the peer's datagram is dropped.
            peer.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, relay));
            assertThat(c.receive()).isNull();

            assertThat(TestTurnClient.errorCode(c.request(Stun.CREATE_PERMISSION,
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress()))))).isZero();
            peer.send(new DatagramPacket("hello".getBytes(), 5, relay));
            byte[] indication = c.receive();
            assertThat(Stun.method(Stun.u16(indication, 0))).isEqualTo(Stun.DATA);
            assertThat(TestTurnClient.address(indication, Stun.ATTR_XOR_PEER_ADDRESS)).isEqualTo(peerAddress());
            assertThat(TestTurnClient.string(indication, Stun.ATTR_DATA)).isEqualTo("hello");
            assertThat(Stun.scan(indication, indication.length)).as("a well-formed STUN message").isNotNull();

            byte[] send = c.message(Stun.type(Stun.SEND, Stun.CLASS_INDICATION), false,
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress())), attr(Stun.ATTR_DATA, "via-send".getBytes()));
            c.send(send);
            assertThat(new String(peerReceive())).isEqualTo("via-send");

            assertThat(TestTurnClient.errorCode(c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER,
                    TestTurnClient.u32(CHANNEL << 16)), attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress()))))).isZero();
            c.send(TestTurnClient.channelData(CHANNEL, "over-channel".getBytes()));
            DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
            peer.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("over-channel");
            assertThat(got.getSocketAddress()).isEqualTo(relay);

            peer.send(new DatagramPacket("back".getBytes(), 4, relay));
            byte[] data = c.receive();
            assertThat(Stun.u16(data, 0)).isEqualTo(CHANNEL);
            assertThat(new String(data, 4, Stun.u16(data, 2), StandardCharsets.UTF_8)).isEqualTo("back");
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> turn.stats.packets.get() >= 3);
    }

    @Test
    void refusesWrongAndExpiredCredentials() throws Exception {
        try (TestTurnClient wrong = client("cam:a"); TestTurnClient expired = new TestTurnClient(turn.port(),
                turn.secret, "cam:b", -10)) {
            wrong.password = "not-the-password";
            assertThat(TestTurnClient.errorCode(wrong.allocate())).isEqualTo(401);
            assertThat(TestTurnClient.errorCode(expired.allocate())).isEqualTo(401);
            assertThat(turn.stats.authFailures.get()).isEqualTo(2);
            assertThat(turn.server.allocationCount()).isZero();
        }
    }

    /**
     * GetIceServerConfig's credentials last 5 minutes and a session up to an hour: an allocation made in time is
     * refreshed and extended under its credential after that credential's expiry, while no new allocation is made with
     * it. The server's clock is moved past the expiry (the nonce goes stale too and is learnt again).
     */
    @Test
    void anAllocationOutlivesItsCredentialButNoNewOneIsMadeWithIt() throws Exception {
        AtomicLong shiftMillis = new AtomicLong();
        Clock base = Clock.systemUTC();
        turn.close();
        turn = new TurnFixture(Map.of(), TurnTls.OFF, new Clock() {
            @Override
            public Instant instant() {
                return base.instant().plusMillis(shiftMillis.get());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        });
        try (TestTurnClient c = client("cam:a"); TestTurnClient late = client("cam:a")) {
            assertThat(TestTurnClient.errorCode(c.allocate())).isZero();
            shiftMillis.set(Duration.ofMinutes(7).toMillis());
            assertThat(TestTurnClient.errorCode(c.request(Stun.REFRESH))).as("refresh after the credential expired")
                    .isZero();
            assertThat(TestTurnClient.errorCode(c.request(Stun.CREATE_PERMISSION,
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress()))))).isZero();
            assertThat(TestTurnClient.errorCode(late.allocate())).as("a new allocation with the expired credential")
                    .isEqualTo(401);
            assertThat(turn.server.allocationCount()).isEqualTo(1);
        }
    }

    @Test
    void aForgedOrStaleNonceIsChallengedAgain() throws Exception {
        try (TestTurnClient c = client("cam:a")) {
            c.allocate();
            c.nonce = Long.toHexString(System.currentTimeMillis() / 1000 - 1) + ":0123456789abcdef01234567";
            byte[] r = c.exchange(c.message(Stun.type(Stun.REFRESH, Stun.CLASS_REQUEST), true));
            assertThat(TestTurnClient.errorCode(r)).isEqualTo(438);
            assertThat(TestTurnClient.string(r, Stun.ATTR_NONCE)).isNotEqualTo(c.nonce);
        }
    }

    @Test
    void enforcesAllocationMismatchRefreshAndDeletion() throws Exception {
        try (TestTurnClient c = client("cam:a")) {
            assertThat(TestTurnClient.errorCode(c.request(Stun.REFRESH))).isEqualTo(437);
            assertThat(TestTurnClient.errorCode(c.allocate())).isZero();
            assertThat(TestTurnClient.errorCode(c.allocate())).as("a second allocation on one 5-tuple").isEqualTo(437);
            byte[] refreshed = c.request(Stun.REFRESH, attr(Stun.ATTR_LIFETIME, TestTurnClient.u32(100_000)));
            assertThat(Stun.i32(refreshed, Stun.find(refreshed, refreshed.length, Stun.ATTR_LIFETIME) + 4))
                    .isEqualTo(3600);
            assertThat(turn.server.allocationCount()).isEqualTo(1);
            assertThat(TestTurnClient.errorCode(c.request(Stun.REFRESH, attr(Stun.ATTR_LIFETIME, TestTurnClient.u32(0)))))
                    .isZero();
            assertThat(turn.server.allocationCount()).isZero();
        }
    }

    @Test
    void refusesWhatItDoesNotSupportOrAllow() throws Exception {
        try (TestTurnClient c = client("cam:a")) {
            assertThat(TestTurnClient.errorCode(c.request(Stun.ALLOCATE,
                    attr(Stun.ATTR_REQUESTED_TRANSPORT, new byte[] {6, 0, 0, 0})))).isEqualTo(442);
            assertThat(TestTurnClient.errorCode(c.request(Stun.ALLOCATE)))
                    .as("REQUESTED-TRANSPORT is mandatory").isEqualTo(400);
            assertThat(TestTurnClient.errorCode(c.request(Stun.ALLOCATE, attr(0x0031, new byte[4]),
                    attr(Stun.ATTR_REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0})))).isEqualTo(420);
            assertThat(TestTurnClient.errorCode(c.allocate())).isZero();
            for (String denied : new String[] {"10.1.2.3", "192.168.1.10", "169.254.0.1", "172.16.5.5"}) {
                assertThat(TestTurnClient.errorCode(c.request(Stun.CREATE_PERMISSION, attr(Stun.ATTR_XOR_PEER_ADDRESS,
                        xorAddress(new InetSocketAddress(denied, 5000)))))).as(denied).isEqualTo(403);
            }
            assertThat(TestTurnClient.errorCode(c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER,
                    TestTurnClient.u32(0x3FFF << 16)), attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress())))))
                    .isEqualTo(400);
            assertThat(TestTurnClient.errorCode(c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER,
                    TestTurnClient.u32(CHANNEL << 16)), attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress())))))
                    .isZero();
            InetSocketAddress other = new InetSocketAddress("127.0.0.1", peerAddress().getPort() + 1);
            assertThat(TestTurnClient.errorCode(c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER,
                    TestTurnClient.u32(CHANNEL << 16)), attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(other)))))
                    .as("a bound channel cannot move to another peer").isEqualTo(400);
        }
    }

    @Test
    void appliesThePerChannelAllocationQuota() throws Exception {
        turn.close();
        turn = new TurnFixture(Map.of("turn.limits.allocations-per-channel", 2));
        try (TestTurnClient a = client("door:a"); TestTurnClient b = client("door:b");
             TestTurnClient c = client("door:c"); TestTurnClient d = client("porch:d")) {
            assertThat(TestTurnClient.errorCode(a.allocate())).isZero();
            assertThat(TestTurnClient.errorCode(b.allocate())).isZero();
            assertThat(TestTurnClient.errorCode(c.allocate())).isEqualTo(486);
            assertThat(TestTurnClient.errorCode(d.allocate())).as("another channel has its own quota").isZero();
            a.request(Stun.REFRESH, attr(Stun.ATTR_LIFETIME, TestTurnClient.u32(0)));
            assertThat(TestTurnClient.errorCode(c.allocate())).as("a released slot is reusable").isZero();
        }
    }

    /**
     * 80 kbit/s is 10 KB/s with a burst of one second's worth: on a clock that stands still nothing refills, so of 100
     * datagrams of 1000 bytes exactly the first 10 reach the peer (the refill is {@code AllocationBandwidthTest}'s).
     */
    @Test
    void capsEachAllocationsBandwidth() throws Exception {
        turn.close();
        turn = new TurnFixture(Map.of("turn.limits.bandwidth-bits-per-second", 80_000), TurnTls.OFF,
                Clock.fixed(Instant.now(), ZoneOffset.UTC));
        int payload = 1000;
        int burst = 80_000 / Byte.SIZE / payload;
        try (TestTurnClient c = client("cam:a")) {
            c.allocate();
            c.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER, TestTurnClient.u32(CHANNEL << 16)),
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress())));
            byte[] packet = TestTurnClient.channelData(CHANNEL, new byte[payload]);
            for (int i = 0; i < 100; i++) {
                c.send(packet);
            }
            byte[] after = c.exchange(c.message(Stun.type(Stun.BINDING, Stun.CLASS_REQUEST), false));
            assertThat(after).as("answered after the 100 datagrams ahead of it: all relayed or dropped").isNotNull();
            for (int i = 0; i < burst; i++) {
                assertThat(peerReceive()).as("datagram %d of the burst", i + 1).hasSize(payload);
            }
            peer.setSoTimeout(300);
            assertThatThrownBy(this::peerReceive).as("nothing beyond the burst")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void answersBindingRequestsWithTheMappedAddress() throws Exception {
        try (TestTurnClient c = client("cam:a")) {
            byte[] r = c.exchange(c.message(Stun.type(Stun.BINDING, Stun.CLASS_REQUEST), false));
            assertThat(TestTurnClient.address(r, 0x0020)).isEqualTo(c.socket.getLocalSocketAddress());
        }
    }
}
