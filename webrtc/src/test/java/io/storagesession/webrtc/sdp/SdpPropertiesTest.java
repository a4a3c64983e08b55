package io.storagesession.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.Direction;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a participant sends, the parsers answer with a result or an {@link SdpException} — never another
 * exception, which would escape as an internal error instead of a 400 STATUS_RESPONSE — and what the server renders
 * reads back unchanged.
 */
class SdpPropertiesTest {
    private static final List<String> FIXTURES = List.of(AnswerFixtures.chromeMaster(), AnswerFixtures.chromeViewer(),
            AnswerFixtures.kvsCSdkMaster(), AnswerFixtures.firefoxViewer(), AnswerFixtures.aiortcMaster(),
            TestAnswer.master().build(), TestAnswer.viewer().build());

    /** Runs a parse; only SdpException, with a message for the participant, may come out of it. */
    @FunctionalInterface
    private interface Parse {
        void run() throws SdpException;
    }

    private static void readOrRefused(Parse parse) {
        try {
            parse.run();
        } catch (SdpException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void anyTextIsReadOrRefused(@ForAll @StringLength(max = 400) String text) {
        readOrRefused(() -> SessionDescription.parse(text));
        readOrRefused(() -> SessionDescription.parse("v=0\r\n" + text));
        readOrRefused(() -> AnswerValidator.validate("v=0\n" + text, Role.MASTER));
        readOrRefused(() -> IceCandidate.parse(text));
        readOrRefused(() -> IceCandidate.parse("candidate:" + text));
        readOrRefused(() -> CandidateMessage.parse(text));
        readOrRefused(() -> SdpMessage.parse(text));
        readOrRefused(() -> Fingerprint.parse(text));
        readOrRefused(() -> Fingerprint.parse("sha-256 " + text));
    }

    @Property(tries = 1000)
    void mutatedRealAnswersAreValidatedOrRefused(@ForAll("mutatedAnswers") String sdp) {
        for (Role role : Role.values()) {
            Answer answer;
            try {
                answer = AnswerValidator.validate(sdp, role);
                Statistics.collect("accepted");
            } catch (SdpException e) {
                assertThat(e.getMessage()).isNotBlank();
                Statistics.collect("refused");
                continue;
            }
            assertThat(answer.video().payloadTypes()).isNotEmpty();
            assertThat(answer.audio().payloadTypes()).isNotEmpty();
            assertThat(answer.video().direction())
                    .isEqualTo(role == Role.MASTER ? Direction.SENDONLY : Direction.RECVONLY);
        }
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 5);
            coverage.check("refused").percentage(p -> p > 5);
        });
    }

    @Property(tries = 1000)
    void answersWithArbitraryCodecLinesAreValidatedOrRefused(@ForAll("codecAnswers") String sdp) {
        readOrRefused(() -> AnswerValidator.validate(sdp, Role.MASTER));
    }

    @Property(tries = 1000)
    void candidatesMadeOfPlausibleTokensAreReadOrRefused(@ForAll("candidateSoups") String candidate) {
        readOrRefused(() -> IceCandidate.parse(candidate));
    }

    @Property(tries = 1000)
    void renderedCandidatesParseBackEqual(@ForAll("candidates") IceCandidate candidate) throws SdpException {
        assertThat(IceCandidate.parse(candidate.toAttribute())).isEqualTo(candidate);
        CandidateMessage message = CandidateMessage.of(candidate, OfferBuilder.AUDIO_MLINE_INDEX);
        assertThat(CandidateMessage.parse(message.toJson())).isEqualTo(message);
    }

    @Property(tries = 1000)
    void jsonShapedCandidateMessagesAreReadOrRefused(@ForAll("candidateJson") String json) {
        readOrRefused(() -> CandidateMessage.parse(json).offerMLineIndex());
        readOrRefused(() -> SdpMessage.parseAnswer(json));
    }

    /** A real answer with a few edits: lines dropped, duplicated or replaced, tokens and characters changed. */
    @Provide
    Arbitrary<String> mutatedAnswers() {
        Arbitrary<Edit> edits = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 10_000), junk()).as(Edit::new);
        return Combinators.combine(Arbitraries.of(FIXTURES), edits.list().ofMinSize(1).ofMaxSize(4))
                .as(SdpPropertiesTest::mutate);
    }

    private record Edit(int kind, int position, String text) {
    }

    private static String mutate(String sdp, List<Edit> edits) {
        List<String> lines = new ArrayList<>(List.of(sdp.split("\r\n", -1)));
        for (Edit edit : edits) {
            int i = edit.position() % lines.size();
            String line = lines.get(i);
            switch (edit.kind()) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> lines.set(i, edit.text());
                case 3 -> lines.set(i, line.substring(0, edit.position() % (line.length() + 1)) + edit.text());
                case 4 -> {
                    String[] tokens = line.split("[ :/=;]", -1);
                    String token = tokens[edit.position() % tokens.length];
                    lines.set(i, token.isEmpty() ? line + edit.text() : line.replace(token, edit.text()));
                }
                default -> lines.add(i, lines.get(edit.position() / 7 % lines.size()));
            }
            if (lines.isEmpty()) {
                lines.add(edit.text());
            }
        }
        return String.join("\r\n", lines);
    }

    private static Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("", "0", "-1", "127", "128", "65536", "4294967296", "sendrecv", "sendonly", "recvonly",
                        "inactive", "a=rtpmap:96 VP8/90000", "a=fmtp:102 packetization-mode=0", "H264", "rtx", "opus",
                        "a=setup:passive", "a=mid:0", "a=mid:1", "m=video 0 RTP/AVP 0", "m=audio 9 UDP/TLS/RTP/SAVPF",
                        "a=fingerprint:sha-1 00", "a=candidate:1 1 udp 1 10.0.0.1 1 typ host", "apt=", "apt=102",
                        "a=extmap:300 x", "a=ssrc:x", "\0", "\r", " ", "::", "v=0"));
    }

    /**
     * The small test answer with plausible and broken codec lines put before its valid ones (the first line for a
     * payload type counts) and extra payload types on its m-lines.
     */
    @Provide
    Arbitrary<String> codecAnswers() {
        Arbitrary<String> pt = Arbitraries.of("0", "8", "96", "102", "103", "111", "127", "128", "-1", "x", "", "1000");
        Arbitrary<String> encoding = Arbitraries.of("H264", "h264", "rtx", "opus", "VP8", "PCMU", "", "H264/90000");
        Arbitrary<String> clock = Arbitraries.of("/90000", "/48000/2", "/48000", "/8000", "/", "", "/x",
                "/99999999999", "/90000/1/2");
        Arbitrary<String> parameters = Arbitraries.of("packetization-mode=1", "packetization-mode=0", "apt=102",
                "apt=96", "apt=", "apt=x", "apt=99999", "", ";;", "=", "packetization-mode", "a=b;c");
        Arbitrary<String> rtpmap = Combinators.combine(pt, encoding, clock)
                .as((p, e, c) -> "a=rtpmap:" + p + " " + e + c);
        Arbitrary<String> fmtp = Combinators.combine(pt, parameters).as((p, f) -> "a=fmtp:" + p + " " + f);
        Arbitrary<List<String>> lines = Arbitraries.oneOf(rtpmap, fmtp).list().ofMaxSize(4);
        Arbitrary<String> formats = pt.list().ofMaxSize(2).map(l -> String.join(" ", l));
        return Combinators.combine(formats, lines, formats, lines).as((vf, vl, af, al) -> TestAnswer.master()
                .video(("102 103 " + vf).strip(), withValid(vl, "a=rtpmap:102 H264/90000",
                        "a=fmtp:102 packetization-mode=1", "a=rtpmap:103 rtx/90000", "a=fmtp:103 apt=102"))
                .audio(("111 " + af).strip(), withValid(al, "a=rtpmap:111 opus/48000/2")).build());
    }

    private static String[] withValid(List<String> first, String... valid) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(valid));
        return all.toArray(String[]::new);
    }

    @Provide
    Arbitrary<String> candidateSoups() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6),
                Arbitraries.of("candidate:", "1", "0", "udp", "TCP", "tcp", "typ", "host", "srflx", "relay", "prflx",
                        "raddr", "rport", "tcptype", "generation", "4294967295", "4294967296", "65535", "65536",
                        "10.0.0.1", "::1", "fe80::1", "abc.local", "1.2.3.4.5", ":::", "x.local", "-"),
                addressSoup());
        return Arbitraries.oneOf(token.list().ofMaxSize(14).map(tokens -> String.join(" ", tokens)),
                addressSoup().map(a -> "candidate:1 1 udp 1 " + a + " 1 typ srflx raddr " + a + " rport 2"));
    }

    /** Address-like text: IPv4, IPv6 and host-name pieces, well-formed and not. */
    private static Arbitrary<String> addressSoup() {
        Arbitrary<String> piece = Arbitraries.of("", "0", "1", "255", "256", "0255", "ffff", "FFFF", "12345", "g", "x",
                "+1", "-1", "\u0663", "1.2.3.4", "local", "-a", "a-", "a".repeat(64));
        Arbitrary<String> separator = Arbitraries.of(".", ":", "::");
        return Combinators.combine(piece.list().ofMinSize(1).ofMaxSize(9), separator)
                .as((pieces, sep) -> String.join(sep, pieces));
    }

    @Provide
    Arbitrary<String> candidateJson() {
        Arbitrary<String> keys = Arbitraries.of("candidate", "sdpMid", "sdpMLineIndex", "usernameFragment", "type",
                "sdp", "x");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.of("0", "1", "-1", "2", "1.5", "1e3", "99999999999999999999", "true", "null", "[]", "{}",
                        "\"answer\"", "\"offer\"", "\"v=0\\r\\n\"", "\"candidate:1 1 udp 1 10.0.0.1 1 typ host\"",
                        "\"\"", "\"0\"", "\"1\"", "[", "\"\\u0000\""));
        return Arbitraries.entries(keys, values).list().ofMaxSize(5)
                .map(fields -> "{" + String.join(",", fields.stream()
                        .map(f -> "\"" + f.getKey() + "\":" + f.getValue()).toList()) + "}");
    }

    @Provide
    Arbitrary<IceCandidate> candidates() {
        Arbitrary<String> foundation = Arbitraries.strings().withChars("abcXYZ0189+/").ofMinLength(1).ofMaxLength(32);
        Arbitrary<Related> related = Combinators.combine(address().injectNull(0.3),
                Arbitraries.integers().between(0, IceCandidate.MAX_PORT).injectNull(0.3),
                Arbitraries.of("active", "passive", "so", "Passive").injectNull(0.7)).as(Related::new);
        return Combinators.combine(foundation, Arbitraries.integers().between(1, IceCandidate.MAX_COMPONENT),
                Arbitraries.of(IceCandidate.Transport.class),
                Arbitraries.longs().between(0, IceCandidate.MAX_PRIORITY), address(),
                Arbitraries.integers().between(0, IceCandidate.MAX_PORT), Arbitraries.of(IceCandidate.Type.class),
                related).as((f, component, transport, priority, address, port, type, r) -> new IceCandidate(f,
                        component, transport, priority, address, port, type, r.address(), r.port(), r.tcpType()));
    }

    private record Related(String address, Integer port, String tcpType) {
    }

    private static Arbitrary<String> address() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<String> group = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1)
                .ofMaxLength(4);
        Arbitrary<String> ipv6 = Combinators.combine(group.list().ofSize(8), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 8)).as(SdpPropertiesTest::ipv6);
        Arbitrary<String> mdns = Arbitraries.strings().withChars("0123456789abcdef").ofLength(8)
                .map(s -> s + "-7c3d-4e5f-8a9b-0c1d2e3f4a5b.local");
        return Arbitraries.oneOf(ipv4, ipv6, mdns);
    }

    /** Eight groups, with {@code elided} of them from {@code from} on replaced by "::" when elided is not zero. */
    private static String ipv6(List<String> groups, int from, int elided) {
        int end = Math.min(groups.size(), from + elided);
        if (end == from) {
            return String.join(":", groups);
        }
        return String.join(":", groups.subList(0, from)) + "::" + String.join(":", groups.subList(end, groups.size()));
    }
}
