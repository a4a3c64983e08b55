package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpKeysTest {

    /** RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt. */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void cutsTheExporterOutputInRfc5764Order(SrtpProfile profile) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        byte[] material = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);

        SrtpKeys client = SrtpKeys.fromKeyingMaterial(profile, material, true);
        assertThat(client.localKey()).isEqualTo(clientKey);
        assertThat(client.localSalt()).isEqualTo(clientSalt);
        assertThat(client.remoteKey()).isEqualTo(serverKey);
        assertThat(client.remoteSalt()).isEqualTo(serverSalt);

        SrtpKeys server = SrtpKeys.fromKeyingMaterial(profile, material, false);
        assertThat(server.localKey()).isEqualTo(serverKey);
        assertThat(server.localSalt()).isEqualTo(serverSalt);
        assertThat(server.remoteKey()).isEqualTo(clientKey);
        assertThat(server.remoteSalt()).isEqualTo(clientSalt);
        assertThat(server.toString()).doesNotContain("[B").contains(profile.name());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rejectsMaterialOrKeysOfTheWrongLength(SrtpProfile profile) {
        assertThatThrownBy(() -> SrtpKeys.fromKeyingMaterial(profile, new byte[profile.keyingMaterialLength() - 1], true))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        assertThatThrownBy(() -> new SrtpKeys(profile, key, new byte[1], key, salt))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localSalt");
    }
}
