package io.storagesession.webrtc.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A participant's answer to the storage session's offer (mid 0 video, mid 1 audio), in the shape libwebrtc writes it,
 * with every part a refusal test may want to change.
 */
public final class AnswerSdp {
    public String ufrag = "abcd";
    public String pwd = "abcdefghijklmnopqrstuvwx";
    public String fingerprint;
    public String setup = "active";
    public String videoDirection = "sendonly";
    public String audioDirection = "sendrecv";
    public List<String> videoCodecs = new ArrayList<>(List.of(
            "102 H264/90000|level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "103 rtx/90000|apt=102"));
    public List<String> audioCodecs = new ArrayList<>(List.of("111 opus/48000/2|minptime=10;useinbandfec=1"));
    public boolean videoSection = true;
    public int videoPort = 9;
    public List<String> candidates = new ArrayList<>();
    /** The SSRC of the video's RTX stream, paired with the video's by {@code a=ssrc-group:FID} (RFC 5576); 0: none. */
    public int videoRtxSsrc;

    public AnswerSdp(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    public static AnswerSdp viewer(String fingerprint) {
        AnswerSdp a = new AnswerSdp(fingerprint);
        a.videoDirection = "recvonly";
        return a;
    }

    public String render() {
        StringBuilder b = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                .append("a=group:BUNDLE ").append(videoSection ? "0 1" : "1").append("\r\n");
        if (videoSection) {
            section(b, "video", "0", videoPort, videoCodecs, videoDirection, 1111);
        }
        section(b, "audio", "1", 9, audioCodecs, audioDirection, 2222);
        return b.toString();
    }

    private void section(StringBuilder b, String kind, String mid, int port, List<String> codecs, String direction,
                         int ssrc) {
        b.append("m=").append(kind).append(' ').append(port).append(" UDP/TLS/RTP/SAVPF");
        codecs.forEach(c -> b.append(' ').append(c.substring(0, c.indexOf(' '))));
        b.append("\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
        if (ufrag != null) {
            b.append("a=ice-ufrag:").append(ufrag).append("\r\n");
        }
        if (pwd != null) {
            b.append("a=ice-pwd:").append(pwd).append("\r\n");
        }
        if (fingerprint != null) {
            b.append("a=fingerprint:").append(fingerprint).append("\r\n");
        }
        b.append("a=setup:").append(setup).append("\r\na=mid:").append(mid).append("\r\na=").append(direction)
                .append("\r\na=rtcp-mux\r\n");
        for (String c : codecs) {
            String pt = c.substring(0, c.indexOf(' '));
            String[] parts = c.substring(c.indexOf(' ') + 1).split("\\|", -1);
            b.append("a=rtpmap:").append(pt).append(' ').append(parts[0]).append("\r\n");
            if (parts.length > 1 && !parts[1].isEmpty()) {
                b.append("a=fmtp:").append(pt).append(' ').append(parts[1]).append("\r\n");
            }
        }
        for (String candidate : candidates) {
            b.append("a=").append(candidate).append("\r\n");
        }
        if (!direction.equals("recvonly") && !direction.equals("inactive")) {
            if (kind.equals("video") && videoRtxSsrc != 0) {
                b.append("a=ssrc-group:FID ").append(ssrc).append(' ').append(videoRtxSsrc).append("\r\n");
                b.append("a=ssrc:").append(videoRtxSsrc).append(" cname:participant\r\n");
            }
            b.append("a=ssrc:").append(ssrc).append(" cname:participant\r\n");
        }
    }
}
