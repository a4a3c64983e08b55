package io.storagesession.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.webrtc.dtls.SrtpProfile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever bytes a peer sends, unprotecting them drops the packet and never throws. */
class SrtpGarbagePropertiesTest {

    @Property(tries = 500)
    void randomBytesNeverThrowFromUnprotectRtp(@ForAll SrtpProfile profile, @ForAll @Size(max = 300) byte[] bytes,
            @ForAll @IntRange(max = 8) int offset, @ForAll boolean version2) {
        try (SrtpSession session = new SrtpSession(HandshakeKeys.of(profile).server())) {
            assertThat(session.unprotectRtp(framed(bytes, offset, version2))).isNegative();
        }
    }

    @Property(tries = 500)
    void randomBytesNeverThrowFromUnprotectRtcp(@ForAll SrtpProfile profile, @ForAll @Size(max = 300) byte[] bytes,
            @ForAll @IntRange(max = 8) int offset, @ForAll boolean version2) {
        try (SrtpSession session = new SrtpSession(HandshakeKeys.of(profile).server())) {
            assertThat(session.unprotectRtcp(framed(bytes, offset, version2))).isNegative();
        }
    }

    /** The bytes at an offset, with the version bits forced to 2 when asked so that they reach the crypto. */
    private static PacketBuffer framed(byte[] bytes, int offset, boolean version2) {
        byte[] array = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, array, offset, bytes.length);
        if (version2 && bytes.length > 0) {
            array[offset] = (byte) (0x80 | (array[offset] & 0x3F));
        }
        return new PacketBuffer(array, offset, bytes.length);
    }
}
