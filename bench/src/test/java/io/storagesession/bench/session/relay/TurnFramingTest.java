package io.storagesession.bench.session.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.turn.Stun;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ChannelData and Data indications from the TURN server, well-formed and hostile (RFC 8656 §11.4, §12.4). */
class TurnFramingTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 49_200);
    private static final byte[] TRANSACTION = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    static byte[] dataIndication(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(100 + data.length);
        b.putShort((short) 0x0017).putShort((short) 0).putInt(Stun.MAGIC_COOKIE).put(TRANSACTION);
        Stun.writeXorAddress(b, b.position(), Stun.ATTR_XOR_PEER_ADDRESS, PEER, 8);
        b.position(b.position() + 4 + 8);
        b.putShort((short) 0x0013).putShort((short) data.length).put(data);
        b.position(b.position() + ((data.length + 3 & ~3) - data.length));
        b.putShort(2, (short) (b.position() - 20));
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void readsADataIndication() {
        byte[] indication = dataIndication(new byte[] {0, 1, 0, 0, 9});
        int[] length = new int[1];
        InetSocketAddress[] peer = new InetSocketAddress[1];
        int at = TurnRelay.dataIndication(indication, 0, indication.length, length, peer);
        assertThat(peer[0]).isEqualTo(PEER);
        assertThat(length[0]).isEqualTo(5);
        assertThat(Arrays.copyOfRange(indication, at, at + 5)).containsExactly(0, 1, 0, 0, 9);
    }

    @Test
    void readsChannelData() {
        byte[] b = {0x40, 0x01, 0, 3, 7, 8, 9, 0};
        assertThat(TurnRelay.isChannelData(b, 0, b.length)).isTrue();
        assertThat(TurnRelay.channelNumber(b, 0)).isEqualTo(0x4001);
        assertThat(TurnRelay.channelDataLength(b, 0, b.length)).isEqualTo(3);
        assertThat(TurnRelay.channelDataLength(b, 0, 6)).isEqualTo(-1);
        assertThat(TurnRelay.isChannelData(b, 0, 3)).isFalse();
    }

    @Test
    void hostileIndicationsGiveMinusOneOrStayInside() {
        byte[] valid = dataIndication(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        int[] length = new int[1];
        InetSocketAddress[] peer = new InetSocketAddress[1];
        for (int cut = 0; cut < valid.length; cut++) {
            int at = TurnRelay.dataIndication(valid, 0, cut, length, peer);
            assertThat(at < 0 || at + length[0] <= cut).isTrue();
        }
        Random random = new Random(6);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(b.length + 1);
            int at = TurnRelay.dataIndication(b, 0, len, length, peer);
            assertThat(at < 0 || at + length[0] <= len).isTrue();
        }
    }
}
