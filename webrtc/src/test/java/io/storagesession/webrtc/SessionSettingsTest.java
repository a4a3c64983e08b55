package io.storagesession.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.storagesession.webrtc.dtls.SrtpProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reference.conf's storage-session section: KVS's limits by default, and wrong values refused at start. */
class SessionSettingsTest {
    @Test
    void defaultsAreKvsLimits() {
        SessionSettings s = SessionSettings.from(ConfigFactory.defaultReference());
        assertThat(s.maxViewers()).isEqualTo(3);
        assertThat(s.viewerSlotHold()).hasMinutes(1);
        assertThat(s.viewerWaitForMaster()).hasMinutes(3);
        assertThat(s.maxSessionDuration()).hasHours(1);
        assertThat(s.masterIdleTimeout()).hasMinutes(3);
        assertThat(s.viewerIdleTimeout()).hasMinutes(1);
        assertThat(s.dtls().srtpProfiles()).containsExactly(SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(s.consent().interval()).hasSeconds(5);
        assertThat(s.consent().timeout()).hasSeconds(30);
    }

    @Test
    void aConsentTimeoutThatAHealthyPeerCouldMissBetweenTwoChecksStopsTheServerAtStart() {
        assertThatThrownBy(() -> SessionSettings.from(ConfigFactory.parseMap(Map.of(
                "storage-session.ice.consent-interval", "5s", "storage-session.ice.consent-timeout", "6s"))
                .withFallback(ConfigFactory.defaultReference()))).hasMessageContaining("consent-timeout");
    }

    @Test
    void anUnknownSrtpProfileStopsTheServerAtStart() {
        assertThatThrownBy(() -> SessionSettings.from(ConfigFactory.parseMap(Map.of(
                "storage-session.dtls.srtp-profiles", List.of("AES_CM_128_NULL"))).withFallback(
                ConfigFactory.defaultReference()))).hasMessageContaining("unknown profile AES_CM_128_NULL");
    }
}
