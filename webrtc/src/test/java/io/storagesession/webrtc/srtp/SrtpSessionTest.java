package io.storagesession.webrtc.srtp;

import static io.storagesession.webrtc.srtp.Packets.bytes;
import static io.storagesession.webrtc.srtp.Packets.copy;
import static io.storagesession.webrtc.srtp.Packets.rtcp;
import static io.storagesession.webrtc.srtp.Packets.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.webrtc.dtls.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    private static final int SSRC = 0x1234_5678;
    private static final int PAYLOAD = 200;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsInBothDirections(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession client = new SrtpSession(keys.client()); SrtpSession server = new SrtpSession(keys.server())) {
            for (int sequence = 65_530; sequence < 65_546; sequence++) { // across a sequence-number wrap
                int seq = sequence & 0xFFFF;
                assertRoundTrip(client, server, rtp(SSRC, seq, PAYLOAD, seq));
                assertRoundTrip(server, client, rtp(~SSRC, seq, PAYLOAD + 1, seq));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsInBothDirections(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession client = new SrtpSession(keys.client()); SrtpSession server = new SrtpSession(keys.server())) {
            for (int i = 0; i < 5; i++) {
                PacketBuffer plain = rtcp(SSRC, i);
                byte[] original = bytes(plain);
                int protectedLength = client.protectRtcp(plain);
                assertThat(protectedLength).isEqualTo(original.length + client.rtcpOverhead());
                assertThat(server.unprotectRtcp(plain)).isEqualTo(original.length);
                assertThat(bytes(plain)).isEqualTo(original);

                PacketBuffer back = rtcp(~SSRC, i);
                byte[] backOriginal = bytes(back);
                server.protectRtcp(back);
                assertThat(client.unprotectRtcp(back)).isEqualTo(backOriginal.length);
                assertThat(bytes(back)).isEqualTo(backOriginal);
            }
        }
    }

    /**
     * An SFU answers a NACK by sending a packet again, after newer ones and possibly far behind them; the receiver,
     * which never got the original, must accept it.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aPacketSentBeforeCanBeSentAgainLaterForARetransmission(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession server = new SrtpSession(keys.server()); SrtpSession viewer = new SrtpSession(keys.client())) {
            for (int seq = 1; seq <= 100; seq++) {
                PacketBuffer packet = rtp(SSRC, seq, PAYLOAD, seq);
                server.protectRtp(packet);
                if (seq != 60) {
                    assertThat(viewer.unprotectRtp(packet)).isPositive();
                }
            }
            // within the receiver's 64-packet replay window (RFC 3711 §3.3.2), as a NACK answered in time is
            PacketBuffer again = rtp(SSRC, 60, PAYLOAD, 60);
            byte[] original = bytes(again);
            assertThat(server.protectRtp(again)).as("protecting seq 60 again, 40 packets later").isPositive();
            assertThat(viewer.unprotectRtp(again)).isEqualTo(original.length);
            assertThat(bytes(again)).isEqualTo(original);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aSessionCannotReadWhatItProtectedItself(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession client = new SrtpSession(keys.client()); SrtpSession other = new SrtpSession(keys.client())) {
            PacketBuffer packet = rtp(SSRC, 1, PAYLOAD, 1);
            client.protectRtp(packet);
            assertThat(other.unprotectRtp(packet)).isEqualTo(SrtpDrop.AUTH_FAILED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aFlippedBitInPayloadOrTagIsRejected(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession sender = new SrtpSession(keys.client()); SrtpSession receiver = new SrtpSession(keys.server())) {
            PacketBuffer packet = rtp(SSRC, 7, PAYLOAD, 7);
            int length = sender.protectRtp(packet);
            PacketBuffer payloadFlipped = flipped(packet, 12 + PAYLOAD / 2);
            PacketBuffer tagFlipped = flipped(packet, length - 1);
            assertThat(receiver.unprotectRtp(payloadFlipped)).isEqualTo(SrtpDrop.AUTH_FAILED.code());
            assertThat(receiver.unprotectRtp(tagFlipped)).isEqualTo(SrtpDrop.AUTH_FAILED.code());
            assertThat(receiver.unprotectRtp(packet)).as("the genuine packet still passes").isPositive();

            PacketBuffer report = rtcp(SSRC, 1);
            int rtcpLength = sender.protectRtcp(report);
            assertThat(receiver.unprotectRtcp(flipped(report, 10))).isEqualTo(SrtpDrop.AUTH_FAILED.code());
            assertThat(receiver.unprotectRtcp(flipped(report, rtcpLength - 1))).isEqualTo(SrtpDrop.AUTH_FAILED.code());
            assertThat(receiver.unprotectRtcp(report)).isPositive();
            assertThat(receiver.drops(SrtpDrop.AUTH_FAILED)).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsRejected(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession sender = new SrtpSession(keys.client()); SrtpSession receiver = new SrtpSession(keys.server())) {
            PacketBuffer packet = rtp(SSRC, 100, PAYLOAD, 100);
            sender.protectRtp(packet);
            PacketBuffer replay = copy(packet);
            assertThat(receiver.unprotectRtp(packet)).isPositive();
            assertThat(receiver.unprotectRtp(replay)).isEqualTo(SrtpDrop.REPLAYED.code());

            PacketBuffer report = rtcp(SSRC, 1);
            sender.protectRtcp(report);
            PacketBuffer reportReplay = copy(report);
            assertThat(receiver.unprotectRtcp(report)).isPositive();
            assertThat(receiver.unprotectRtcp(reportReplay)).isEqualTo(SrtpDrop.REPLAYED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shortAndMalformedPacketsAreRejectedWithoutExceptions(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession session = new SrtpSession(keys.server())) {
            for (int length = 0; length < 40; length++) {
                byte[] array = new byte[length];
                if (length > 0) {
                    array[0] = (byte) 0x80;
                }
                assertThat(session.unprotectRtp(new PacketBuffer(array, 0, length))).isNegative();
                assertThat(session.unprotectRtcp(new PacketBuffer(array, 0, length))).isNegative();
            }
            assertThat(session.protectRtp(new PacketBuffer(new byte[11], 0, 11)))
                    .isEqualTo(SrtpDrop.INVALID_PACKET.code());
            assertThat(session.protectRtcp(new PacketBuffer(new byte[7], 0, 7)))
                    .isEqualTo(SrtpDrop.INVALID_PACKET.code());
            byte[] version1 = bytes(rtp(SSRC, 1, PAYLOAD, 1));
            version1[0] = 0x40;
            assertThat(session.protectRtp(new PacketBuffer(version1, 0, version1.length)))
                    .isEqualTo(SrtpDrop.INVALID_PACKET.code());
            byte[] csrcsBeyondEnd = bytes(rtp(SSRC, 1, 4, 1));
            csrcsBeyondEnd[0] = (byte) 0x8F; // fifteen CSRCs claimed, none present
            assertThat(session.protectRtp(new PacketBuffer(csrcsBeyondEnd, 0, csrcsBeyondEnd.length)))
                    .isEqualTo(SrtpDrop.INVALID_PACKET.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void ssrcsBeyondTheCapAreDropped(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        int cap = 4;
        try (SrtpSession sender = new SrtpSession(keys.client(), cap + 1);
                SrtpSession receiver = new SrtpSession(keys.server(), cap)) {
            for (int ssrc = 1; ssrc <= cap; ssrc++) {
                PacketBuffer packet = rtp(ssrc, 1, PAYLOAD, ssrc);
                sender.protectRtp(packet);
                assertThat(receiver.unprotectRtp(packet)).isPositive();
            }
            PacketBuffer oneTooMany = rtp(cap + 1, 1, PAYLOAD, 0);
            assertThat(sender.protectRtp(oneTooMany)).isPositive();
            assertThat(receiver.unprotectRtp(oneTooMany)).isEqualTo(SrtpDrop.TOO_MANY_SSRCS.code());
            assertThat(sender.protectRtp(rtp(cap + 2, 1, PAYLOAD, 0)))
                    .as("the sending side has its own cap").isEqualTo(SrtpDrop.TOO_MANY_SSRCS.code());
            PacketBuffer known = rtp(1, 2, PAYLOAD, 2);
            sender.protectRtp(known);
            assertThat(receiver.unprotectRtp(known)).as("known SSRCs go on").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedSsrcsDoNotUseUpTheCap(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession sender = new SrtpSession(keys.client());
                SrtpSession forger = new SrtpSession(keys.server());
                SrtpSession receiver = new SrtpSession(keys.server(), 2)) {
            for (int ssrc = 100; ssrc < 110; ssrc++) {
                PacketBuffer forged = rtp(ssrc, 1, PAYLOAD, ssrc);
                forger.protectRtp(forged); // the wrong direction's key: cannot authenticate at the receiver
                assertThat(receiver.unprotectRtp(forged)).isEqualTo(SrtpDrop.AUTH_FAILED.code());
            }
            for (int ssrc = 1; ssrc <= 2; ssrc++) {
                PacketBuffer genuine = rtp(ssrc, 1, PAYLOAD, ssrc);
                sender.protectRtp(genuine);
                assertThat(receiver.unprotectRtp(genuine)).isPositive();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingInPlaceKeepsTheArrayWhenThereIsRoomAndGrowsItWhenNot(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession sender = new SrtpSession(keys.client()); SrtpSession receiver = new SrtpSession(keys.server())) {
            PacketBuffer roomy = rtp(SSRC, 1, PAYLOAD, 1);
            byte[] array = roomy.getBuffer();
            sender.protectRtp(roomy);
            assertThat(roomy.getBuffer()).isSameAs(array);

            byte[] exact = bytes(rtp(SSRC, 2, PAYLOAD, 2));
            byte[] original = exact.clone();
            PacketBuffer tight = new PacketBuffer(exact, 0, exact.length);
            assertThat(sender.protectRtp(tight)).isEqualTo(original.length + sender.rtpOverhead());
            assertThat(receiver.unprotectRtp(tight)).isEqualTo(original.length);
            assertThat(bytes(tight)).isEqualTo(original);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aClosedSessionDropsEverything(SrtpProfile profile) {
        SrtpSession session = new SrtpSession(HandshakeKeys.of(profile).client());
        session.close();
        session.close();
        assertThat(session.protectRtp(rtp(SSRC, 1, PAYLOAD, 1))).isEqualTo(SrtpDrop.CLOSED.code());
        assertThat(session.unprotectRtcp(rtcp(SSRC, 1))).isEqualTo(SrtpDrop.CLOSED.code());
        assertThat(SrtpDrop.of(SrtpDrop.CLOSED.code())).isEqualTo(SrtpDrop.CLOSED);
    }

    private static void assertRoundTrip(SrtpSession sender, SrtpSession receiver, PacketBuffer packet) {
        byte[] original = bytes(packet);
        int protectedLength = sender.protectRtp(packet);
        assertThat(protectedLength).isEqualTo(original.length + sender.rtpOverhead());
        assertThat(bytes(packet)).as("payload encrypted").isNotEqualTo(original);
        assertThat(receiver.unprotectRtp(packet)).isEqualTo(original.length);
        assertThat(bytes(packet)).isEqualTo(original);
    }

    private static PacketBuffer flipped(PacketBuffer packet, int index) {
        PacketBuffer copy = copy(packet);
        copy.getBuffer()[copy.getOffset() + index] ^= 0x01;
        return copy;
    }
}
