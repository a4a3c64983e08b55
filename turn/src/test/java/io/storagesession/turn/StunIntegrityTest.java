package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class StunIntegrityTest {
    private static final int MAC = Stun.MESSAGE_INTEGRITY_LENGTH;

    @Test
    void macsWhatTheJceHmacSha1MacsForShortBlockSizedAndLongKeys() throws Exception {
        Random random = new Random(7);
        for (int keyLength : new int[] {1, 22, 63, 64, 65, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            StunIntegrity integrity = StunIntegrity.of(key);
            Mac reference = Mac.getInstance("HmacSHA1");
            reference.init(new SecretKeySpec(key, "HmacSHA1"));
            for (int length : new int[] {0, 1, 20, 55, 56, 64, 119, 1500}) {
                byte[] data = new byte[length + 9];
                random.nextBytes(data);
                byte[] out = new byte[MAC + 3];
                integrity.mac(data, 5, length, out, 3);
                reference.update(data, 5, length);
                assertThat(Arrays.copyOfRange(out, 3, 3 + MAC)).as("key %d, data %d", keyLength, length)
                        .isEqualTo(reference.doFinal());
            }
        }
    }

    @Test
    void verifiesItsOwnMacAndRefusesAnyFlippedBitOrAnotherKey() {
        byte[] data = "a STUN message up to MESSAGE-INTEGRITY".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StunIntegrity integrity = StunIntegrity.of("password".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] mac = new byte[MAC];
        integrity.mac(data, 0, data.length, mac, 0);
        assertThat(integrity.verify(data, 0, data.length, mac, 0)).isTrue();
        for (int bit = 0; bit < MAC * Byte.SIZE; bit++) {
            mac[bit / Byte.SIZE] ^= (byte) (1 << bit % Byte.SIZE);
            assertThat(integrity.verify(data, 0, data.length, mac, 0)).isFalse();
            mac[bit / Byte.SIZE] ^= (byte) (1 << bit % Byte.SIZE);
        }
        assertThat(StunIntegrity.of("another".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .verify(data, 0, data.length, mac, 0)).isFalse();
        assertThat(integrity.verify(data, 0, data.length, mac, 0)).as("still verifies after refusals").isTrue();
    }

    @Test
    void signingInPlaceMakesTheBytesOfSigningACopy() {
        byte[] encoded = StunWriter.message(Stun.BINDING, Stun.CLASS_SUCCESS, new byte[12])
                .attribute(Stun.ATTR_USERNAME, "r:l".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .sign(null);
        byte[] unsigned = Arrays.copyOf(encoded, encoded.length - 8); // drop FINGERPRINT: neither attribute left
        Stun.put16(unsigned, 2, unsigned.length - Stun.HEADER);
        byte[] key = "pwd".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] room = Arrays.copyOf(unsigned, unsigned.length + Stun.SIGNATURE_ROOM);
        int length = Stun.signInPlace(room, unsigned.length, Stun.integrityKey(key));
        assertThat(Arrays.copyOf(room, length)).isEqualTo(Stun.sign(unsigned, key));
        Stun.Scan scan = Stun.scan(room, length);
        assertThat(scan).isNotNull();
        assertThat(Stun.integrityValidWith(room, scan.integrityOffset(), Stun.integrityKey(key))).isTrue();
    }
}
