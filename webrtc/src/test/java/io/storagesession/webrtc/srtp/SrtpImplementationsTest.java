package io.storagesession.webrtc.srtp;

import static io.storagesession.webrtc.srtp.Packets.bytes;
import static io.storagesession.webrtc.srtp.Packets.rtcp;
import static io.storagesession.webrtc.srtp.Packets.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.dtls.SrtpProfile;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two AES implementations behind {@link SrtpSession} — OpenSSL reached through jitsi-srtp's natives, and the
 * JDK's fallback — produce the same bytes, and the receive paths the server never sends itself (SRTCP with the E flag
 * clear, RFC 3711 §3.4 and RFC 7714 §9.3) are checked against packets built here from the RFC text with plain JCA.
 */
class SrtpImplementationsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int SSRC = 0x0BAD_CAFE;

    /** The zero-garbage path must not silently degrade: jitsi-srtp bundles natives for the platforms we build on. */
    @Test
    void openSslIsUsableHere() {
        assertThat(OpenSslAccess.available()).isTrue();
        assertThat(SrtpSession.usesOpenSsl()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void openSslAndTheJdkProtectAlike(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        try (SrtpSession openSsl = new SrtpSession(keys.server(), 4, true);
             SrtpSession jdk = new SrtpSession(keys.server(), 4, false);
             SrtpSession viewer = new SrtpSession(keys.client(), 4, false)) {
            for (int i = 0; i < 300; i++) {
                int sequence = (65_400 + i) & 0xFFFF;
                PacketBuffer a = rtp(SSRC, sequence, i * 4, i);
                PacketBuffer b = rtp(SSRC, sequence, i * 4, i);
                byte[] plain = bytes(a);
                assertThat(openSsl.protectRtp(a)).isEqualTo(jdk.protectRtp(b)).isPositive();
                assertThat(bytes(a)).isEqualTo(bytes(b));
                assertThat(viewer.unprotectRtp(a)).isEqualTo(plain.length);
                assertThat(bytes(a)).isEqualTo(plain);
                if (i % 10 == 0) {
                    // the same packet again, as a NACK answer: same IV, which the JDK's GCM refuses unless told
                    PacketBuffer again = rtp(SSRC, sequence, i * 4, i);
                    PacketBuffer againJdk = rtp(SSRC, sequence, i * 4, i);
                    openSsl.protectRtp(again);
                    assertThat(jdk.protectRtp(againJdk)).isPositive();
                    assertThat(bytes(again)).isEqualTo(bytes(againJdk)).isEqualTo(bytes(b));
                }
                PacketBuffer c = rtcp(SSRC, i);
                PacketBuffer d = rtcp(SSRC, i);
                assertThat(openSsl.protectRtcp(c)).isEqualTo(jdk.protectRtcp(d)).isPositive();
                assertThat(bytes(c)).isEqualTo(bytes(d));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsFailAuthenticationOnBothImplementations(SrtpProfile profile) {
        HandshakeKeys.Pair keys = HandshakeKeys.of(profile);
        for (boolean openSsl : new boolean[] {true, false}) {
            try (SrtpSession sender = new SrtpSession(keys.server(), 4, openSsl);
                 SrtpSession receiver = new SrtpSession(keys.client(), 4, openSsl)) {
                PacketBuffer packet = rtp(SSRC, 7, 100, 7);
                sender.protectRtp(packet);
                packet.getBuffer()[packet.getOffset() + 20] ^= 1;
                assertThat(receiver.unprotectRtp(packet)).isEqualTo(SrtpDrop.AUTH_FAILED.code());
                PacketBuffer control = rtcp(SSRC, 1);
                sender.protectRtcp(control);
                control.getBuffer()[control.getOffset() + 12] ^= 1;
                assertThat(receiver.unprotectRtcp(control)).isEqualTo(SrtpDrop.AUTH_FAILED.code());
            }
        }
    }

    /** RFC 3711 §3.4: with E clear the payload is in the clear and the tag covers packet, E flag and index. */
    @Test
    void unencryptedSrtcpIsAcceptedWithAesCm() throws GeneralSecurityException {
        SrtpKeys keys = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        KeyDerivation kdf = new KeyDerivation(keys.remoteKey(), keys.remoteSalt());
        byte[] plain = bytes(rtcp(SSRC, 3));
        byte[] packet = new byte[plain.length + 4 + 10];
        System.arraycopy(plain, 0, packet, 0, plain.length);
        int index = 5;
        writeInt(packet, plain.length, index);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(kdf.derive(KeyDerivation.RTCP_AUTHENTICATION, 20), "HmacSHA1"));
        mac.update(packet, 0, plain.length + 4);
        System.arraycopy(mac.doFinal(), 0, packet, plain.length + 4, 10);
        assertAcceptedOnce(keys, packet, plain);
    }

    /** RFC 7714 §9.3: with E clear the whole RTCP packet and the E flag with the index are associated data. */
    @Test
    void unencryptedSrtcpIsAcceptedWithGcm() throws GeneralSecurityException {
        SrtpKeys keys = keys(SrtpProfile.AEAD_AES_128_GCM);
        KeyDerivation kdf = new KeyDerivation(keys.remoteKey(), keys.remoteSalt());
        byte[] plain = bytes(rtcp(SSRC, 3));
        int index = 5;
        byte[] iv = kdf.derive(KeyDerivation.RTCP_SALT, 12);
        SrtpTransform.xorInt(iv, 2, SSRC);
        SrtpTransform.xorInt(iv, 8, index);
        byte[] flagged = new byte[4];
        writeInt(flagged, 0, index);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kdf.derive(KeyDerivation.RTCP_ENCRYPTION, 16), "AES"),
                new GCMParameterSpec(128, iv));
        gcm.updateAAD(plain);
        gcm.updateAAD(flagged);
        byte[] tag = gcm.doFinal();
        byte[] packet = new byte[plain.length + tag.length + 4];
        System.arraycopy(plain, 0, packet, 0, plain.length);
        System.arraycopy(tag, 0, packet, plain.length, tag.length);
        System.arraycopy(flagged, 0, packet, plain.length + tag.length, 4);
        assertAcceptedOnce(keys, packet, plain);
    }

    private static void assertAcceptedOnce(SrtpKeys keys, byte[] packet, byte[] plain) {
        for (boolean openSsl : new boolean[] {true, false}) {
            try (SrtpSession receiver = new SrtpSession(keys, 4, openSsl)) {
                PacketBuffer buffer = Packets.framed(packet);
                assertThat(receiver.unprotectRtcp(buffer)).isEqualTo(plain.length);
                assertThat(bytes(buffer)).isEqualTo(plain);
                assertThat(receiver.unprotectRtcp(Packets.framed(packet))).isEqualTo(SrtpDrop.REPLAYED.code());
            }
        }
    }

    private static SrtpKeys keys(SrtpProfile profile) {
        byte[] key = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] salt = new byte[profile.saltLength()];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (0xA0 + i);
        }
        return new SrtpKeys(profile, key, salt, key, salt);
    }

    private static void writeInt(byte[] b, int at, int value) {
        SrtpTransform.writeInt(b, at, value);
    }
}
