package io.storagesession.session;

import io.storagesession.session.dtls.DtlsCertificate;
import io.storagesession.session.dtls.DtlsEndpoint;
import io.storagesession.session.dtls.PacketPath;
import io.storagesession.session.dtls.RemoteFingerprint;
import io.storagesession.session.sdp.Answer;
import io.storagesession.session.sdp.AnswerValidator;
import io.storagesession.session.sdp.CandidateMessage;
import io.storagesession.session.sdp.EmbeddedCandidate;
import io.storagesession.session.sdp.IceCandidate;
import io.storagesession.session.sdp.LocalDescription;
import io.storagesession.session.sdp.OfferBuilder;
import io.storagesession.session.sdp.SdpException;
import io.storagesession.session.sdp.SdpMessage;
import io.storagesession.signaling.bridge.Role;
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

    Negotiation(Role role, DtlsCertificate certificate) {
        this.role = role;
        this.certificate = certificate;
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
            for (EmbeddedCandidate embedded : answer.candidates()) {
                RemoteCandidate usable = usable(embedded.candidate());
                if (usable != null) {
                    candidates.add(usable);
                }
            }
            return new AcceptedAnswer(answer, candidates);
        } catch (SdpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A trickled ICE_CANDIDATE payload: null for end-of-candidates and for candidates the relay cannot reach (TCP,
     * mDNS names); refused when it is not a candidate or names no m-section of the offer.
     */
    RemoteCandidate candidate(String json) {
        try {
            CandidateMessage message = CandidateMessage.parse(json);
            if (message.isEndOfCandidates()) {
                return null;
            }
            message.offerMLineIndex();
            return usable(message.iceCandidate());
        } catch (SdpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static RemoteCandidate usable(IceCandidate c) {
        if (c.transport() != IceCandidate.Transport.UDP || c.component() != 1) {
            return null;
        }
        String host = c.address();
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return null;
        }
        try {
            return new RemoteCandidate(c.foundation(), c.priority(), c.type().name().toLowerCase(Locale.ROOT),
                    InetAddress.getByName(host), c.port());
        } catch (UnknownHostException e) {
            return null;
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

    /** A validated answer and the usable candidates it carried. */
    record AcceptedAnswer(Answer answer, List<RemoteCandidate> candidates) {
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
