package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.OfferCodecs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The offer has the shape every KVS client parses (KVS-WIRE.md §3) and reads back as what was put in. */
class OfferBuilderTest {
    private static final String UFRAG = "s3Rv";
    private static final String PWD = "Jq8bT2nWz5Lc7Vx0Rk4mYp1d";

    static LocalDescription local(Role role) {
        return new LocalDescription(role, UFRAG, PWD, AnswerFixtures.FINGERPRINT, 4242424242L, 0xDEADBEEF, 305419896,
                0x12345679, "storage@kvs");
    }

    private static SessionDescription parsedOffer(Role role) throws SdpException {
        return SessionDescription.parse(OfferBuilder.offer(local(role)));
    }

    @Test
    void everyLineEndsWithCrlfAndNoneIsBare() {
        String offer = OfferBuilder.offer(local(Role.MASTER));

        assertThat(offer).endsWith("\r\n");
        assertThat(offer.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void sessionLevelLinesForTheCSdk() {
        String offer = OfferBuilder.offer(local(Role.MASTER));

        assertThat(offer).startsWith("v=0\r\no=- 4242424242 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        String sessionPart = offer.substring(0, offer.indexOf("m="));
        assertThat(sessionPart).contains("a=group:BUNDLE 0 1\r\n", "a=ice-options:trickle\r\n",
                "a=msid-semantic: WMS " + OfferBuilder.MEDIA_STREAM_ID + "\r\n");
    }

    @Test
    void everyMediaSectionCarriesTransportAttributes() throws SdpException {
        for (Role role : Role.values()) {
            SessionDescription offer = parsedOffer(role);
            assertThat(offer.attributes().all("ice-options")).containsExactly("trickle");
            assertThat(offer.attributes().all("group")).containsExactly("BUNDLE 0 1");
            assertThat(offer.media()).hasSize(2);
            for (MediaDescription section : offer.media()) {
                Attributes a = section.attributes();
                assertThat(section.port()).isEqualTo(9);
                assertThat(section.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
                assertThat(a.all("ice-ufrag")).containsExactly(UFRAG);
                assertThat(a.all("ice-pwd")).containsExactly(PWD);
                assertThat(a.all("ice-options")).containsExactly("trickle");
                assertThat(a.all("fingerprint")).containsExactly(AnswerFixtures.FINGERPRINT);
                assertThat(a.all("setup")).containsExactly("actpass");
                assertThat(a.all("rtcp")).containsExactly("9 IN IP4 0.0.0.0");
                assertThat(a.has("rtcp-mux")).isTrue();
                assertThat(a.has("rtcp-rsize")).isTrue();
            }
        }
    }

    @Test
    void midsAndMLineIndexesMatchTheConstants() throws SdpException {
        SessionDescription offer = parsedOffer(Role.VIEWER);

        MediaDescription video = offer.media().get(OfferBuilder.VIDEO_MLINE_INDEX);
        MediaDescription audio = offer.media().get(OfferBuilder.AUDIO_MLINE_INDEX);
        assertThat(video.kind()).isEqualTo(MediaType.VIDEO);
        assertThat(video.mid()).isEqualTo(OfferBuilder.VIDEO_MID);
        assertThat(audio.kind()).isEqualTo(MediaType.AUDIO);
        assertThat(audio.mid()).isEqualTo(OfferBuilder.AUDIO_MID);
        assertThat(OfferBuilder.MIDS).containsExactly(video.mid(), audio.mid());
    }

    @Test
    void videoOffersEveryH264ProfileInModeOneWithRtxAndFeedback() throws SdpException {
        MediaDescription video = parsedOffer(Role.MASTER).media().get(OfferBuilder.VIDEO_MLINE_INDEX);

        assertThat(video.formats()).containsExactly("102", "103", "104", "105", "106", "107", "108", "109");
        List<String> profiles = new ArrayList<>();
        for (OfferCodecs.H264Format format : OfferCodecs.H264_FORMATS) {
            int pt = format.payloadType();
            int rtx = format.rtxPayloadType();
            assertThat(video.attributes().all("rtpmap")).contains(pt + " H264/90000", rtx + " rtx/90000");
            assertThat(video.attributes().all("fmtp")).contains(
                    pt + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + format.profileLevelId(),
                    rtx + " apt=" + pt);
            assertThat(video.attributes().all("rtcp-fb")).contains(pt + " nack", pt + " nack pli", pt + " ccm fir",
                    pt + " goog-remb", pt + " transport-cc");
            profiles.add(format.profileLevelId());
        }
        assertThat(profiles).contains("42e01f", "42001f", "4d001f", "640c1f");
        assertThat(video.attributes().all("extmap")).containsExactly(
                "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "4 urn:ietf:params:rtp-hdrext:sdes:mid");
    }

    @Test
    void audioOffersOpusSendrecvForBothRoles() throws SdpException {
        for (Role role : Role.values()) {
            MediaDescription audio = parsedOffer(role).media().get(OfferBuilder.AUDIO_MLINE_INDEX);
            assertThat(audio.formats()).containsExactly("111");
            assertThat(audio.attributes().all("rtpmap")).containsExactly("111 opus/48000/2");
            assertThat(audio.attributes().all("fmtp")).containsExactly("111 minptime=10;useinbandfec=1");
            assertThat(audio.attributes().all("rtcp-fb")).containsExactly("111 transport-cc");
            assertThat(audio.attributes().has("sendrecv")).isTrue();
            assertThat(audio.attributes().all("msid")).containsExactly(OfferBuilder.MEDIA_STREAM_ID + " "
                    + OfferBuilder.AUDIO_TRACK_ID);
            assertThat(audio.attributes().all("ssrc")).containsExactly("3735928559 cname:storage@kvs",
                    "3735928559 msid:" + OfferBuilder.MEDIA_STREAM_ID + " " + OfferBuilder.AUDIO_TRACK_ID);
            assertThat(audio.attributes().all("extmap")).containsExactly(
                    "1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                    "3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                    "4 urn:ietf:params:rtp-hdrext:sdes:mid");
        }
    }

    @Test
    void theMastersVideoIsRecvonlyWithoutSources() throws SdpException {
        MediaDescription video = parsedOffer(Role.MASTER).media().get(OfferBuilder.VIDEO_MLINE_INDEX);

        assertThat(video.attributes().has("recvonly")).isTrue();
        assertThat(video.attributes().has("sendonly")).isFalse();
        assertThat(video.attributes().has("msid")).isFalse();
        assertThat(video.attributes().has("ssrc")).isFalse();
        assertThat(video.attributes().has("ssrc-group")).isFalse();
    }

    @Test
    void aViewersVideoIsSendonlyWithMsidAndSsrc() throws SdpException {
        MediaDescription video = parsedOffer(Role.VIEWER).media().get(OfferBuilder.VIDEO_MLINE_INDEX);

        assertThat(video.attributes().has("sendonly")).isTrue();
        assertThat(video.attributes().has("recvonly")).isFalse();
        assertThat(video.attributes().all("msid"))
                .containsExactly(OfferBuilder.MEDIA_STREAM_ID + " " + OfferBuilder.VIDEO_TRACK_ID);
        assertThat(video.attributes().all("ssrc")).containsExactly("305419896 cname:storage@kvs",
                "305419896 msid:" + OfferBuilder.MEDIA_STREAM_ID + " " + OfferBuilder.VIDEO_TRACK_ID,
                "305419897 cname:storage@kvs",
                "305419897 msid:" + OfferBuilder.MEDIA_STREAM_ID + " " + OfferBuilder.VIDEO_TRACK_ID);
    }

    @Test
    void aViewersVideoPairsItsRtxSsrcWithTheMediaSsrc() throws SdpException {
        MediaDescription video = parsedOffer(Role.VIEWER).media().get(OfferBuilder.VIDEO_MLINE_INDEX);

        assertThat(video.attributes().all("ssrc-group")).containsExactly("FID 305419896 305419897");
    }

    @Test
    void anRtxSsrcEqualToTheVideoSsrcIsRefused() {
        assertThatThrownBy(() -> new LocalDescription(Role.VIEWER, UFRAG, PWD, AnswerFixtures.FINGERPRINT, 1, 1, 7, 7,
                "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadTypesAndExtensionIdsAreDistinct() {
        Set<Integer> payloadTypes = new HashSet<>();
        for (OfferCodecs.H264Format format : OfferCodecs.H264_FORMATS) {
            assertThat(payloadTypes.add(format.payloadType())).isTrue();
            assertThat(payloadTypes.add(format.rtxPayloadType())).isTrue();
        }
        assertThat(payloadTypes.add(OfferCodecs.OPUS_PAYLOAD_TYPE)).isTrue();
        assertThat(payloadTypes).allMatch(pt -> pt >= 96 && pt <= 127);
        List<OfferCodecs.HeaderExtension> all = List.of(OfferCodecs.AUDIO_LEVEL, OfferCodecs.ABS_SEND_TIME,
                OfferCodecs.TRANSPORT_CC, OfferCodecs.SDES_MID);
        assertThat(all).extracting(OfferCodecs.HeaderExtension::id).doesNotHaveDuplicates()
                .allMatch(id -> id >= 1 && id <= 14);
        assertThat(OfferCodecs.h264(104)).contains(OfferCodecs.H264_BASELINE);
        assertThat(OfferCodecs.repairedBy(103)).contains(OfferCodecs.H264_CONSTRAINED_BASELINE);
        assertThat(OfferCodecs.h264(103)).isEmpty();
    }

    @Test
    void anAnswerMirroringTheOfferIsAccepted() throws SdpException {
        String mirrored = OfferBuilder.offer(local(Role.VIEWER)).replace("a=setup:actpass", "a=setup:active")
                .replace("a=sendonly", "a=recvonly");

        Answer answer = AnswerValidator.validate(mirrored, Role.VIEWER);

        assertThat(answer.video().payloadTypes()).containsExactly(102, 104, 106, 108);
        assertThat(answer.iceUfrag()).isEqualTo(UFRAG);
    }

    @Test
    void localValuesThatWouldBreakOrInjectIntoTheSdpAreRefused() {
        assertThatThrownBy(() -> new LocalDescription(Role.MASTER, UFRAG, PWD, AnswerFixtures.FINGERPRINT, 1, 1, 1, 2,
                "x\r\na=setup:passive")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalDescription(Role.MASTER, "ab\r\n", PWD, AnswerFixtures.FINGERPRINT, 1, 1, 1, 2,
                "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalDescription(Role.MASTER, UFRAG, "short", AnswerFixtures.FINGERPRINT, 1, 1,
                1, 2, "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalDescription(Role.MASTER, UFRAG, PWD, "sha-256 AB", 1, 1, 1, 2, "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalDescription(Role.MASTER, UFRAG, PWD, AnswerFixtures.FINGERPRINT, -1, 1, 1, 2,
                "c")).isInstanceOf(IllegalArgumentException.class);
    }
}
