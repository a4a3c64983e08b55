package io.storagesession.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The server's trickled candidates read for their address; anything else is ignored, never thrown on. */
class SignalingLinkTest {
    @Test
    void readsAUdpRelayCandidate() {
        assertThat(SignalingLink.relayAddress("candidate:1 1 udp 16777215 127.0.0.1 49160 typ relay raddr 0.0.0.0 "
                + "rport 0")).isEqualTo(new InetSocketAddress("127.0.0.1", 49_160));
    }

    @Test
    void tellsRelayCandidatesApart() {
        assertThat(io.storagesession.bench.session.sdp.CandidateLine.isRelay(
                "candidate:1 1 udp 1 127.0.0.1 9 typ relay raddr 0.0.0.0 rport 0")).isTrue();
        assertThat(io.storagesession.bench.session.sdp.CandidateLine.isRelay(
                "candidate:1 1 udp 1 127.0.0.1 9 typ host")).isFalse();
        assertThat(io.storagesession.bench.session.sdp.CandidateLine.isRelay(null)).isFalse();
        assertThat(io.storagesession.bench.session.sdp.CandidateLine.isRelay("relay")).isFalse();
        assertThat(SignalingLink.relayAddress("a=candidate:1 1 udp 1 10.0.0.1 9 typ relay"))
                .isEqualTo(new InetSocketAddress("10.0.0.1", 9));
    }

    @Test
    void ignoresWhatIsNotAUdpAddress() {
        assertThat(SignalingLink.relayAddress(null)).isNull();
        assertThat(SignalingLink.relayAddress("")).isNull();
        assertThat(SignalingLink.relayAddress("candidate:1 1 tcp 1 127.0.0.1 9 typ host")).isNull();
        assertThat(SignalingLink.relayAddress("candidate:1 1 udp 1 127.0.0.1 99999 typ relay")).isNull();
        assertThat(SignalingLink.relayAddress("candidate:1 1 udp 1 127.0.0.1 -5 typ relay")).isNull();
        assertThat(SignalingLink.relayAddress("candidate:1 1 udp 1 example.com 9 typ relay")).isNull();
        assertThat(SignalingLink.relayAddress("candidate:1 1 udp 1 127.0.0.1 x typ relay")).isNull();
    }
}
