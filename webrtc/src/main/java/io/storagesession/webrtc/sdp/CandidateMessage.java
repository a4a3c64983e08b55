package io.storagesession.webrtc.sdp;

import io.vertx.core.json.JsonObject;

/**
 * The decoded {@code messagePayload} of an ICE_CANDIDATE frame (KVS-WIRE.md §2): the JSON form of an
 * RTCIceCandidateInit, {@code {"candidate":"candidate:…","sdpMid":"0","sdpMLineIndex":0}}. Browsers may add
 * {@code usernameFragment}; the KVS C SDK always says sdpMid "0", which is right for a bundled transport.
 *
 * @param candidate        the candidate attribute, {@code candidate:…}; empty for end-of-candidates (RFC 8838 §4.1)
 * @param sdpMid           the m-section's mid, or null
 * @param sdpMLineIndex    the m-section's index, or null
 * @param usernameFragment the ICE ufrag the candidate belongs to, or null
 */
public record CandidateMessage(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
    /** KVS caps a messagePayload at 10 KB. */
    public static final int MAX_JSON_LENGTH = 10 * 1024;

    private static final String WHAT = "ICE candidate message";
    private static final String CANDIDATE = "candidate";
    private static final String SDP_MID = "sdpMid";
    private static final String SDP_MLINE_INDEX = "sdpMLineIndex";
    private static final String USERNAME_FRAGMENT = "usernameFragment";

    public CandidateMessage {
        if (candidate == null) {
            throw new IllegalArgumentException("candidate is required; the empty string means end-of-candidates");
        }
    }

    /** The message announcing one of the server's own candidates, for the m-section at {@code mLineIndex}. */
    public static CandidateMessage of(IceCandidate candidate, int mLineIndex) {
        return new CandidateMessage(candidate.toAttribute(), OfferBuilder.MIDS.get(mLineIndex), mLineIndex, null);
    }

    /**
     * Reads a participant's message; {@code candidate} is required and must be a string, the others may be absent or
     * null, and {@code sdpMLineIndex} must be a non-negative integer. Unknown members are ignored.
     */
    public static CandidateMessage parse(String json) throws SdpException {
        JsonObject object = JsonPayload.decode(json, MAX_JSON_LENGTH, WHAT);
        String candidate = JsonPayload.requiredString(object, CANDIDATE, WHAT);
        String mid = JsonPayload.optionalString(object, SDP_MID, WHAT);
        String ufrag = JsonPayload.optionalString(object, USERNAME_FRAGMENT, WHAT);
        return new CandidateMessage(candidate, mid, mLineIndex(object.getValue(SDP_MLINE_INDEX)), ufrag);
    }

    /** JSON numbers that fit an int decode as Integer; anything else is out of range or not an integer. */
    private static Integer mLineIndex(Object value) throws SdpException {
        if (value == null || (value instanceof Integer index && index >= 0)) {
            return (Integer) value;
        }
        throw new SdpException("'" + SDP_MLINE_INDEX + "' in the " + WHAT + " must be a non-negative integer");
    }

    /** An empty candidate string signals that the participant has gathered all its candidates. */
    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }

    /** The candidate itself; refused when it does not parse (see {@link IceCandidate#parse}). */
    public IceCandidate iceCandidate() throws SdpException {
        return IceCandidate.parse(candidate);
    }

    /**
     * The index of the offer's m-section this message refers to. A known {@code sdpMid} decides; when it is absent
     * or not one of the offer's, {@code sdpMLineIndex} does (as in RTCPeerConnection.addIceCandidate, JSEP RFC 8829
     * §5.9). Both m-sections share one bundled transport, so either answer leads to the same ICE agent.
     *
     * @throws SdpException "unknown m-line" when neither names an m-section of the offer
     */
    public int offerMLineIndex() throws SdpException {
        int byMid = sdpMid == null ? -1 : OfferBuilder.MIDS.indexOf(sdpMid);
        if (byMid >= 0) {
            return byMid;
        }
        if (sdpMLineIndex != null && sdpMLineIndex < OfferBuilder.MIDS.size()) {
            return sdpMLineIndex;
        }
        throw new SdpException("unknown m-line: the candidate names sdpMid "
                + (sdpMid == null ? "null" : "'" + SdpReader.excerpt(sdpMid) + "'") + " and sdpMLineIndex "
                + sdpMLineIndex + ", but the offer has only mids " + String.join(" and ", OfferBuilder.MIDS));
    }

    /** Whether {@link #offerMLineIndex()} finds an m-section. */
    public boolean refersToOffer() {
        try {
            offerMLineIndex();
            return true;
        } catch (SdpException e) {
            return false;
        }
    }

    /** The JSON the server sends: exactly {@code candidate}, {@code sdpMid} and {@code sdpMLineIndex}, in that order. */
    public String toJson() {
        return new JsonObject().put(CANDIDATE, candidate).put(SDP_MID, sdpMid).put(SDP_MLINE_INDEX, sdpMLineIndex)
                .encode();
    }
}
