package io.storagesession.webrtc.srtp;

import java.util.Random;

/** RTP and RTCP packets for tests, written into arrays with room before and after. */
final class Packets {
    static final int HEADROOM = 10;
    static final int TAILROOM = 64;
    private static final int RTP_HEADER = 12;
    private static final int PAYLOAD_TYPE = 96;
    private static final int SENDER_REPORT = 200;
    /** An RTCP sender report without report blocks: header, SSRC, NTP time, RTP time, counts (RFC 3550 §6.4.1). */
    private static final int SENDER_REPORT_LENGTH = 28;

    private Packets() {
    }

    /** A version-2 RTP packet with a random payload, at offset {@link #HEADROOM}. */
    static PacketBuffer rtp(int ssrc, int sequence, int payloadLength, long seed) {
        byte[] packet = new byte[RTP_HEADER + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = PAYLOAD_TYPE;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        writeInt(packet, 4, sequence * 3000);
        writeInt(packet, 8, ssrc);
        byte[] payload = new byte[payloadLength];
        new Random(seed).nextBytes(payload);
        System.arraycopy(payload, 0, packet, RTP_HEADER, payloadLength);
        return framed(packet);
    }

    /** A version-2 RTCP sender report from {@code ssrc}. */
    static PacketBuffer rtcp(int ssrc, int packetCount) {
        byte[] packet = new byte[SENDER_REPORT_LENGTH];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) SENDER_REPORT;
        packet[3] = SENDER_REPORT_LENGTH / 4 - 1;
        writeInt(packet, 4, ssrc);
        writeInt(packet, 8, 0x12345678);
        writeInt(packet, 20, packetCount);
        return framed(packet);
    }

    /** The packet's bytes, from offset to length. */
    static byte[] bytes(PacketBuffer packet) {
        byte[] copy = new byte[packet.getLength()];
        System.arraycopy(packet.getBuffer(), packet.getOffset(), copy, 0, copy.length);
        return copy;
    }

    /** A fresh buffer holding a copy of the packet, with the same head- and tailroom. */
    static PacketBuffer copy(PacketBuffer packet) {
        return framed(bytes(packet));
    }

    static PacketBuffer framed(byte[] packet) {
        byte[] array = new byte[HEADROOM + packet.length + TAILROOM];
        System.arraycopy(packet, 0, array, HEADROOM, packet.length);
        return new PacketBuffer(array, HEADROOM, packet.length);
    }

    private static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 24);
        b[at + 1] = (byte) (value >> 16);
        b[at + 2] = (byte) (value >> 8);
        b[at + 3] = (byte) value;
    }
}
