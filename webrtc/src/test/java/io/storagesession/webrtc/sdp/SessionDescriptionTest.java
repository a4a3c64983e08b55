package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SDP parser is tolerant of harmless variation and bounded against hostile input. */
class SessionDescriptionTest {
    private static final String MINIMAL = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    void keepsSessionAttributesAndMediaSectionsInOrder() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(MINIMAL
                + "a=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 102 103\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:102 H264/90000\r\n"
                + "a=rtpmap:103 rtx/90000\r\na=rtcp-mux\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\na=sctp-port:5000\r\n"
                + "m=text 0 RTP/AVP 98\r\n");

        assertThat(sdp.attributes().asMap()).containsOnlyKeys("group", "extmap-allow-mixed");
        assertThat(sdp.attributes().first("extmap-allow-mixed")).contains("");
        assertThat(sdp.media()).extracting(MediaDescription::kind)
                .containsExactly(MediaType.VIDEO, MediaType.APPLICATION, MediaType.OTHER);
        MediaDescription video = sdp.media().get(0);
        assertThat(video.port()).isEqualTo(9);
        assertThat(video.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(video.formats()).containsExactly("102", "103");
        assertThat(video.mid()).isEqualTo("0");
        assertThat(video.attributes().all("rtpmap")).containsExactly("102 H264/90000", "103 rtx/90000");
        assertThat(video.attributes().has("rtcp-mux")).isTrue();
        assertThat(sdp.media().get(1).formats()).containsExactly("webrtc-datachannel");
        assertThat(sdp.media().get(2).port()).isZero();
        assertThat(sdp.media().get(2).mid()).isNull();
        assertThat(sdp.media().get(2).media()).isEqualTo("text");
    }

    @Test
    void toleratesLfBlankLinesTrailingSpacesAndAMissingFinalLineEnd() throws SdpException {
        SessionDescription sdp = SessionDescription.parse("v=0\n\no=- 1 2 IN IP4 127.0.0.1  \r\ns=-\nt=0 0\n"
                + "m=audio 9/2 UDP/TLS/RTP/SAVPF 111 \na=mid:1 \r\n\r\na=rtpmap:111 opus/48000/2");

        assertThat(sdp.media()).hasSize(1);
        assertThat(sdp.media().get(0).port()).isEqualTo(9);
        assertThat(sdp.media().get(0).mid()).isEqualTo("1");
        assertThat(sdp.media().get(0).attributes().all("rtpmap")).containsExactly("111 opus/48000/2");
    }

    @Test
    void attributeValuesKeepTheirColons() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(MINIMAL + "a=fingerprint:sha-256 AB:CD\r\n");

        assertThat(sdp.attributes().first("fingerprint")).contains("sha-256 AB:CD");
    }

    @Test
    void refusesNothingAndBlanks() {
        assertThatThrownBy(() -> SessionDescription.parse(null)).isInstanceOf(SdpException.class)
                .hasMessage("the SDP is empty");
        assertThatThrownBy(() -> SessionDescription.parse("")).hasMessage("the SDP is empty");
        assertThatThrownBy(() -> SessionDescription.parse("\r\n\n\r\n")).hasMessage("the SDP is empty");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> SessionDescription.parse("hello, world"))
                .hasMessage("an SDP must start with v=0 (RFC 8866 §5.1); line 1 is 'hello, world'");
        assertThatThrownBy(() -> SessionDescription.parse("v=1\r\n")).hasMessageStartingWith("an SDP must start");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "this is not sdp\r\n"))
                .hasMessage("line 5 of the SDP is not of the form <type>=<value>: 'this is not sdp'");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "A=rtcp-mux\r\n"))
                .hasMessageContaining("not of the form <type>=<value>");
    }

    @Test
    void refusesBinary() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        String binary = "v=0\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> SessionDescription.parse(binary)).isInstanceOf(SdpException.class);
    }

    @Test
    void refusesNulBytesAndOtherControlCharacters() {
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "a=mid:0\0a=setup:passive\r\n"))
                .hasMessage("line 5 of the SDP contains a NUL byte");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\0\r\n")).hasMessageContaining("NUL byte");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "a=mid:0\ra=setup:passive\r\n"))
                .as("a lone CR does not end a line").hasMessageContaining("control character 0xd");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "a=mid:\u001b[31m\r\n"))
                .hasMessageContaining("control character 0x1b");
    }

    @Test
    void refusesAHugeSdp() {
        String huge = MINIMAL + ("a=x:" + "y".repeat(1000) + "\r\n").repeat(70);

        assertThatThrownBy(() -> SessionDescription.parse(huge)).hasMessage("the SDP is larger than 65536 bytes");
    }

    @Test
    void countsUtf8BytesNotCharacters() {
        String wide = MINIMAL + ("s=" + "€".repeat(1000) + "\r\n").repeat(30);

        assertThat(wide.length()).isLessThan(SessionDescription.MAX_BYTES);
        assertThatThrownBy(() -> SessionDescription.parse(wide)).hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void refusesTenThousandLines() {
        String many = MINIMAL + "a=x\n".repeat(10_000);

        assertThatThrownBy(() -> SessionDescription.parse(many)).hasMessage("the SDP has more than 2000 lines");
        assertThatThrownBy(() -> SessionDescription.parse("v=0" + "\n".repeat(10_000)))
                .as("empty lines count too").hasMessage("the SDP has more than 2000 lines");
    }

    @Test
    void refusesAnEnormousAttribute() {
        String longLine = MINIMAL + "a=fmtp:102 " + "x".repeat(SessionDescription.MAX_LINE_LENGTH) + "\r\n";

        assertThatThrownBy(() -> SessionDescription.parse(longLine))
                .hasMessage("line 5 of the SDP is longer than 4096 characters");
    }

    @Test
    void refusesTooManyMediaSections() {
        String many = MINIMAL + "m=audio 9 RTP/AVP 0\r\n".repeat(SessionDescription.MAX_MEDIA_SECTIONS + 1);

        assertThatThrownBy(() -> SessionDescription.parse(many)).hasMessage("the SDP has more than 16 m-sections");
    }

    @Test
    void refusesMalformedMLinesAndAttributeNames() {
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "m=video\r\n"))
                .hasMessageContaining("an m-line needs <media> <port> <proto> <fmt>");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "m=video 70000 RTP/AVP 96\r\n"))
                .hasMessage("line 5: the m-line port '70000' is not a number from 0 to 65535");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "m=video -1 RTP/AVP 96\r\n"))
                .hasMessageContaining("port '-1'");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "a=\r\n")).hasMessageContaining("is not a token");
        assertThatThrownBy(() -> SessionDescription.parse(MINIMAL + "a=a b:c\r\n"))
                .hasMessageContaining("the attribute name 'a b' is not a token");
    }

    @Test
    void errorMessagesQuoteOnlyAShortPrintableExcerpt() {
        String line = "\u00e9".repeat(500);

        assertThatThrownBy(() -> SessionDescription.parse(line))
                .hasMessage("an SDP must start with v=0 (RFC 8866 §5.1); line 1 is '" + "?".repeat(60) + "…'");
    }
}
