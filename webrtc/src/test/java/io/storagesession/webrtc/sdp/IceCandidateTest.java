package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ICE candidates are read per RFC 8839 §5.1 as browsers, the KVS C SDK and aiortc write them. */
class IceCandidateTest {

    @Test
    void chromeSrflxWithExtensions() throws SdpException {
        IceCandidate c = IceCandidate.parse("candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx "
                + "raddr 192.168.1.20 rport 61665 generation 0 ufrag Gx7q network-id 1 network-cost 10");

        assertThat(c).isEqualTo(new IceCandidate("842163049", 1, IceCandidate.Transport.UDP, 1677729535L,
                "203.0.113.7", 61665, IceCandidate.Type.SRFLX, "192.168.1.20", 61665, null));
    }

    @Test
    void prefixesAreOptional() throws SdpException {
        String body = "1 1 UDP 2122260223 10.0.0.5 50000 typ host";
        IceCandidate bare = IceCandidate.parse(body);

        assertThat(IceCandidate.parse("candidate:" + body)).isEqualTo(bare);
        assertThat(IceCandidate.parse("a=candidate:" + body + "\r\n")).isEqualTo(bare);
        assertThat(bare.transport()).isEqualTo(IceCandidate.Transport.UDP);
    }

    @Test
    void mdnsIpv6TcpAndRelayCandidates() throws SdpException {
        IceCandidate mdns = IceCandidate.parse("candidate:3 1 udp 2113937151 "
                + "4f9e1a2b-7c3d-4e5f-8a9b-0c1d2e3f4a5b.local 54321 typ host generation 0");
        IceCandidate ipv6 = IceCandidate.parse("candidate:4 1 udp 2122262783 2001:db8:85a3::8a2e:370:7334 "
                + "50001 typ host");
        IceCandidate tcp = IceCandidate.parse("candidate:5 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active");
        IceCandidate relay = IceCandidate.parse("candidate:6 1 udp 41885439 198.51.100.9 3478 typ relay "
                + "raddr 203.0.113.7 rport 61665");

        assertThat(mdns.address()).isEqualTo("4f9e1a2b-7c3d-4e5f-8a9b-0c1d2e3f4a5b.local");
        assertThat(ipv6.address()).isEqualTo("2001:db8:85a3::8a2e:370:7334");
        assertThat(tcp.transport()).isEqualTo(IceCandidate.Transport.TCP);
        assertThat(tcp.tcpType()).isEqualTo("active");
        assertThat(tcp.port()).isEqualTo(9);
        assertThat(relay.type()).isEqualTo(IceCandidate.Type.RELAY);
        assertThat(relay.relatedPort()).isEqualTo(61665);
    }

    @Test
    void theFullUnsignedRangeOfPriorityAndPort() throws SdpException {
        IceCandidate c = IceCandidate.parse("candidate:x 256 udp 4294967295 0.0.0.0 65535 typ prflx");

        assertThat(c.priority()).isEqualTo(4294967295L);
        assertThat(c.port()).isEqualTo(65535);
        assertThat(c.component()).isEqualTo(256);
    }

    @Test
    void rendersTheServersRelayCandidate() throws SdpException {
        IceCandidate relay = IceCandidate.relay("r1", 16777215L, "198.51.100.9", 49170, "203.0.113.1", 3478);

        assertThat(relay.toAttribute()).isEqualTo("candidate:r1 1 udp 16777215 198.51.100.9 49170 typ relay "
                + "raddr 203.0.113.1 rport 3478 generation 0");
        assertThat(IceCandidate.parse(relay.toAttribute())).isEqualTo(relay);
    }

    @Test
    void refusesOutOfRangeNumbers() {
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 4294967296 10.0.0.1 1 typ host"))
                .hasMessage("the ICE candidate's priority '4294967296' is not a number from 0 to 4294967295");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 65536 typ host"))
                .hasMessageContaining("port '65536'");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 0 udp 1 10.0.0.1 1 typ host"))
                .hasMessageContaining("component id '0'");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp -5 10.0.0.1 1 typ host"))
                .hasMessageContaining("priority '-5'");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ relay raddr 1.2.3.4 "
                + "rport 99999")).hasMessageContaining("related port (rport) '99999'");
    }

    @Test
    void refusesUnknownTransportsAndTypes() {
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 sctp 1 10.0.0.1 1 typ host"))
                .hasMessage("the ICE candidate's transport 'sctp' is not udp or tcp");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ bogus"))
                .hasMessageContaining("candidate type 'bogus' is not host, srflx, prflx or relay");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 type host"))
                .hasMessageStartingWith("an ICE candidate must read");
    }

    @Test
    void refusesAddressesThatAreNotLiteralsOrMdnsNames() {
        for (String address : new String[] {"example.com", "999.1.1.1", "1.2.3", "1:2:3", "::1::", "fe80::1%eth0",
            ".local", "-bad.local", "a..local"}) {
            assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 " + address + " 1 typ host"))
                    .as(address).hasMessageContaining("connection address");
        }
    }

    @Test
    void acceptsIpv6Forms() throws SdpException {
        for (String address : new String[] {"::", "::1", "fe80::1", "1:2:3:4:5:6:7:8", "1::8", "::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33", "1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:7::"}) {
            assertThat(IceCandidate.parse("candidate:1 1 udp 1 " + address + " 1 typ host").address()).isEqualTo(address);
        }
        for (String address : new String[] {"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:192.0.2.1", "12345::", "g::1",
            "::1.2.3", ":1:2:3:4:5:6:7"}) {
            assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 " + address + " 1 typ host"))
                    .as(address).isInstanceOf(SdpException.class);
        }
    }

    @Test
    void refusesGarbageWithClearMessages() {
        assertThatThrownBy(() -> IceCandidate.parse(null)).hasMessage("the ICE candidate is missing");
        assertThatThrownBy(() -> IceCandidate.parse("")).hasMessageStartingWith("an ICE candidate must read");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:" + "1".repeat(33) + " 1 udp 1 10.0.0.1 1 typ host"))
                .hasMessageContaining("foundation");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ srflx raddr"))
                .hasMessage("the ICE candidate's raddr has no value");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ host " + "x ".repeat(600)))
                .hasMessage("the ICE candidate is longer than 1024 characters");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ host\0"))
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ hôst"))
                .hasMessageContaining("printable ASCII");
    }

    @Test
    void aDanglingUnknownExtensionNameIsIgnored() throws SdpException {
        assertThat(IceCandidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ host generation").type())
                .isEqualTo(IceCandidate.Type.HOST);
    }
}
