package io.storagesession.turn;

import static io.storagesession.turn.TestTurnClient.attr;
import static io.storagesession.turn.TestTurnClient.xorAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Bad and hostile input reaches the TURN server: it is refused or dropped, nothing is held, the server keeps serving. */
class TurnHostileInputTest {

    @Property(tries = 2000)
    void theScannerNeverThrowsAndOnlyAcceptsConsistentFraming(@ForAll @Size(max = 200) byte[] bytes) {
        byte[] copy = bytes.clone();
        Stun.Scan scan = Stun.scan(copy, copy.length);
        if (scan != null) {
            assertThat(Stun.HEADER + scan.length()).isEqualTo(copy.length);
        }
        assertThat(copy).as("scanning restores what it touches").isEqualTo(bytes);
    }

    @Test
    void survivesAFloodOfGarbageAndMalformedStun() throws Exception {
        try (TurnFixture turn = new TurnFixture(); DatagramSocket s = new DatagramSocket()) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", turn.port());
            Random random = new Random(42);
            for (int i = 0; i < 3000; i++) {
                byte[] junk = new byte[random.nextInt(1500)];
                random.nextBytes(junk);
                if (junk.length > 8 && i % 3 == 0) {
                    junk[0] = (byte) random.nextInt(2);
                    Stun.put32(junk, 4, Stun.MAGIC_COOKIE);
                    Stun.put16(junk, 2, random.nextBoolean() ? junk.length - Stun.HEADER : 0xFFFC);
                } else if (junk.length > 0 && i % 3 == 1) {
                    junk[0] = 0x40;
                }
                s.send(new DatagramPacket(junk, junk.length, server));
            }
            try (TestTurnClient c = new TestTurnClient(turn.port(), turn.secret, "cam:a", 300)) {
                byte[] r = c.exchange(c.message(Stun.type(Stun.BINDING, Stun.CLASS_REQUEST), false));
                assertThat(r).as("the server still answers").isNotNull();
                assertThat(TestTurnClient.errorCode(c.allocate())).isZero();
            }
            assertThat(turn.server.allocationCount()).isLessThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(3)).until(() -> turn.stats.drops("malformed-stun") > 0);
        }
    }

    @Test
    void aTcpConnectionThatNeverAllocatesIsClosed() throws Exception {
        try (TurnFixture turn = new TurnFixture(Map.of("turn.limits.tcp-idle-without-allocation", "1s",
                "turn.sweep-interval", "200ms"));
             java.net.Socket idle = new java.net.Socket("127.0.0.1", turn.port())) {
            idle.setSoTimeout(10_000);
            assertThat(idle.getInputStream().read()).as("the server closes the connection").isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> turn.stats.drops("tcp-idle") == 1);
        }
    }

    @Test
    void anAttributeLongerThanTheMessageGetsNoAnswer() throws Exception {
        try (TurnFixture turn = new TurnFixture();
             TestTurnClient c = new TestTurnClient(turn.port(), turn.secret, "cam:a", 300)) {
            byte[] m = c.message(Stun.type(Stun.ALLOCATE, Stun.CLASS_REQUEST), false,
                    attr(Stun.ATTR_REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0}));
            Stun.put16(m, Stun.HEADER + 2, 0xFFF0);
            assertThat(c.exchange(m)).isNull();
        }
    }

    @Test
    void aTamperedMessageIntegrityIsUnauthorized() throws Exception {
        try (TurnFixture turn = new TurnFixture();
             TestTurnClient c = new TestTurnClient(turn.port(), turn.secret, "cam:a", 300)) {
            c.allocate();
            byte[] refresh = c.message(Stun.type(Stun.REFRESH, Stun.CLASS_REQUEST), true);
            Stun.Scan scan = Stun.scan(refresh, refresh.length);
            refresh[scan.integrityOffset() + 5] ^= 1;
            // Re-seal the FINGERPRINT so only the integrity is wrong.
            int fp = refresh.length - 8;
            Stun.put32(refresh, fp + 4, Stun.fingerprint(refresh, fp));
            assertThat(TestTurnClient.errorCode(c.exchange(refresh))).isEqualTo(401);
            assertThat(turn.stats.authFailures.get()).isEqualTo(1);
        }
    }

    @Test
    void channelDataForAnUnboundChannelOrWithoutAllocationIsDropped() throws Exception {
        try (TurnFixture turn = new TurnFixture();
             TestTurnClient c = new TestTurnClient(turn.port(), turn.secret, "cam:a", 300);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            peer.setSoTimeout(500);
            c.send(TestTurnClient.channelData(0x4002, "no allocation".getBytes()));
            c.allocate();
            c.request(Stun.CREATE_PERMISSION, attr(Stun.ATTR_XOR_PEER_ADDRESS,
                    xorAddress((InetSocketAddress) peer.getLocalSocketAddress())));
            c.send(TestTurnClient.channelData(0x4002, "unbound".getBytes()));
            byte[] lying = TestTurnClient.channelData(0x4002, new byte[8]);
            Stun.put16(lying, 2, 5000);
            c.send(lying);
            try {
                peer.receive(new DatagramPacket(new byte[100], 100));
                throw new AssertionError("nothing may reach the peer");
            } catch (SocketTimeoutException expected) {
                await().atMost(Duration.ofSeconds(3)).until(() -> turn.stats.drops("relay") >= 3);
            }
        }
    }
}
