package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.bridge.Role;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Answers that break a storage-session rule (KVS-WIRE.md §3) are refused with a message that says what was wrong —
 * it reaches the participant as the description of a 400 InvalidArgumentException.
 */
class AnswerValidatorRefusesTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(TestAnswer answer, Role role) {
        return refused(answer.build(), role);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String sdp, Role role) {
        return assertThatThrownBy(() -> AnswerValidator.validate(sdp, role)).isInstanceOf(SdpException.class);
    }

    @Test
    void vp8OnlyVideo() {
        refused(TestAnswer.master().video("96 97", "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96"), Role.MASTER)
                .hasMessage("video codec VP8 (payload type 96) is not supported: the storage session accepts only "
                        + "H.264 with packetization-mode=1");
    }

    @Test
    void vp9H265AndAv1AreNamed() {
        refused(TestAnswer.master().video("98", "a=rtpmap:98 VP9/90000"), Role.MASTER).hasMessageContaining("VP9");
        refused(TestAnswer.master().video("49", "a=rtpmap:49 H265/90000"), Role.MASTER).hasMessageContaining("H265");
        refused(TestAnswer.master().video("45", "a=rtpmap:45 AV1/90000"), Role.MASTER).hasMessageContaining("AV1");
    }

    @Test
    void h264NextToAnotherCodecIsStillRefused() {
        refused(TestAnswer.master().video("102 96", "a=rtpmap:102 H264/90000", "a=fmtp:102 packetization-mode=1",
                "a=rtpmap:96 VP8/90000"), Role.MASTER).hasMessageContaining("video codec VP8 (payload type 96)");
    }

    @Test
    void h264InPacketizationModeZeroOnly() {
        refused(TestAnswer.master().video("102", "a=rtpmap:102 H264/90000",
                "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f"), Role.MASTER)
                .hasMessageStartingWith("H.264 payload type 102 uses packetization-mode=0; the storage session "
                        + "accepts only H.264 with packetization-mode=1");
    }

    @Test
    void h264WithoutFmtpIsModeZero() {
        refused(TestAnswer.master().video("102", "a=rtpmap:102 H264/90000"), Role.MASTER)
                .hasMessageContaining("packetization-mode=0");
    }

    @Test
    void h264WithAWrongClockRate() {
        refused(TestAnswer.master().video("102", "a=rtpmap:102 H264/8000", "a=fmtp:102 packetization-mode=1"),
                Role.MASTER).hasMessageContaining("clock rate of 90000");
    }

    @Test
    void rtxRepairingSomethingElse() {
        refused(TestAnswer.master().video("102 103", "a=rtpmap:102 H264/90000", "a=fmtp:102 packetization-mode=1",
                "a=rtpmap:103 rtx/90000", "a=fmtp:103 apt=96"), Role.MASTER)
                .hasMessage("rtx payload type 103 repairs payload type 96, which is not one of the answer's H.264 "
                        + "payload types");
        refused(TestAnswer.master().video("102 103", "a=rtpmap:102 H264/90000", "a=fmtp:102 packetization-mode=1",
                "a=rtpmap:103 rtx/90000"), Role.MASTER).hasMessageContaining("has no a=fmtp apt parameter");
    }

    @Test
    void masterWithSendrecvVideo() {
        refused(TestAnswer.master().videoDirection("sendrecv"), Role.MASTER)
                .hasMessage("the master's video must be sendonly: the storage session never sends video to the "
                        + "master, but the answer says sendrecv");
    }

    @Test
    void masterWithoutADirectionMeansSendrecvVideo() {
        refused(TestAnswer.master().videoDirection(null), Role.MASTER).hasMessageContaining("must be sendonly");
    }

    @Test
    void masterThatDoesNotSendVideo() {
        refused(TestAnswer.master().videoDirection("inactive"), Role.MASTER)
                .hasMessage("the master must send video (a=sendonly), but the answer says inactive");
        refused(TestAnswer.master().videoDirection("recvonly").audioDirection("sendonly"), Role.MASTER)
                .as("an audio-only master is not a KVS master").hasMessageContaining("the master must send video");
    }

    /** A video-only master still answers the audio m-section (recvonly or inactive); rejecting it is refused. */
    @Test
    void aMasterRejectingTheAudioSectionIsRefused() {
        refused(TestAnswer.master().audioPort(0), Role.MASTER)
                .hasMessageContaining("rejects the audio m-section (port 0)");
    }

    @Test
    void viewerSendingVideo() {
        refused(TestAnswer.viewer().videoDirection("sendonly"), Role.VIEWER)
                .hasMessage("viewers never send video: a viewer's video m-section must be recvonly, but the answer "
                        + "says sendonly");
        refused(TestAnswer.viewer().videoDirection("sendrecv"), Role.VIEWER)
                .hasMessageStartingWith("viewers never send video").hasMessageEndingWith("says sendrecv");
        refused(TestAnswer.viewer().videoDirection(null), Role.VIEWER)
                .hasMessageStartingWith("viewers never send video");
    }

    @Test
    void viewerThatDoesNotReceive() {
        refused(TestAnswer.viewer().videoDirection("inactive"), Role.VIEWER)
                .hasMessage("a viewer must receive video (a=recvonly), but the answer says inactive");
        refused(TestAnswer.viewer().audioDirection("sendonly"), Role.VIEWER)
                .hasMessage("a viewer must receive audio (a=recvonly or a=sendrecv), but the answer says sendonly");
        refused(TestAnswer.viewer().audioDirection("inactive"), Role.VIEWER)
                .hasMessage("a viewer must receive audio (a=recvonly or a=sendrecv), but the answer says inactive");
    }

    @Test
    void conflictingDirections() {
        refused(TestAnswer.master().videoLine("a=recvonly"), Role.MASTER)
                .hasMessage("the video m-section has conflicting direction attributes a=sendonly and a=recvonly");
    }

    @Test
    void missingFingerprint() {
        refused(TestAnswer.master().fingerprint(null), Role.MASTER)
                .hasMessageStartingWith("the answer has no a=fingerprint");
    }

    @Test
    void badFingerprintLength() {
        refused(TestAnswer.master().fingerprint("sha-256 AB:CD:EF"), Role.MASTER)
                .hasMessage("a=fingerprint sha-256 needs 32 bytes written as two hex digits each, separated by ':' "
                        + "(RFC 8122 §5), got 'AB:CD:EF' (3 bytes)");
        refused(TestAnswer.master().fingerprint("sha-1 " + AnswerFixtures.FINGERPRINT_HEX), Role.MASTER)
                .hasMessageContaining("sha-1 needs 20 bytes");
    }

    @Test
    void fingerprintWithAnUnsupportedHashOrNotHex() {
        refused(TestAnswer.master().fingerprint("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"), Role.MASTER)
                .hasMessageStartingWith("the fingerprint hash function 'md5' is not supported");
        refused(TestAnswer.master().fingerprint("sha-256 " + AnswerFixtures.FINGERPRINT_HEX.replace('A', 'G')),
                Role.MASTER).hasMessageContaining("needs 32 bytes written as two hex digits");
        refused(TestAnswer.master().fingerprint("sha-256"), Role.MASTER)
                .hasMessageContaining("a=fingerprint must be '<hash function> <hex bytes>'");
    }

    @Test
    void missingIcePwdOrUfrag() {
        refused(TestAnswer.master().pwd(null), Role.MASTER)
                .hasMessage("the answer has no a=ice-pwd; ICE needs the participant's password");
        refused(TestAnswer.master().ufrag(null), Role.MASTER)
                .hasMessage("the answer has no a=ice-ufrag; ICE needs the participant's username fragment");
    }

    @Test
    void iceCredentialsOutsideTheGrammar() {
        refused(TestAnswer.master().pwd("tooShort123"), Role.MASTER)
                .hasMessageStartingWith("a=ice-pwd must be 22 to 256 characters").hasMessageContaining("got 11");
        refused(TestAnswer.master().ufrag("ab"), Role.MASTER).hasMessageStartingWith("a=ice-ufrag must be 4 to 256");
        refused(TestAnswer.master().ufrag("ab-cd"), Role.MASTER).hasMessageStartingWith("a=ice-ufrag must be");
    }

    @Test
    void missingAudioSection() {
        refused(TestAnswer.master().withoutAudio(), Role.MASTER)
                .hasMessage("audio is required, but the answer has no audio m-section (mid 1); the storage session "
                        + "needs both audio and video answered (a master that sends no audio answers audio recvonly "
                        + "or inactive)");
    }

    @Test
    void portZeroVideo() {
        refused(TestAnswer.master().videoPort(0), Role.MASTER)
                .hasMessage("video is required, but the answer rejects the video m-section (port 0); the storage "
                        + "session needs both audio and video answered (a master that sends no audio answers audio "
                        + "recvonly or inactive)");
        refused(TestAnswer.viewer().videoPort(0), Role.VIEWER).hasMessageStartingWith("video is required");
    }

    @Test
    void midsThatAreNotTheOffersMeanMissingSections() {
        String renamed = TestAnswer.master().build().replace("a=mid:0", "a=mid:video").replace("a=mid:1", "a=mid:a");

        refused(renamed, Role.MASTER).hasMessageStartingWith("video is required, but the answer has no video m-section");
    }

    @Test
    void sectionsOfTheWrongKind() {
        String swapped = TestAnswer.master().build().replace("a=mid:0", "a=mid:X").replace("a=mid:1", "a=mid:0")
                .replace("a=mid:X", "a=mid:1");

        refused(swapped, Role.MASTER).hasMessage("the answer's m-section for mid 0 is 'audio', but the offer's is video");
    }

    @Test
    void pcmuAudio() {
        refused(TestAnswer.master().audio("0", "a=rtpmap:0 PCMU/8000"), Role.MASTER)
                .hasMessage("audio codec PCMU (payload type 0) is not supported: the storage session accepts only "
                        + "Opus (opus/48000/2)");
        refused(TestAnswer.master().audio("8"), Role.MASTER)
                .hasMessageStartingWith("audio codec PCMA (static payload type 8) is not supported");
    }

    @Test
    void anythingButOpusNextToOpus() {
        refused(TestAnswer.master().audio("111 126", "a=rtpmap:111 opus/48000/2", "a=rtpmap:126 telephone-event/8000"),
                Role.MASTER).hasMessageStartingWith("audio codec telephone-event (payload type 126) is not supported");
        refused(TestAnswer.master().audio("111 63", "a=rtpmap:111 opus/48000/2", "a=rtpmap:63 red/48000/2"),
                Role.MASTER).hasMessageStartingWith("audio codec red (payload type 63)");
    }

    @Test
    void opusWithoutItsTwoChannels() {
        refused(TestAnswer.master().audio("111", "a=rtpmap:111 opus/48000"), Role.MASTER)
                .hasMessage("Opus payload type 111 must be declared as opus/48000/2 (RFC 7587 §7), got opus/48000");
    }

    @Test
    void dynamicPayloadTypeWithoutRtpmap() {
        refused(TestAnswer.master().audio("111 110", "a=rtpmap:111 opus/48000/2"), Role.MASTER)
                .hasMessageStartingWith("payload type 110 of the answer's audio m-section has no a=rtpmap and is not "
                        + "a static payload type");
    }

    @Test
    void malformedCodecLines() {
        refused(TestAnswer.master().audio("111", "a=rtpmap:111 opus"), Role.MASTER)
                .hasMessageContaining("is not '<payload type> <encoding>/<clock rate>[/<parameters>]'");
        refused(TestAnswer.master().audio("abc"), Role.MASTER)
                .hasMessage("the answer's audio m-line lists 'abc', which is not an RTP payload type (0-127)");
        refused(TestAnswer.master().audio("128"), Role.MASTER).hasMessageContaining("not an RTP payload type");
    }

    @Test
    void onePayloadTypeForBothAudioAndVideo() {
        refused(TestAnswer.master().audio("102", "a=rtpmap:102 opus/48000/2"), Role.MASTER)
                .hasMessageStartingWith("payload type 102 is used by both the audio and the video m-section");
    }

    @Test
    void plainRtpWithoutDtlsSrtp() {
        refused(TestAnswer.master().protocol("RTP/AVP"), Role.MASTER)
                .hasMessage("the answer's video m-section uses 'RTP/AVP'; the storage session needs DTLS-SRTP "
                        + "(UDP/TLS/RTP/SAVPF, RFC 5764)");
    }

    @Test
    void setupHoldconnOrNonsense() {
        refused(TestAnswer.master().setup("holdconn"), Role.MASTER)
                .hasMessageStartingWith("a=setup:holdconn is not supported");
        refused(TestAnswer.master().setup("sideways"), Role.MASTER).hasMessageContaining("a=setup:active or");
    }

    @Test
    void differentCredentialsInTheBundledSections() {
        String answer = TestAnswer.master().build().replaceFirst("a=ice-ufrag:Gx7q", "a=ice-ufrag:Zz9z");

        refused(answer, Role.MASTER).hasMessage("the answer's video and audio m-sections carry different "
                + "a=ice-ufrag values, but the storage session bundles them on one transport (RFC 9143)");
    }

    @Test
    void malformedSsrcOrExtmap() {
        refused(TestAnswer.master().videoLine("a=ssrc:99999999999 cname:x"), Role.MASTER)
                .hasMessageContaining("does not start with an SSRC");
        refused(TestAnswer.master().videoLine("a=extmap:0 urn:x"), Role.MASTER)
                .hasMessageContaining("is not '<id 1-255> <uri>'");
        refused(TestAnswer.master().videoLine("a=extmap:3"), Role.MASTER)
                .hasMessageContaining("is not '<id 1-255> <uri>'");
    }

    @Test
    void somethingThatIsNotAnSdpAtAll() {
        refused("{\"type\":\"answer\"}", Role.MASTER).hasMessageStartingWith("an SDP must start with v=0");
        refused("", Role.VIEWER).hasMessage("the SDP is empty");
    }
}
