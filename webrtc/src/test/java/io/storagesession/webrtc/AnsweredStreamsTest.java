package io.storagesession.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.bridge.Role;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.media.MediaKind;
import io.storagesession.webrtc.sdp.AnswerValidator;
import io.storagesession.webrtc.testing.AnswerSdp;
import org.junit.jupiter.api.Test;

/** The receive path's view of an answer: only its payload types, only its announced SSRCs (RFC 5576). */
class AnsweredStreamsTest {
    private static final String FINGERPRINT = "sha-256 " + "AB:".repeat(31) + "AB";

    private static byte[] rtp(int payloadType, int ssrc) {
        byte[] p = new byte[12];
        p[0] = (byte) 0x80;
        p[1] = (byte) payloadType;
        Bytes.writeInt(p, 8, ssrc);
        return p;
    }

    @Test
    void payloadTypesAndSsrcsComeFromTheAnswerOnly() throws Exception {
        AnsweredStreams streams = new AnsweredStreams(AnswerValidator.validate(new AnswerSdp(FINGERPRINT).render(),
                Role.MASTER));
        assertThat(streams.kindOf(rtp(102, 1111), 0)).isEqualTo(MediaKind.VIDEO);
        assertThat(streams.kindOf(rtp(103, 1111), 0)).as("RTX of an accepted codec").isEqualTo(MediaKind.VIDEO);
        assertThat(streams.kindOf(rtp(111, 2222), 0)).isEqualTo(MediaKind.AUDIO);
        assertThat(streams.kindOf(rtp(104, 1111), 0)).as("offered but not answered").isNull();
        assertThat(streams.kindOf(rtp(0, 1111), 0)).isNull();
        assertThat(streams.kindOf(rtp(127, 1111), 0)).isNull();
        assertThat(streams.announced(MediaKind.VIDEO, rtp(102, 1111), 0)).isTrue();
        assertThat(streams.announced(MediaKind.VIDEO, rtp(102, 2222), 0)).as("the audio SSRC").isFalse();
        assertThat(streams.announced(MediaKind.AUDIO, rtp(111, 2222), 0)).isTrue();
    }

    @Test
    void withoutAnnouncedSsrcsAnySsrcIsTaken() throws Exception {
        String withoutSsrcs = new AnswerSdp(FINGERPRINT).render().replaceAll("a=ssrc:[^\r]*\r\n", "");
        AnsweredStreams streams = new AnsweredStreams(AnswerValidator.validate(withoutSsrcs, Role.MASTER));
        assertThat(streams.announced(MediaKind.VIDEO, rtp(102, 0x7777), 0)).isTrue();
    }
}
