package io.storagesession.bench.session.sdp;

/**
 * The answer a simulated participant sends (JSEP RFC 8829 §5.3), in the shape the server's AnswerValidator accepts
 * (KVS-WIRE.md §3): {@code a=setup:active} (the participant is the DTLS client, RFC 5763 §5), the offer's H.264 type
 * with its RTX and Opus, trickled candidates (none embedded), and directions by role — a master sends video
 * ({@code sendonly}) and talks and listens ({@code sendrecv}), a viewer receives video ({@code recvonly}) and talks and
 * listens ({@code sendrecv}). The streams a participant sends are announced with {@code a=ssrc} (RFC 5576): the
 * server drops SSRCs not announced.
 */
public final class AnswerSdp {
    private static final String CRLF = "\r\n";

    private AnswerSdp() {
    }

    /**
     * @param master        whether this is the master's answer
     * @param videoSsrc     the master's video SSRC (ignored for viewers)
     * @param videoRtxSsrc  the master's RTX SSRC (ignored for viewers)
     * @param audioSsrc     the participant's Opus SSRC
     */
    public static String write(Offer offer, boolean master, String ufrag, String pwd, String fingerprint,
                               String cname, int videoSsrc, int videoRtxSsrc, int audioSsrc) {
        return write(offer, master, ufrag, pwd, fingerprint, cname, videoSsrc, videoRtxSsrc, audioSsrc, true, null);
    }

    /**
     * @param sendsAudio false for a participant that only listens (an SFU subscriber): audio {@code recvonly}
     * @param candidate  a candidate attribute value to embed (with end-of-candidates), or null when trickled
     */
    public static String write(Offer offer, boolean master, String ufrag, String pwd, String fingerprint,
                               String cname, int videoSsrc, int videoRtxSsrc, int audioSsrc, boolean sendsAudio,
                               String candidate) {
        StringBuilder s = new StringBuilder(2048);
        line(s, "v=0");
        line(s, "o=- " + Integer.toUnsignedString(audioSsrc) + " 2 IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        line(s, "a=group:BUNDLE " + offer.videoMid() + " " + offer.audioMid());
        line(s, "a=msid-semantic: WMS " + cname);
        int h264 = offer.h264PayloadType();
        int rtx = offer.rtxPayloadType();
        line(s, "m=video 9 UDP/TLS/RTP/SAVPF " + h264 + (rtx >= 0 ? " " + rtx : ""));
        transport(s, ufrag, pwd, fingerprint, offer.videoMid());
        if (candidate != null) {
            line(s, "a=" + candidate);
            line(s, "a=end-of-candidates");
        }
        line(s, master ? "a=sendonly" : "a=recvonly");
        if (master) {
            line(s, "a=msid:" + cname + " " + cname + "-video");
        }
        line(s, "a=rtcp-mux");
        line(s, "a=rtcp-rsize");
        line(s, "a=rtpmap:" + h264 + " H264/90000");
        line(s, "a=rtcp-fb:" + h264 + " nack");
        line(s, "a=rtcp-fb:" + h264 + " nack pli");
        line(s, "a=rtcp-fb:" + h264 + " ccm fir");
        line(s, "a=fmtp:" + h264 + " " + offer.h264Fmtp());
        if (rtx >= 0) {
            line(s, "a=rtpmap:" + rtx + " rtx/90000");
            line(s, "a=fmtp:" + rtx + " apt=" + h264);
        }
        if (master) {
            String v = Integer.toUnsignedString(videoSsrc);
            String r = Integer.toUnsignedString(videoRtxSsrc);
            if (rtx >= 0) {
                line(s, "a=ssrc-group:FID " + v + " " + r);
            }
            line(s, "a=ssrc:" + v + " cname:" + cname);
            if (rtx >= 0) {
                line(s, "a=ssrc:" + r + " cname:" + cname);
            }
        }
        int opus = offer.opusPayloadType();
        line(s, "m=audio 9 UDP/TLS/RTP/SAVPF " + opus);
        transport(s, ufrag, pwd, fingerprint, offer.audioMid());
        if (offer.audioLevelExtensionId() > 0) {
            line(s, "a=extmap:" + offer.audioLevelExtensionId() + " " + Offer.AUDIO_LEVEL_URI);
        }
        line(s, sendsAudio ? "a=sendrecv" : "a=recvonly");
        if (sendsAudio) {
            line(s, "a=msid:" + cname + " " + cname + "-audio");
        }
        line(s, "a=rtcp-mux");
        line(s, "a=rtcp-rsize");
        line(s, "a=rtpmap:" + opus + " opus/48000/2");
        line(s, "a=fmtp:" + opus + " minptime=10;useinbandfec=1");
        if (sendsAudio) {
            line(s, "a=ssrc:" + Integer.toUnsignedString(audioSsrc) + " cname:" + cname);
        }
        return s.toString();
    }

    static void transport(StringBuilder s, String ufrag, String pwd, String fingerprint, String mid) {
        line(s, "c=IN IP4 0.0.0.0");
        line(s, "a=rtcp:9 IN IP4 0.0.0.0");
        line(s, "a=ice-ufrag:" + ufrag);
        line(s, "a=ice-pwd:" + pwd);
        line(s, "a=ice-options:trickle");
        line(s, "a=fingerprint:" + fingerprint);
        line(s, "a=setup:active");
        line(s, "a=mid:" + mid);
    }

    static void line(StringBuilder s, String text) {
        s.append(text).append(CRLF);
    }
}
