package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ice4j.StackProperties;
import org.junit.jupiter.api.Test;

/** Responses carry exactly one FINGERPRINT, last, whatever ice4j's own signing setting in this JVM says. */
class ResponsesTest {
    @Test
    void oneFingerprintEvenWhenIce4jSignsEverything() {
        String before = System.getProperty(StackProperties.ALWAYS_SIGN);
        System.setProperty(StackProperties.ALWAYS_SIGN, "true");
        try {
            byte[] tid = new byte[12];
            byte[] key = Crypto.longTermKey("u", "r", "p");
            byte[] r = Responses.success(Stun.REFRESH, tid, List.of(Responses.lifetime(600)), key);
            Stun.Scan scan = Stun.scan(r, r.length);
            assertThat(scan).isNotNull();
            int fingerprints = 0;
            for (int at = Stun.HEADER; at < r.length; at += 4 + ((Stun.u16(r, at + 2) + 3) & ~3)) {
                if (Stun.u16(r, at) == Stun.ATTR_FINGERPRINT) {
                    fingerprints++;
                }
            }
            assertThat(fingerprints).isEqualTo(1);
            assertThat(Stun.integrityValid(r, scan.integrityOffset(), key)).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(StackProperties.ALWAYS_SIGN);
            } else {
                System.setProperty(StackProperties.ALWAYS_SIGN, before);
            }
        }
    }
}
