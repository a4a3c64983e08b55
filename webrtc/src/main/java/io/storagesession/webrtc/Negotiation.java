package io.storagesession.webrtc;

import io.storagesession.api.bridge.Role;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import io.storagesession.webrtc.dtls.PacketPath;
import io.storagesession.webrtc.dtls.RemoteFingerprint;
import io.storagesession.webrtc.sdp.Answer;
import io.storagesession.webrtc.sdp.AnswerValidator;
import io.storagesession.webrtc.sdp.CandidateMessage;
import io.storagesession.webrtc.sdp.EmbeddedCandidate;
import io.storagesession.webrtc.sdp.IceCandidate;
import io.storagesession.webrtc.sdp.LocalDescription;
import io.storagesession.webrtc.sdp.OfferBuilder;
import io.storagesession.webrtc.sdp.SdpException;
import io.storagesession.webrtc.sdp.SdpMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One participant's offer/answer exchange (RFC 3264, JSEP RFC 8829) as the storage session runs it: the offer it
 * sends, the answer it accepts or refuses (KVS-WIRE.md §3 rules, with a description for the STATUS_RESPONSE), and the
 * remote candidates it can use. Failures are IllegalArgumentExceptions whose message is that description.
 */
final class Negotiation {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int CNAME_BYTES = 12;

    private final Role role;
    private final DtlsCertificate certificate;
    private final int audioSsrc = RANDOM.nextInt();
    private final int videoSsrc = RANDOM.nextInt();
    private final int videoRtxSsrc = distinctFrom(videoSsrc);
    private final long sessionId = RANDOM.nextLong() >>> 1;

    private final boolean hostCandidates;

    /** @param hostCandidates whether the participant's host candidates are paired (storage-session.ice.host-candidates) */
    Negotiation(Role role, DtlsCertificate certificate, boolean hostCandidates) {
        this.role = role;
        this.certificate = certificate;
        this.hostCandidates = hostCandidates;
    }

    /** The SDP_OFFER payload: {@code {"type":"offer","sdp":…}}. */
    String offer(String ufrag, String password) {
        byte[] cname = new byte[CNAME_BYTES];
        RANDOM.nextBytes(cname);
        String sdp = OfferBuilder.offer(new LocalDescription(role, ufrag, password, certificate.fingerprintSha256(),
                sessionId, audioSsrc, videoSsrc, videoRtxSsrc, java.util.HexFormat.of().formatHex(cname)));
        return SdpMessage.offer(sdp).toJson();
    }

    /** An ICE_CANDIDATE payload for one of the session's relayed candidates (bundled: the first m-section). */
    String candidateJson(String candidateAttribute) {
        return new CandidateMessage(candidateAttribute, OfferBuilder.VIDEO_MID, OfferBuilder.VIDEO_MLINE_INDEX, null)
                .toJson();
    }

    /** Validates the SDP_ANSWER payload; the message of the exception says what was wrong. */
    AcceptedAnswer accept(String json) {
        try {
            Answer answer = AnswerValidator.validate(SdpMessage.parseAnswer(json).sdp(), role);
            List<RemoteCandidate> candidates = new ArrayList<>();
            List<String> ignored = new ArrayList<>(answer.unparsedCandidates());
            for (EmbeddedCandidate embedded : answer.candidates()) {
                Trickled classified = classify(embedded.candidate());
                if (classified.usable() != null) {
                    candidates.add(classified.usable());
                } else {
                    ignored.add(classified.ignoredBecause());
                }
            }
            return new AcceptedAnswer(answer, candidates, ignored);
        } catch (SdpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A trickled ICE_CANDIDATE payload: a candidate the relay can reach, one it cannot (TCP, mDNS names: ignored, as
     * KVS does, with the reason), or neither for end-of-candidates; refused when it is not a candidate or names no
     * m-section of the offer.
     */
    Trickled candidate(String json) {
        try {
            CandidateMessage message = CandidateMessage.parse(json);
            if (message.isEndOfCandidates()) {
                return new Trickled(null, null);
            }
            message.offerMLineIndex();
            return classify(message.iceCandidate());
        } catch (SdpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * {@code c} as a candidate the relay can pair with, or why it cannot: our relayed candidates are UDP (RFC 8656),
     * the bundle's one component is RTP/RTCP-muxed, and addresses must be IP literals (no DNS or mDNS lookups).
     */
    private Trickled classify(IceCandidate c) {
        if (!hostCandidates && c.type() == IceCandidate.Type.HOST) {
            return Trickled.ignored("a host candidate (storage-session.ice.host-candidates is off: participants are "
                    + "reached through their own TURN relay)");
        }
        if (c.transport() != IceCandidate.Transport.UDP) {
            return Trickled.ignored("a TCP candidate (the relay reaches participants over UDP only)");
        }
        if (c.component() != 1) {
            return Trickled.ignored("an RTCP candidate (component 2 or more; with rtcp-mux only component 1 is used)");
        }
        String host = c.address();
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return Trickled.ignored("a candidate whose address is a host name, e.g. an mDNS .local name (only IP "
                    + "addresses are used)");
        }
        try {
            return new Trickled(new RemoteCandidate(c.foundation(), c.priority(),
                    c.type().name().toLowerCase(Locale.ROOT), InetAddress.getByName(host), c.port()), null);
        } catch (UnknownHostException e) {
            return Trickled.ignored("a candidate whose address is not a valid IP address");
        }
    }

    int audioSsrc() {
        return audioSsrc;
    }

    int videoSsrc() {
        return videoSsrc;
    }

    int videoRtxSsrc() {
        return videoRtxSsrc;
    }

    /** A random SSRC other than {@code taken}: RTX needs an SSRC of its own (RFC 4588 §8). */
    private static int distinctFrom(int taken) {
        int ssrc = RANDOM.nextInt();
        while (ssrc == taken) {
            ssrc = RANDOM.nextInt();
        }
        return ssrc;
    }

    /** A remote candidate ice4j can pair with a relayed candidate: UDP, an IP literal (no DNS lookups). */
    record RemoteCandidate(String foundation, long priority, String type, InetAddress address, int port) {
    }

    /** A trickled candidate: the one to use, or why it is ignored; neither for end-of-candidates. */
    record Trickled(RemoteCandidate usable, String ignoredBecause) {
        static Trickled ignored(String because) {
            return new Trickled(null, because);
        }
    }

    /** A validated answer, the usable candidates it carried, and why the others were not used. */
    record AcceptedAnswer(Answer answer, List<RemoteCandidate> candidates, List<String> ignoredCandidates) {
        String iceUfrag() {
            return answer.iceUfrag();
        }

        String icePassword() {
            return answer.icePwd();
        }

        /** The DTLS association the answer asks for: our role from its a=setup, its certificate's fingerprint. */
        DtlsEndpoint endpoint(SessionContext ctx, PacketPath path, Runnable onRemoteClose) {
            RemoteFingerprint fingerprint = new RemoteFingerprint(answer.fingerprint().algorithm().sdpName(),
                    answer.fingerprint().value());
            return new DtlsEndpoint(ctx.certificate(), fingerprint, answer.serverIsDtlsServer(), path,
                    ctx.settings().dtls(), onRemoteClose);
        }
    }
}
