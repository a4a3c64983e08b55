package io.storagesession.webrtc.sdp;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.Direction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a participant's answer to the storage session's offer against the KVS storage-session rules
 * (KVS-WIRE.md §3) before any media flows; a refusal becomes a STATUS_RESPONSE 400 InvalidArgumentException whose
 * description is the {@link SdpException}'s message.
 * <ul>
 *   <li>Both m-sections of the offer are answered and accepted (non-zero port): video and audio are required for
 *       masters and viewers alike. M-sections are matched by {@code a=mid}, or by position when they have none.</li>
 *   <li>Directions: a master sends video ({@code sendonly}); its audio may be {@code sendonly} or {@code sendrecv}
 *       and, for a video-only master (KVS JS SDK PR #693, the C SDK's storage video-only sample), {@code recvonly}
 *       or {@code inactive} — such a session is recorded video-only. A viewer receives video ({@code recvonly}) —
 *       viewers never send video — and receives audio ({@code recvonly}, a viewer that sends nothing, or
 *       {@code sendrecv}).</li>
 *   <li>Codecs: video only H.264 with packetization-mode=1 and its RTX; audio only opus/48000/2
 *       ({@link PayloadTypes}).</li>
 *   <li>ICE credentials, fingerprint and DTLS role ({@link TransportAttributes}).</li>
 * </ul>
 * Candidates embedded in the answer are collected; one that does not parse is skipped (and said why), as a trickled
 * one would be refused.
 */
public final class AnswerValidator {
    /**
     * The most embedded candidates taken from one answer: each becomes connectivity checks the server sends, so an
     * answer must not turn it into a packet cannon. Real answers embed fewer than ten.
     */
    public static final int MAX_EMBEDDED_CANDIDATES = 32;

    private static final Set<Direction> MASTER_VIDEO = EnumSet.of(Direction.SENDONLY);
    /** Every direction: a master that sends no audio (recvonly, inactive) is a video-only master (KVS-WIRE.md §3). */
    private static final Set<Direction> MASTER_AUDIO = EnumSet.of(Direction.SENDONLY, Direction.SENDRECV,
            Direction.RECVONLY, Direction.INACTIVE);
    private static final Set<Direction> VIEWER_VIDEO = EnumSet.of(Direction.RECVONLY);
    private static final Set<Direction> VIEWER_AUDIO = EnumSet.of(Direction.RECVONLY, Direction.SENDRECV);
    private static final String BOTH_SECTIONS = "the storage session needs both audio and video answered (a master "
            + "that sends no audio answers audio recvonly or inactive)";
    /** RTP profiles over DTLS-SRTP (RFC 5764 §8): UDP/TLS/RTP/SAVPF, and the older spellings browsers accept. */
    private static final List<String> SECURE_RTP_PROFILES = List.of("RTP/SAVPF", "RTP/SAVP");

    private AnswerValidator() {
    }

    /**
     * Validates an answer from a participant in {@code role}.
     *
     * @param sdp  the answer's SDP text
     * @param role the role the participant joined with
     * @return what the rest of the session needs from the answer
     * @throws SdpException when the answer breaks a rule, with a message saying which and what is accepted
     */
    public static Answer validate(String sdp, Role role) throws SdpException {
        SessionDescription answer = SessionDescription.parse(sdp);
        MediaDescription video = section(answer, OfferBuilder.VIDEO_MID, OfferBuilder.VIDEO_MLINE_INDEX,
                MediaType.VIDEO);
        MediaDescription audio = section(answer, OfferBuilder.AUDIO_MID, OfferBuilder.AUDIO_MLINE_INDEX,
                MediaType.AUDIO);
        Direction videoDirection = direction(answer.attributes(), video);
        Direction audioDirection = direction(answer.attributes(), audio);
        checkDirections(role, videoDirection, audioDirection);
        PayloadTypes.Accepted videoCodecs = PayloadTypes.video(video);
        PayloadTypes.Accepted audioCodecs = PayloadTypes.audio(audio);
        PayloadTypes.checkDistinct(videoCodecs, audioCodecs);
        TransportAttributes transport = TransportAttributes.of(answer.attributes(), video, audio);
        EmbeddedCandidates embedded = embeddedCandidates(answer);
        return new Answer(transport.ufrag(), transport.pwd(), transport.fingerprint(), transport.serverDtlsRole(),
                MediaAnswer.of(OfferBuilder.VIDEO_MID, videoDirection, video, videoCodecs),
                MediaAnswer.of(OfferBuilder.AUDIO_MID, audioDirection, audio, audioCodecs),
                embedded.parsed(), embedded.unparsed());
    }

    /**
     * The answer's m-section for one of the offer's: the one with the same mid, or the one at the same position
     * when that one has no mid (RFC 3264 §6 keeps answer m-lines in offer order).
     */
    private static MediaDescription section(SessionDescription answer, String mid, int index, MediaType kind)
            throws SdpException {
        String name = kind.sdpName();
        List<MediaDescription> media = answer.media();
        Optional<MediaDescription> byMid = media.stream().filter(m -> mid.equals(m.mid())).findFirst();
        MediaDescription section = byMid.orElse(index < media.size() && media.get(index).mid() == null
                ? media.get(index) : null);
        if (section == null) {
            throw new SdpException(name + " is required, but the answer has no " + name + " m-section (mid " + mid
                    + "); " + BOTH_SECTIONS);
        }
        if (section.kind() != kind) {
            throw new SdpException("the answer's m-section for mid " + mid + " is '"
                    + SdpReader.excerpt(section.media()) + "', but the offer's is " + name);
        }
        if (section.port() == 0) {
            throw new SdpException(name + " is required, but the answer rejects the " + name + " m-section (port 0); "
                    + BOTH_SECTIONS);
        }
        String protocol = section.protocol().toUpperCase(Locale.ROOT);
        if (SECURE_RTP_PROFILES.stream().noneMatch(protocol::endsWith)) {
            throw new SdpException("the answer's " + name + " m-section uses '" + SdpReader.excerpt(section.protocol())
                    + "'; the storage session needs DTLS-SRTP (UDP/TLS/RTP/SAVPF, RFC 5764)");
        }
        return section;
    }

    /** The m-section's direction attribute, else the session's, else sendrecv (RFC 8866 §6.7). */
    private static Direction direction(Attributes session, MediaDescription section) throws SdpException {
        Direction inSection = directionIn(section.attributes(), "the " + section.media() + " m-section");
        if (inSection != null) {
            return inSection;
        }
        Direction inSession = directionIn(session, "the answer's session level");
        return inSession != null ? inSession : Direction.DEFAULT;
    }

    private static Direction directionIn(Attributes attributes, String where) throws SdpException {
        Direction found = null;
        for (String name : attributes.asMap().keySet()) {
            Optional<Direction> direction = Direction.ofAttribute(name);
            if (direction.isPresent() && found != null && found != direction.get()) {
                throw new SdpException(where + " has conflicting direction attributes a=" + found.sdpName()
                        + " and a=" + direction.get().sdpName());
            }
            found = direction.orElse(found);
        }
        return found;
    }

    private static void checkDirections(Role role, Direction video, Direction audio) throws SdpException {
        if (role == Role.MASTER) {
            if (video == Direction.SENDRECV) {
                throw new SdpException("the master's video must be sendonly: the storage session never sends video "
                        + "to the master, but the answer says sendrecv");
            }
            require(MASTER_VIDEO, video, "the master must send video (a=sendonly)");
            require(MASTER_AUDIO, audio, "the master's audio must be sendonly, sendrecv, or (video-only) recvonly "
                    + "or inactive");
        } else {
            if (video == Direction.SENDONLY || video == Direction.SENDRECV) {
                throw new SdpException("viewers never send video: a viewer's video m-section must be recvonly, but "
                        + "the answer says " + video.sdpName());
            }
            require(VIEWER_VIDEO, video, "a viewer must receive video (a=recvonly)");
            require(VIEWER_AUDIO, audio, "a viewer must receive audio (a=recvonly or a=sendrecv)");
        }
    }

    private static void require(Set<Direction> allowed, Direction actual, String rule) throws SdpException {
        if (!allowed.contains(actual)) {
            throw new SdpException(rule + ", but the answer says " + actual.sdpName());
        }
    }

    /**
     * The {@code a=candidate} lines of every m-section, in order: those that parse, and why each other one was skipped
     * (at most {@link #MAX_EMBEDDED_CANDIDATES} lines are read in all).
     */
    private static EmbeddedCandidates embeddedCandidates(SessionDescription answer) {
        List<EmbeddedCandidate> candidates = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        List<MediaDescription> media = answer.media();
        for (int index = 0; index < media.size(); index++) {
            MediaDescription section = media.get(index);
            String mid = section.mid() != null ? section.mid()
                    : index < OfferBuilder.MIDS.size() ? OfferBuilder.MIDS.get(index) : null;
            for (String value : section.attributes().all(SdpAttribute.CANDIDATE)) {
                if (candidates.size() + unparsed.size() == MAX_EMBEDDED_CANDIDATES) {
                    return new EmbeddedCandidates(candidates, unparsed);
                }
                try {
                    candidates.add(new EmbeddedCandidate(mid, index, IceCandidate.parse(value)));
                } catch (SdpException e) {
                    // Not fatal (KVS-WIRE.md §3): the participant may still trickle usable candidates.
                    unparsed.add(e.getMessage());
                }
            }
        }
        return new EmbeddedCandidates(candidates, unparsed);
    }

    private record EmbeddedCandidates(List<EmbeddedCandidate> parsed, List<String> unparsed) {
    }
}
