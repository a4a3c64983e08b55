package io.storagesession.webrtc.sdp;

/**
 * A candidate written into the answer as an {@code a=candidate} line rather than trickled (aiortc gathers before it
 * answers and embeds all of them, KVS-WIRE.md §3).
 *
 * @param mid        the mid of the m-section it was in; for an m-section without {@code a=mid}, the offer's mid at
 *                   that position, or null past the offer's m-sections
 * @param mLineIndex the position of that m-section in the answer
 * @param candidate  the candidate
 */
public record EmbeddedCandidate(String mid, int mLineIndex, IceCandidate candidate) {
}
