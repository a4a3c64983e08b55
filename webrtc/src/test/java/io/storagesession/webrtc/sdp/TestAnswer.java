package io.storagesession.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A small, valid answer to the storage session's offer, to be bent one rule at a time by the refusal tests. Starts
 * as a master's answer: video sendonly with H.264 42e01f packetization-mode=1 and its RTX, audio sendrecv with Opus.
 */
final class TestAnswer {
    private String videoFormats = "102 103";
    private List<String> videoCodecs = List.of(
            "a=rtpmap:102 H264/90000",
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=rtpmap:103 rtx/90000",
            "a=fmtp:103 apt=102");
    private String audioFormats = "111";
    private List<String> audioCodecs = List.of("a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1");
    private String videoDirection = "sendonly";
    private String audioDirection = "sendrecv";
    private int videoPort = 9;
    private int audioPort = 9;
    private String protocol = "UDP/TLS/RTP/SAVPF";
    private boolean withAudio = true;
    private String ufrag = "Gx7q";
    private String pwd = "s9EwZ1xvq0Jm3RpdWB7uTkLf";
    private String fingerprint = AnswerFixtures.FINGERPRINT;
    private String setup = "active";
    private final List<String> extraVideoLines = new ArrayList<>();

    static TestAnswer master() {
        return new TestAnswer();
    }

    static TestAnswer viewer() {
        return new TestAnswer().videoDirection("recvonly");
    }

    TestAnswer video(String formats, String... codecLines) {
        videoFormats = formats;
        videoCodecs = List.of(codecLines);
        return this;
    }

    TestAnswer audio(String formats, String... codecLines) {
        audioFormats = formats;
        audioCodecs = List.of(codecLines);
        return this;
    }

    /** Null leaves the attribute out. */
    TestAnswer videoDirection(String direction) {
        videoDirection = direction;
        return this;
    }

    TestAnswer audioDirection(String direction) {
        audioDirection = direction;
        return this;
    }

    TestAnswer videoPort(int port) {
        videoPort = port;
        return this;
    }

    TestAnswer audioPort(int port) {
        audioPort = port;
        return this;
    }

    TestAnswer protocol(String value) {
        protocol = value;
        return this;
    }

    TestAnswer withoutAudio() {
        withAudio = false;
        return this;
    }

    TestAnswer ufrag(String value) {
        ufrag = value;
        return this;
    }

    TestAnswer pwd(String value) {
        pwd = value;
        return this;
    }

    TestAnswer fingerprint(String value) {
        fingerprint = value;
        return this;
    }

    TestAnswer setup(String value) {
        setup = value;
        return this;
    }

    TestAnswer videoLine(String line) {
        extraVideoLines.add(line);
        return this;
    }

    String build() {
        List<String> lines = new ArrayList<>(List.of("v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0 1"));
        section(lines, "m=video " + videoPort + " " + protocol + " " + videoFormats, "0", videoDirection, videoCodecs);
        lines.addAll(extraVideoLines);
        if (withAudio) {
            section(lines, "m=audio " + audioPort + " " + protocol + " " + audioFormats, "1", audioDirection, audioCodecs);
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    private void section(List<String> lines, String mLine, String mid, String direction, List<String> codecs) {
        lines.add(mLine);
        lines.add("c=IN IP4 0.0.0.0");
        optional(lines, "a=ice-ufrag:", ufrag);
        optional(lines, "a=ice-pwd:", pwd);
        optional(lines, "a=fingerprint:", fingerprint);
        optional(lines, "a=setup:", setup);
        lines.add("a=mid:" + mid);
        optional(lines, "a=", direction);
        lines.add("a=rtcp-mux");
        lines.addAll(codecs);
    }

    private static void optional(List<String> lines, String prefix, String value) {
        if (value != null) {
            lines.add(prefix + value);
        }
    }
}
