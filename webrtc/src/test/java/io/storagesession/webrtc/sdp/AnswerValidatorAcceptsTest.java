package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.Direction;
import io.storagesession.media.OfferCodecs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers that real clients send to the storage session's offer are accepted, and read correctly. */
class AnswerValidatorAcceptsTest {
    private static final String ABS_SEND_TIME = OfferCodecs.ABS_SEND_TIME.uri();
    private static final String TRANSPORT_CC = OfferCodecs.TRANSPORT_CC.uri();
    private static final String SDES_MID = OfferCodecs.SDES_MID.uri();
    private static final String AUDIO_LEVEL = OfferCodecs.AUDIO_LEVEL.uri();

    @Test
    void chromeMasterSendsAllFourH264ProfilesWithRtxAndOpus() throws SdpException {
        Answer answer = AnswerValidator.validate(AnswerFixtures.chromeMaster(), Role.MASTER);

        assertThat(answer.iceUfrag()).isEqualTo("Gx7q");
        assertThat(answer.icePwd()).isEqualTo("s9EwZ1xvq0Jm3RpdWB7uTkLf");
        assertThat(answer.fingerprint()).isEqualTo(Fingerprint.parse(AnswerFixtures.FINGERPRINT));
        assertThat(answer.serverDtlsRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(answer.serverIsDtlsServer()).isTrue();
        assertThat(answer.candidates()).isEmpty();

        MediaAnswer video = answer.video();
        assertThat(video.mid()).isEqualTo(OfferBuilder.VIDEO_MID);
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.payloadTypes()).containsExactly(102, 104, 106, 108);
        assertThat(video.rtx()).containsExactly(Map.entry(103, 102), Map.entry(105, 104), Map.entry(107, 106),
                Map.entry(109, 108));
        assertThat(video.ssrcs()).containsExactly(2734196734L, 1183466340L);
        assertThat(video.extensions()).containsExactly(Map.entry(ABS_SEND_TIME, 2), Map.entry(TRANSPORT_CC, 3),
                Map.entry(SDES_MID, 4));

        MediaAnswer audio = answer.audio();
        assertThat(audio.mid()).isEqualTo(OfferBuilder.AUDIO_MID);
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.payloadTypes()).containsExactly(OfferCodecs.OPUS_PAYLOAD_TYPE);
        assertThat(audio.rtx()).isEmpty();
        assertThat(audio.ssrcs()).containsExactly(3507226182L);
        assertThat(audio.extensions()).containsEntry(AUDIO_LEVEL, 1).containsEntry(TRANSPORT_CC, 3);
    }

    @Test
    void chromeViewerReceivesVideoAndTalks() throws SdpException {
        Answer answer = AnswerValidator.validate(AnswerFixtures.chromeViewer(), Role.VIEWER);

        assertThat(answer.video().direction()).isEqualTo(Direction.RECVONLY);
        assertThat(answer.video().payloadTypes()).containsExactly(102, 108);
        assertThat(answer.video().ssrcs()).isEmpty();
        assertThat(answer.audio().direction()).isEqualTo(Direction.SENDRECV);
        assertThat(answer.audio().ssrcs()).containsExactly(901442117L);
    }

    @Test
    void kvsCSdkMasterWithIceCharsPlusAndSlash() throws SdpException {
        Answer answer = AnswerValidator.validate(AnswerFixtures.kvsCSdkMaster(), Role.MASTER);

        assertThat(answer.iceUfrag()).isEqualTo("q+/3");
        assertThat(answer.icePwd()).isEqualTo("Rj7/Zk2+Lm9pQx4sWv1nBt8c");
        assertThat(answer.video().payloadTypes()).containsExactly(102);
        assertThat(answer.video().rtx()).containsExactly(Map.entry(103, 102));
        assertThat(answer.video().ssrcs()).containsExactly(1681692777L, 1714636915L);
        assertThat(answer.video().extensions()).containsExactly(Map.entry(TRANSPORT_CC, 3));
        assertThat(answer.audio().ssrcs()).containsExactly(846930886L);
    }

    @Test
    void firefoxViewerWithSessionLevelFingerprint() throws SdpException {
        Answer answer = AnswerValidator.validate(AnswerFixtures.firefoxViewer(), Role.VIEWER);

        assertThat(answer.fingerprint().toAttributeValue()).isEqualTo(AnswerFixtures.FINGERPRINT);
        assertThat(answer.iceUfrag()).isEqualTo("0f3a9c1e");
        assertThat(answer.video().payloadTypes()).containsExactly(102);
        assertThat(answer.video().rtx()).containsExactly(Map.entry(103, 102));
        assertThat(answer.audio().payloadTypes()).containsExactly(111);
    }

    @Test
    void aiortcMasterWithEmbeddedCandidatesAndSeveralSessionFingerprints() throws SdpException {
        Answer answer = AnswerValidator.validate(AnswerFixtures.aiortcMaster(), Role.MASTER);

        assertThat(answer.fingerprint().algorithm()).isEqualTo(Fingerprint.Algorithm.SHA_256);
        assertThat(answer.iceUfrag()).isEqualTo("Pz3k");
        List<EmbeddedCandidate> candidates = answer.candidates();
        assertThat(candidates).as("the candidate with transport sctp is skipped").hasSize(4);
        assertThat(candidates).extracting(EmbeddedCandidate::mid).containsExactly("0", "0", "0", "1");
        assertThat(candidates).extracting(EmbeddedCandidate::mLineIndex).containsExactly(0, 0, 0, 1);
        assertThat(candidates).extracting(c -> c.candidate().address())
                .containsExactly("192.168.1.20", "2001:db8::20", "203.0.113.7", "192.168.1.20");
        IceCandidate srflx = candidates.get(2).candidate();
        assertThat(srflx.type()).isEqualTo(IceCandidate.Type.SRFLX);
        assertThat(srflx.relatedAddress()).isEqualTo("192.168.1.20");
        assertThat(srflx.relatedPort()).isEqualTo(50123);
    }

    @Test
    void lfLineEndsAreAcceptedAsWell() throws SdpException {
        String lf = AnswerFixtures.chromeMaster().replace("\r\n", "\n");

        assertThat(AnswerValidator.validate(lf, Role.MASTER).video().payloadTypes()).hasSize(4);
    }

    @Test
    void withoutMidsTheSectionsAreMatchedByPosition() throws SdpException {
        String noMids = AnswerFixtures.chromeMaster().replace("a=mid:0\r\n", "").replace("a=mid:1\r\n", "");

        Answer answer = AnswerValidator.validate(noMids, Role.MASTER);

        assertThat(answer.video().payloadTypes()).containsExactly(102, 104, 106, 108);
        assertThat(answer.audio().payloadTypes()).containsExactly(111);
    }

    @Test
    void setupPassiveMakesTheServerTheDtlsClient() throws SdpException {
        Answer answer = AnswerValidator.validate(TestAnswer.master().setup("passive").build(), Role.MASTER);

        assertThat(answer.serverDtlsRole()).isEqualTo(DtlsRole.CLIENT);
        assertThat(answer.serverIsDtlsServer()).isFalse();
    }

    @Test
    void setupActpassOrAbsentIsTakenAsActive() throws SdpException {
        assertThat(AnswerValidator.validate(TestAnswer.master().setup("actpass").build(), Role.MASTER)
                .serverDtlsRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(AnswerValidator.validate(TestAnswer.master().setup(null).build(), Role.MASTER)
                .serverDtlsRole()).isEqualTo(DtlsRole.SERVER);
    }

    @Test
    void anAbsentDirectionMeansSendrecv() throws SdpException {
        Answer answer = AnswerValidator.validate(TestAnswer.master().audioDirection(null).build(), Role.MASTER);

        assertThat(answer.audio().direction()).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void audioMayBeOneWayInTheParticipantsDirection() throws SdpException {
        assertThat(AnswerValidator.validate(TestAnswer.master().audioDirection("sendonly").build(), Role.MASTER)
                .audio().direction()).isEqualTo(Direction.SENDONLY);
        assertThat(AnswerValidator.validate(TestAnswer.viewer().audioDirection("recvonly").build(), Role.VIEWER)
                .audio().direction()).isEqualTo(Direction.RECVONLY);
    }

    /**
     * KVS-WIRE.md §3: since early 2026 (KVS JS SDK PR #693, the C SDK's storage video-only sample) a master may send
     * video only; a browser answering with a video track alone says recvonly for audio, others inactive.
     */
    @Test
    void aVideoOnlyMasterMayAnswerAudioRecvonlyOrInactive() throws SdpException {
        for (String direction : List.of("recvonly", "inactive")) {
            Answer answer = AnswerValidator.validate(TestAnswer.master().audioDirection(direction).build(),
                    Role.MASTER);
            assertThat(answer.video().direction()).isEqualTo(Direction.SENDONLY);
            assertThat(answer.audio().direction().sdpName()).isEqualTo(direction);
        }
    }

    @Test
    void codecNamesAreCaseInsensitive() throws SdpException {
        String answer = TestAnswer.master()
                .video("102", "a=rtpmap:102 h264/90000", "a=fmtp:102 PACKETIZATION-MODE=1;profile-level-id=42e01f")
                .audio("111", "a=rtpmap:111 OPUS/48000/2").build();

        assertThat(AnswerValidator.validate(answer, Role.MASTER).video().payloadTypes()).containsExactly(102);
    }

    @Test
    void embeddedCandidatesAreCappedSoAnAnswerCannotMultiplyConnectivityChecks() throws SdpException {
        TestAnswer answer = TestAnswer.master();
        for (int i = 0; i < AnswerValidator.MAX_EMBEDDED_CANDIDATES + 10; i++) {
            answer.videoLine("a=candidate:" + i + " 1 udp 2130706431 10.0.0.1 " + (40000 + i) + " typ host");
        }

        assertThat(AnswerValidator.validate(answer.build(), Role.MASTER).candidates())
                .hasSize(AnswerValidator.MAX_EMBEDDED_CANDIDATES);
    }

    @Test
    void theSameAnswerIsRefusedForTheOtherRole() {
        assertThatThrownBy(() -> AnswerValidator.validate(AnswerFixtures.chromeViewer(), Role.MASTER))
                .isInstanceOf(SdpException.class).hasMessageContaining("the master must send video");
        assertThatThrownBy(() -> AnswerValidator.validate(AnswerFixtures.chromeMaster(), Role.VIEWER))
                .isInstanceOf(SdpException.class).hasMessageContaining("viewers never send video");
    }
}
