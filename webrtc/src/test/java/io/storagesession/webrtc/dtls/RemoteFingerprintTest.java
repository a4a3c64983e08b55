package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteFingerprintTest {
    private static final byte[] DER = DtlsCertificate.generate().encoded();

    @ParameterizedTest
    @CsvSource({"sha-1, SHA-1", "sha-224, SHA-224", "sha-256, SHA-256", "sha-384, SHA-384", "sha-512, SHA-512"})
    void matchesWithEveryRfc8122HashFunction(String sdpName, String jdkName) throws Exception {
        byte[] digest = MessageDigest.getInstance(jdkName).digest(DER);
        RemoteFingerprint fingerprint = new RemoteFingerprint(sdpName.toUpperCase(), digest);
        assertThat(fingerprint.algorithm()).isEqualTo(sdpName);
        assertThat(fingerprint.matches(DER)).isTrue();
        assertThat(RemoteFingerprint.parse(fingerprint.toString())).isEqualTo(fingerprint);
        assertThat(RemoteFingerprint.parse(fingerprint.toString().toLowerCase()).matches(DER)).isTrue();
    }

    @Test
    void rejectsUnknownHashFunctionsWrongLengthsAndMalformedValues() {
        assertThatThrownBy(() -> new RemoteFingerprint("md5", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("md5");
        assertThatThrownBy(() -> new RemoteFingerprint("sha-256", new byte[20]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> RemoteFingerprint.parse("sha-256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteFingerprint.parse("sha-256 ZZ:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueIsCopiedInAndOut() {
        byte[] value = new byte[32];
        RemoteFingerprint fingerprint = new RemoteFingerprint("sha-256", value);
        value[0] = 1;
        fingerprint.value()[1] = 1;
        assertThat(fingerprint.value()).containsOnly(0);
    }
}
