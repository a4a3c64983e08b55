package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An SDP offer as a KVS SDK reads it, independently of the server's own SDP code: the session-level lines and each
 * m-section's lines, and the KVS-WIRE.md §3 rules every SDK's parser relies on.
 *
 * @param session  the lines before the first {@code m=}
 * @param sections each m-section's lines, its {@code m=} line first
 */
record OfferSections(List<String> session, List<List<String>> sections) {
    /** {@code a=fingerprint:sha-256} and 32 bytes as colon-separated hex pairs (RFC 8122 §5). */
    private static final Pattern SHA_256_FINGERPRINT = Pattern.compile(
            "a=fingerprint:sha-256 [0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}");
    private static final String TRICKLE = "a=ice-options:trickle";
    /** The m-line protocol of WebRTC media: RTP/SAVPF over DTLS over UDP (RFC 5764 §8). */
    private static final String WEBRTC_PROTOCOL = "UDP/TLS/RTP/SAVPF";

    static OfferSections parse(String sdp) {
        assertThat(sdp).as("SDP lines end in CRLF (RFC 8866 §5)").endsWith("\r\n").startsWith("v=0\r\n");
        List<String> session = new ArrayList<>();
        List<List<String>> sections = new ArrayList<>();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("m=")) {
                sections.add(new ArrayList<>());
            }
            (sections.isEmpty() ? session : sections.get(sections.size() - 1)).add(line);
        }
        return new OfferSections(session, sections);
    }

    /** The m-section of {@code kind} ("video", "audio"); exactly one. */
    List<String> section(String kind) {
        List<List<String>> of = sections.stream().filter(s -> s.get(0).startsWith("m=" + kind + " ")).toList();
        assertThat(of).as("m=" + kind + " sections").hasSize(1);
        return of.get(0);
    }

    /** Each m-section's {@code a=mid}, in order. */
    List<String> mids() {
        return sections.stream().map(s -> value(s, "a=mid:")).toList();
    }

    /** The {@code a=ice-ufrag} of the offer (the same in every m-section). */
    String iceUfrag() {
        return value(sections.get(0), "a=ice-ufrag:");
    }

    /**
     * What every KVS SDK needs to parse it (KVS-WIRE.md §3): one BUNDLE group over all m-sections, session-level
     * trickle (else the C SDK waits for full gathering), and in every m-section ICE credentials, a SHA-256
     * fingerprint, setup:actpass, a mid and rtcp-mux (the C SDK reads them only there).
     */
    void assertEverySdkParsesIt() {
        assertThat(session).as("session level").contains(TRICKLE)
                .contains("a=group:BUNDLE " + String.join(" ", mids()));
        assertThat(sections).as("a video and an audio m-section").hasSize(2);
        for (List<String> section : sections) {
            String what = section.get(0);
            assertThat(what.split(" ")[2]).as(what).isEqualTo(WEBRTC_PROTOCOL);
            assertThat(value(section, "a=ice-ufrag:")).as(what).isEqualTo(iceUfrag());
            assertThat(value(section, "a=ice-pwd:")).as(what).hasSizeGreaterThanOrEqualTo(22);
            assertThat(section).as(what).anyMatch(l -> SHA_256_FINGERPRINT.matcher(l).matches())
                    .contains("a=setup:actpass", "a=rtcp-mux");
        }
    }

    /**
     * Video only H.264 with packetization-mode=1, 42e01f among the profiles, each with nothing but RTX beside it;
     * audio only opus/48000/2 (KVS-WIRE.md §3).
     */
    void assertH264AndOpusOnly() {
        List<String> video = section("video");
        List<String> h264 = payloadTypes(video, "H264/90000");
        assertThat(h264).as("H.264 payload types").isNotEmpty();
        assertThat(payloadTypes(video, "")).as("video codecs other than H.264 and RTX")
                .allMatch(pt -> h264.contains(pt) || payloadTypes(video, "rtx/90000").contains(pt));
        for (String pt : h264) {
            assertThat(value(video, "a=fmtp:" + pt + " ")).as("H.264 " + pt).contains("packetization-mode=1");
        }
        assertThat(video).anyMatch(l -> l.startsWith("a=fmtp:") && l.contains("profile-level-id=42e01f"));
        List<String> audio = section("audio");
        assertThat(payloadTypes(audio, "")).as("audio codecs").isNotEmpty()
                .isEqualTo(payloadTypes(audio, "opus/48000/2"));
    }

    /** The direction attribute of the m-section of {@code kind}. */
    String direction(String kind) {
        List<String> directions = section(kind).stream().filter(l -> List.of("a=sendonly", "a=recvonly",
                "a=sendrecv", "a=inactive").contains(l)).toList();
        assertThat(directions).as(kind + " direction").hasSize(1);
        return directions.get(0).substring(2);
    }

    /** The payload types whose {@code a=rtpmap} names {@code codec} (all with an rtpmap when empty). */
    private static List<String> payloadTypes(List<String> section, String codec) {
        return section.stream().filter(l -> l.startsWith("a=rtpmap:")).filter(l -> l.substring(l.indexOf(' ') + 1)
                .equalsIgnoreCase(codec) || codec.isEmpty()).map(l -> l.substring("a=rtpmap:".length(), l.indexOf(' ')))
                .toList();
    }

    private static String value(List<String> section, String prefix) {
        List<String> of = section.stream().filter(l -> l.startsWith(prefix)).toList();
        assertThat(of).as(prefix + " in " + section.get(0)).hasSize(1);
        return of.get(0).substring(prefix.length());
    }
}
