package io.storagesession.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.3: the key derivation test vectors, label by label. */
class KeyDerivationTest {
    private static final HexFormat HEX = HexFormat.of();
    private final KeyDerivation kdf = new KeyDerivation(HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139"),
            HEX.parseHex("0ec675ad498afeebb6960b3aabe6"));

    @Test
    void derivesTheSessionEncryptionKey() {
        assertThat(HEX.formatHex(kdf.derive(KeyDerivation.RTP_ENCRYPTION, 16)))
                .isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
    }

    @Test
    void derivesTheSessionSalt() {
        assertThat(HEX.formatHex(kdf.derive(KeyDerivation.RTP_SALT, 14)))
                .isEqualTo("30cbbc08863d8c85d49db34a9ae1");
    }

    @Test
    void derivesTheSessionAuthenticationKey() {
        assertThat(HEX.formatHex(kdf.derive(KeyDerivation.RTP_AUTHENTICATION, 20)))
                .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }
}
