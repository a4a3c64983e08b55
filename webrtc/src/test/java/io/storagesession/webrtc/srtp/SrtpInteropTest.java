package io.storagesession.webrtc.srtp;

import static io.storagesession.webrtc.srtp.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.dtls.SrtpProfile;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our SRTP against an implementation we did not write, jitsi-srtp, packet by packet: what we protect, jitsi-srtp
 * unprotects to the same plaintext and protects to the same bytes; what it protects, we unprotect — with CSRCs, one-
 * and two-byte header extensions (RFC 8285), padding, empty payloads, several SSRCs, sequence numbers wrapping three
 * times (the rollover counter, RFC 3711 §3.3.1) and packets arriving out of order around the wraps; and SRTCP in both
 * directions with the index growing.
 */
class SrtpInteropTest {
    private static final org.jitsi.utils.logging2.Logger JITSI_LOG = new LoggerImpl(SrtpInteropTest.class.getName());
    private static final int[] SSRCS = {0x1111_1111, 0xCAFE_BABE, 0x0000_0001};
    private static final int PACKETS = 3 * 65_536 / 40;
    private static final int SEQUENCE_STEP = 40;
    /** Reordered within groups of four, a packet is at most 3 × 16 = 48 indices late: inside the 64-packet window. */
    private static final int REORDERED_STEP = 16;
    private static final int REORDER_GROUP = 4;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void whatWeProtectJitsiReadsAndWouldHaveWrittenTheSame(SrtpProfile profile) throws GeneralSecurityException {
        Random random = new Random(profile.ordinal() + 7);
        SrtpKeys keys = randomKeys(profile, random);
        SrtpContextFactory jitsiSender = factory(true, keys.localKey(), keys.localSalt(), profile);
        SrtpContextFactory jitsiReceiver = factory(false, keys.localKey(), keys.localSalt(), profile);
        try (SrtpSession ours = new SrtpSession(keys)) {
            SrtpCryptoContext[] sent = new SrtpCryptoContext[SSRCS.length];
            SrtpCryptoContext[] received = new SrtpCryptoContext[SSRCS.length];
            for (int s = 0; s < SSRCS.length; s++) {
                sent[s] = jitsiSender.deriveContext(SSRCS[s], 0);
                received[s] = jitsiReceiver.deriveContext(SSRCS[s], 0);
            }
            for (int i = 0; i < PACKETS; i++) {
                int s = i % SSRCS.length;
                // big steps so that the sequence wraps three times per stream without a million packets
                int sequence = (65_000 + (i / SSRCS.length) * SEQUENCE_STEP) & 0xFFFF;
                byte[] plain = randomRtp(random, SSRCS[s], sequence);
                PacketBuffer mine = Packets.framed(plain);
                PacketBuffer theirs = Packets.framed(plain);
                assertThat(ours.protectRtp(mine)).isPositive();
                assertThat(sent[s].transformPacket(theirs)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(bytes(mine)).as("packet %d", i).isEqualTo(bytes(theirs));
                assertThat(received[s].reverseTransformPacket(mine, false)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(bytes(mine)).isEqualTo(plain);
            }
            SrtcpCryptoContext control = jitsiSender.deriveControlContext(SSRCS[0]);
            SrtcpCryptoContext controlIn = jitsiReceiver.deriveControlContext(SSRCS[0]);
            // jitsi-srtp numbers its first SRTCP packet 0, libsrtp and we 1 (both are valid): spend jitsi's 0
            control.transformPacket(Packets.framed(randomRtcp(random, SSRCS[0])));
            for (int i = 0; i < 300; i++) {
                byte[] plain = randomRtcp(random, SSRCS[0]);
                PacketBuffer mine = Packets.framed(plain);
                PacketBuffer theirs = Packets.framed(plain);
                assertThat(ours.protectRtcp(mine)).isPositive();
                assertThat(control.transformPacket(theirs)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(bytes(mine)).as("SRTCP packet %d", i).isEqualTo(bytes(theirs));
                assertThat(controlIn.reverseTransformPacket(mine)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(bytes(mine)).isEqualTo(plain);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void whatJitsiProtectsWeReadEvenOutOfOrderAcrossWraps(SrtpProfile profile) throws GeneralSecurityException {
        Random random = new Random(profile.ordinal() + 11);
        SrtpKeys keys = randomKeys(profile, random);
        SrtpContextFactory jitsiSender = factory(true, keys.remoteKey(), keys.remoteSalt(), profile);
        try (SrtpSession ours = new SrtpSession(keys)) {
            for (int ssrc : SSRCS) {
                SrtpCryptoContext context = jitsiSender.deriveContext(ssrc, 0);
                List<byte[][]> flight = new ArrayList<>();
                for (int i = 0; i < 3 * 65_536 / REORDERED_STEP; i++) {
                    byte[] plain = randomRtp(random, ssrc, (65_000 + i * REORDERED_STEP) & 0xFFFF);
                    PacketBuffer packet = Packets.framed(plain);
                    assertThat(context.transformPacket(packet)).isEqualTo(SrtpErrorStatus.OK);
                    flight.add(new byte[][] {plain, bytes(packet)});
                    if (flight.size() == REORDER_GROUP || i == 0) {
                        // the network reorders within groups, the stream's first packet excepted
                        Collections.shuffle(flight, random);
                        for (byte[][] sent : flight) {
                            PacketBuffer buffer = Packets.framed(sent[1]);
                            assertThat(ours.unprotectRtp(buffer)).as("packet %d", i).isEqualTo(sent[0].length);
                            assertThat(bytes(buffer)).isEqualTo(sent[0]);
                        }
                        flight.clear();
                    }
                }
            }
            SrtcpCryptoContext control = jitsiSender.deriveControlContext(SSRCS[1]);
            for (int i = 0; i < 300; i++) {
                byte[] plain = randomRtcp(random, SSRCS[1]);
                PacketBuffer packet = Packets.framed(plain);
                assertThat(control.transformPacket(packet)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(ours.unprotectRtcp(packet)).isEqualTo(plain.length);
                assertThat(bytes(packet)).isEqualTo(plain);
            }
        }
    }

    /** RTP with random CSRCs, extension (one- or two-byte profile), padding and payload (RFC 3550 §5.1, RFC 8285). */
    static byte[] randomRtp(Random random, int ssrc, int sequence) {
        int csrcs = random.nextInt(3);
        boolean extension = random.nextBoolean();
        int extensionWords = random.nextInt(4);
        int payload = random.nextInt(1_401);
        boolean padding = payload > 0 && random.nextInt(5) == 0;
        int header = 12 + 4 * csrcs + (extension ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[header + payload];
        random.nextBytes(packet);
        packet[0] = (byte) (0x80 | (padding ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs);
        packet[1] = (byte) (random.nextBoolean() ? 96 : 96 | 0x80);
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        SrtpTransform.writeInt(packet, 8, ssrc);
        if (extension) {
            int at = 12 + 4 * csrcs;
            int profile = random.nextBoolean() ? 0xBEDE : 0x1000;
            packet[at] = (byte) (profile >> 8);
            packet[at + 1] = (byte) profile;
            packet[at + 2] = 0;
            packet[at + 3] = (byte) extensionWords;
        }
        if (padding) {
            packet[packet.length - 1] = (byte) (1 + random.nextInt(Math.min(payload, 255)));
        }
        return packet;
    }

    /** A compound RTCP packet: a sender report with up to three report blocks, then an SDES chunk (RFC 3550 §6). */
    static byte[] randomRtcp(Random random, int ssrc) {
        int blocks = random.nextInt(4);
        int report = 28 + 24 * blocks;
        int sdesWords = 1 + random.nextInt(6);
        byte[] packet = new byte[report + 8 + 4 * sdesWords];
        random.nextBytes(packet);
        packet[0] = (byte) (0x80 | blocks);
        packet[1] = (byte) 200;
        packet[2] = 0;
        packet[3] = (byte) (report / 4 - 1);
        SrtpTransform.writeInt(packet, 4, ssrc);
        packet[report] = (byte) 0x81;
        packet[report + 1] = (byte) 202;
        packet[report + 2] = 0;
        packet[report + 3] = (byte) (1 + sdesWords);
        SrtpTransform.writeInt(packet, report + 4, ssrc);
        return packet;
    }

    private static SrtpKeys randomKeys(SrtpProfile profile, Random random) {
        byte[][] parts = new byte[4][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new byte[i % 2 == 0 ? profile.keyLength() : profile.saltLength()];
            random.nextBytes(parts[i]);
        }
        return new SrtpKeys(profile, parts[0], parts[1], parts[2], parts[3]);
    }

    /** jitsi-srtp's contexts as SrtpSession used to configure them; the sender without its send-side replay check. */
    private static SrtpContextFactory factory(boolean sender, byte[] key, byte[] salt, SrtpProfile profile) {
        return new SrtpContextFactory(sender, key, salt, policy(profile, sender), policy(profile, sender), JITSI_LOG);
    }

    private static SrtpPolicy policy(SrtpProfile profile, boolean sender) {
        SrtpPolicy policy = switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.keyLength(),
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, profile.authKeyLength(), profile.authTagLength(),
                    profile.saltLength());
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(),
                    SrtpPolicy.NULL_AUTHENTICATION, profile.authKeyLength(), profile.authTagLength(),
                    profile.saltLength());
        };
        if (sender) {
            policy.setSendReplayEnabled(false);
        }
        return policy;
    }
}
