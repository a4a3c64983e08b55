package io.storagesession.it.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.bench.turn.StunResponse;
import io.storagesession.bench.turn.TurnUdpClient;
import io.storagesession.turn.RestCredentials;
import io.storagesession.turn.Stun;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TURN exchanges the load generator depends on, checked message by message with its own client: an Allocate
 * with REST credentials yields a relayed address on 127.0.0.1, CreatePermission and ChannelBind succeed, ChannelData
 * reaches the peer as a plain datagram from the relayed address and the peer's answer comes back as ChannelData.
 * Bad credentials are answered 401 (RFC 8656 §5 / RFC 8489 §9.2.4), which coturn's client only reports as
 * "Cannot complete Allocation".
 */
class TurnProtocolTest {
    private static final int TIMEOUT_MS = 3000;

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void channelDataIsRelayedBothWays(TurnServerLauncher launcher) throws Exception {
        try (RunningTurnServer server = launcher.start();
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), 0))) {
            RestCredentials credentials = server.target().credentials("bob", Duration.ofMinutes(10));
            TurnUdpClient client = TurnUdpClient.open(server.target().udpAddress(), credentials.username(),
                    credentials.password());
            try (var channel = client.channel()) {
                InetSocketAddress relayed = client.allocateOrThrow();
                assertThat(relayed.getAddress()).as("relayed address").isEqualTo(FreePorts.loopback());
                InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
                TurnUdpClient.require(client.createPermission(peerAddress));
                TurnUdpClient.require(client.channelBind(Stun.MIN_CHANNEL, peerAddress));

                byte[] toPeer = "client to peer through the relay".getBytes(StandardCharsets.US_ASCII);
                channel.write(channelData(toPeer));
                peer.setSoTimeout(TIMEOUT_MS);
                DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
                peer.receive(received);
                assertThat(Arrays.copyOf(received.getData(), received.getLength())).isEqualTo(toPeer);
                assertThat(received.getSocketAddress()).as("sent from the relayed address").isEqualTo(relayed);

                byte[] toClient = "peer answers".getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(toClient, toClient.length, relayed));
                channel.socket().setSoTimeout(TIMEOUT_MS);
                DatagramPacket back = new DatagramPacket(new byte[2048], 2048);
                channel.socket().receive(back);
                ByteBuffer data = ByteBuffer.wrap(back.getData(), 0, back.getLength());
                assertThat(data.getShort() & 0xFFFF).as("channel number").isEqualTo(Stun.MIN_CHANNEL);
                assertThat(data.getShort() & 0xFFFF).as("ChannelData length").isEqualTo(toClient.length);
                byte[] payload = new byte[toClient.length];
                data.get(payload);
                assertThat(payload).isEqualTo(toClient);
                TurnUdpClient.require(client.release());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void wrongPasswordIsAnswered401(TurnServerLauncher launcher) throws Exception {
        try (RunningTurnServer server = launcher.start()) {
            RestCredentials valid = server.target().credentials("bob", Duration.ofMinutes(10));
            RestCredentials wrong = TurnTarget.withWrongPassword(valid);
            assertAllocateUnauthorized(server, wrong.username(), wrong.password());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void expiredRestUsernameIsAnswered401(TurnServerLauncher launcher) throws Exception {
        try (RunningTurnServer server = launcher.start()) {
            RestCredentials expired = server.target().credentials("bob", Duration.ofSeconds(-30));
            assertAllocateUnauthorized(server, expired.username(), expired.password());
        }
    }

    private static void assertAllocateUnauthorized(RunningTurnServer server, String username, String password)
            throws Exception {
        TurnUdpClient client = TurnUdpClient.open(server.target().udpAddress(), username, password);
        try (var channel = client.channel()) {
            StunResponse response = client.allocate();
            assertThat(response.errorCode()).as("%s; %s", response, server.diagnostics())
                    .isEqualTo(Stun.ERROR_UNAUTHORIZED);
            assertThat(response.relayedAddress()).isNull();
        }
    }

    private static ByteBuffer channelData(byte[] payload) {
        ByteBuffer data = ByteBuffer.allocate(Stun.CHANNEL_DATA_HEADER + ((payload.length + 3) & ~3));
        data.putShort((short) Stun.MIN_CHANNEL).putShort((short) payload.length).put(payload);
        return data.rewind();
    }
}
