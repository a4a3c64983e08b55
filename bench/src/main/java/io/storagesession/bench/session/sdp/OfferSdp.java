package io.storagesession.bench.session.sdp;

/**
 * The offer a publisher makes to an SFU (JSEP RFC 8829 §5.2), as a browser would: BUNDLE over H.264
 * (packetization-mode 1, Constrained Baseline, with RTX) and Opus with the RFC 6464 audio-level extension, both
 * {@code sendonly}, {@code a=setup:actpass} (the answerer picks its DTLS role), and our one relay candidate embedded.
 */
public final class OfferSdp {
    public static final int H264_PAYLOAD_TYPE = 102;
    public static final int RTX_PAYLOAD_TYPE = 103;
    public static final int OPUS_PAYLOAD_TYPE = 111;
    public static final int AUDIO_LEVEL_ID = 1;
    private static final String H264_FMTP = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f";

    private OfferSdp() {
    }

    public static String write(String ufrag, String pwd, String fingerprint, String cname, int videoSsrc,
                               int videoRtxSsrc, int audioSsrc, String candidate) {
        StringBuilder s = new StringBuilder(2048);
        AnswerSdp.line(s, "v=0");
        AnswerSdp.line(s, "o=- " + Integer.toUnsignedString(audioSsrc) + " 2 IN IP4 127.0.0.1");
        AnswerSdp.line(s, "s=-");
        AnswerSdp.line(s, "t=0 0");
        AnswerSdp.line(s, "a=group:BUNDLE 0 1");
        AnswerSdp.line(s, "a=msid-semantic: WMS " + cname);
        AnswerSdp.line(s, "m=video 9 UDP/TLS/RTP/SAVPF " + H264_PAYLOAD_TYPE + " " + RTX_PAYLOAD_TYPE);
        AnswerSdp.transport(s, ufrag, pwd, fingerprint, "0");
        s.replace(s.lastIndexOf("a=setup:active"), s.lastIndexOf("a=setup:active") + "a=setup:active".length(),
                "a=setup:actpass");
        AnswerSdp.line(s, "a=" + candidate);
        AnswerSdp.line(s, "a=end-of-candidates");
        AnswerSdp.line(s, "a=sendonly");
        AnswerSdp.line(s, "a=msid:" + cname + " " + cname + "-video");
        AnswerSdp.line(s, "a=rtcp-mux");
        AnswerSdp.line(s, "a=rtcp-rsize");
        AnswerSdp.line(s, "a=rtpmap:" + H264_PAYLOAD_TYPE + " H264/90000");
        AnswerSdp.line(s, "a=rtcp-fb:" + H264_PAYLOAD_TYPE + " nack");
        AnswerSdp.line(s, "a=rtcp-fb:" + H264_PAYLOAD_TYPE + " nack pli");
        AnswerSdp.line(s, "a=rtcp-fb:" + H264_PAYLOAD_TYPE + " ccm fir");
        AnswerSdp.line(s, "a=fmtp:" + H264_PAYLOAD_TYPE + " " + H264_FMTP);
        AnswerSdp.line(s, "a=rtpmap:" + RTX_PAYLOAD_TYPE + " rtx/90000");
        AnswerSdp.line(s, "a=fmtp:" + RTX_PAYLOAD_TYPE + " apt=" + H264_PAYLOAD_TYPE);
        String v = Integer.toUnsignedString(videoSsrc);
        String r = Integer.toUnsignedString(videoRtxSsrc);
        AnswerSdp.line(s, "a=ssrc-group:FID " + v + " " + r);
        AnswerSdp.line(s, "a=ssrc:" + v + " cname:" + cname);
        AnswerSdp.line(s, "a=ssrc:" + r + " cname:" + cname);
        AnswerSdp.line(s, "m=audio 9 UDP/TLS/RTP/SAVPF " + OPUS_PAYLOAD_TYPE);
        AnswerSdp.transport(s, ufrag, pwd, fingerprint, "1");
        s.replace(s.lastIndexOf("a=setup:active"), s.lastIndexOf("a=setup:active") + "a=setup:active".length(),
                "a=setup:actpass");
        AnswerSdp.line(s, "a=extmap:" + AUDIO_LEVEL_ID + " " + Offer.AUDIO_LEVEL_URI);
        AnswerSdp.line(s, "a=sendonly");
        AnswerSdp.line(s, "a=msid:" + cname + " " + cname + "-audio");
        AnswerSdp.line(s, "a=rtcp-mux");
        AnswerSdp.line(s, "a=rtcp-rsize");
        AnswerSdp.line(s, "a=rtpmap:" + OPUS_PAYLOAD_TYPE + " opus/48000/2");
        AnswerSdp.line(s, "a=fmtp:" + OPUS_PAYLOAD_TYPE + " minptime=10;useinbandfec=1");
        AnswerSdp.line(s, "a=ssrc:" + Integer.toUnsignedString(audioSsrc) + " cname:" + cname);
        return s.toString();
    }
}
