package io.storagesession.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketBufferTest {

    @Test
    void growKeepsTheArrayWhileThereIsRoomAndMovesThePacketWhenThereIsNot() {
        byte[] array = {9, 1, 2, 3, 0, 0};
        PacketBuffer packet = new PacketBuffer(array, 1, 3);
        packet.grow(2);
        assertThat(packet.getBuffer()).isSameAs(array);
        packet.grow(3);
        assertThat(packet.getBuffer()).isNotSameAs(array).hasSize(6).startsWith(1, 2, 3);
        assertThat(packet.getOffset()).isZero();
        assertThat(packet.getLength()).isEqualTo(3);
        assertThatThrownBy(() -> packet.grow(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendAndShrinkMoveTheEnd() {
        PacketBuffer packet = new PacketBuffer(new byte[] {7, 1, 2, 0, 0}, 1, 2);
        packet.append(new byte[] {3, 4, 5}, 2);
        assertThat(packet.getLength()).isEqualTo(4);
        assertThat(packet.getBuffer()).containsExactly(7, 1, 2, 3, 4);
        packet.append(new byte[] {6}, 1);
        assertThat(packet.getLength()).isEqualTo(5);
        packet.shrink(2);
        assertThat(packet.getLength()).isEqualTo(3);
        packet.shrink(10);
        assertThat(packet.getLength()).isZero();
        packet.shrink(-1);
        assertThat(packet.getLength()).isZero();
    }

    @Test
    void readRegionCopiesOnlyWhatIsInsideThePacket() {
        PacketBuffer packet = new PacketBuffer(new byte[] {0, 1, 2, 3, 4, 5}, 1, 4);
        byte[] out = new byte[3];
        packet.readRegionToBuff(1, 3, out);
        assertThat(out).containsExactly(2, 3, 4);
        byte[] untouched = new byte[3];
        packet.readRegionToBuff(2, 3, untouched);
        packet.readRegionToBuff(-1, 2, untouched);
        packet.readRegionToBuff(0, 4, untouched);
        assertThat(untouched).containsOnly(0);
    }

    @Test
    void lengthAndOffsetStayInsideTheArray() {
        PacketBuffer packet = new PacketBuffer(10);
        assertThat(packet.capacity()).isEqualTo(10);
        packet.setLength(10);
        assertThatThrownBy(() -> packet.setLength(11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packet.setOffset(1)).isInstanceOf(IllegalArgumentException.class);
        packet.setLength(4);
        packet.setOffset(6);
        assertThat(packet.capacity()).isEqualTo(4);
        assertThat(packet.isInvalid()).isFalse();
        assertThatThrownBy(() -> packet.wrap(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(packet.wrap(new byte[4], 1, 3).getOffset()).isEqualTo(1);
    }
}
