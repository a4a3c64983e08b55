package io.storagesession.turn;

import static io.storagesession.turn.TestTurnClient.attr;
import static io.storagesession.turn.TestTurnClient.xorAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's own relayed addresses: a TURN client's allocation and a local relay exchange data both ways. */
class LocalRelayTest {
    private static final int CHANNEL = 0x4001;
    /** How long to wait for a datagram that must not arrive. */
    private static final long NEGATIVE_WAIT_MILLIS = 300;
    private TurnFixture turn;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<InetSocketAddress> senders = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        turn = new TurnFixture(Map.of("turn.limits.allocations-per-channel", 2));
    }

    @AfterEach
    void stop() {
        turn.close();
    }

    private void receive(ByteBuffer payload, InetSocketAddress from) {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        senders.add(from);
        received.add(new String(copy, StandardCharsets.UTF_8));
    }

    @Test
    void relaysBetweenAnAllocationAndALocalRelayWithPermissionsBothWays() throws Exception {
        try (TestTurnClient client = new TestTurnClient(turn.port(), turn.secret, "cam:viewer", 300);
             LocalRelay local = turn.server.openLocal("cam", this::receive)) {
            byte[] allocated = client.allocate();
            InetSocketAddress clientRelay = TestTurnClient.address(allocated, 0x0016);
            assertThat(local.address().getAddress()).isEqualTo(clientRelay.getAddress());
            assertThat(turn.server.allocationCount()).isEqualTo(2);

            assertThat(local.send(bytes("refused"), 0, 7, clientRelay)).as("no permission yet").isFalse();
            client.request(Stun.CHANNEL_BIND, attr(Stun.ATTR_CHANNEL_NUMBER, TestTurnClient.u32(CHANNEL << 16)),
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(local.address())));
            client.send(TestTurnClient.channelData(CHANNEL, bytes("dropped")));
            Thread.sleep(NEGATIVE_WAIT_MILLIS);
            local.permit(clientRelay.getAddress());
            local.permit(clientRelay.getAddress());
            client.send(TestTurnClient.channelData(CHANNEL, bytes("to-session")));
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("to-session");
            assertThat(senders.poll()).isEqualTo(clientRelay);

            byte[] framed = bytes("xxto-participantyy");
            assertThat(local.send(framed, 2, 14, clientRelay)).isTrue();
            byte[] data = client.receive();
            assertThat(Stun.u16(data, 0)).isEqualTo(CHANNEL);
            assertThat(new String(data, 4, Stun.u16(data, 2), StandardCharsets.UTF_8)).isEqualTo("to-participant");
            assertThat(received).as("the unpermitted datagram never arrived").isEmpty();
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> turn.server.allocationCount() == 1);
        assertThat(turn.stats.opened.get()).isEqualTo(2);
    }

    @Test
    void beforeAChannelIsBoundDataTravelsInSendAndDataIndicationsWithOurAddress() throws Exception {
        try (TestTurnClient client = new TestTurnClient(turn.port(), turn.secret, "cam:viewer", 300);
             LocalRelay local = turn.server.openLocal("cam", this::receive)) {
            InetSocketAddress clientRelay = TestTurnClient.address(client.allocate(), 0x0016);
            client.request(Stun.CREATE_PERMISSION, attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(local.address())));
            local.permit(clientRelay.getAddress());
            client.send(client.message(Stun.type(Stun.SEND, Stun.CLASS_INDICATION), false,
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(local.address())), attr(Stun.ATTR_DATA, bytes("sent"))));
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("sent");
            assertThat(senders.poll()).isEqualTo(clientRelay);

            assertThat(local.send(bytes("odd-length"), 0, 10, clientRelay)).isTrue();
            byte[] indication = client.receive();
            assertThat(Stun.scan(indication, indication.length)).as("a well-formed Data indication").isNotNull();
            assertThat(Stun.method(Stun.u16(indication, 0))).isEqualTo(Stun.DATA);
            assertThat(TestTurnClient.address(indication, Stun.ATTR_XOR_PEER_ADDRESS)).isEqualTo(local.address());
            assertThat(TestTurnClient.string(indication, Stun.ATTR_DATA)).isEqualTo("odd-length");
        }
    }

    @Test
    void whatAParticipantHasNotPermittedIsNotSent() throws Exception {
        try (TestTurnClient client = new TestTurnClient(turn.port(), turn.secret, "cam:viewer", 300);
             LocalRelay local = turn.server.openLocal("cam", this::receive)) {
            InetSocketAddress clientRelay = TestTurnClient.address(client.allocate(), 0x0016);
            local.permit(clientRelay.getAddress());
            assertThat(local.send(bytes("unwanted"), 0, 8, clientRelay)).isFalse();
            assertThat(client.receive()).isNull();
        }
    }

    @Test
    void countsAgainstTheChannelQuotaAndReleasesItOnClose() throws Exception {
        LocalRelay first = turn.server.openLocal("cam", this::receive);
        LocalRelay second = turn.server.openLocal("cam", this::receive);
        assertThatThrownBy(() -> turn.server.openLocal("cam", this::receive)).isInstanceOf(IOException.class)
                .hasMessageContaining("allocations-per-channel");
        first.close();
        first.close();
        assertThat(first.send(bytes("late"), 0, 4, second.address())).isFalse();
        turn.server.openLocal("cam", this::receive).close();
        second.close();
        assertThat(turn.server.allocationCount()).isZero();
    }

    @Test
    void aReceiverThatThrowsDoesNotStopTheRelayThread() throws Exception {
        try (LocalRelay failing = turn.server.openLocal("cam", (p, f) -> {
            throw new IllegalStateException("boom");
        }); LocalRelay working = turn.server.openLocal("cam", this::receive)) {
            failing.permit(working.address().getAddress());
            working.permit(failing.address().getAddress());
            for (int i = 0; i < 3; i++) {
                assertThat(working.send(bytes("x"), 0, 1, failing.address())).isTrue();
                assertThat(failing.send(bytes("ok" + i), 0, 3, working.address())).isTrue();
            }
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("ok0");
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("ok1");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
