/**
 * The storage session's side of the offer/answer exchange (RFC 3264, JSEP RFC 8829) and of trickle ICE (RFC 8838):
 * the offer it sends to each participant ({@link io.storagesession.webrtc.sdp.OfferBuilder}), the checks an answer
 * must pass before media flows ({@link io.storagesession.webrtc.sdp.AnswerValidator}, KVS-WIRE.md §3), and the JSON
 * payloads of the SDP and ICE_CANDIDATE signaling frames (KVS-WIRE.md §2).
 *
 * <p>Everything here reads input from participants, so every parser is bounded in size and refuses what it cannot
 * read with an {@link io.storagesession.webrtc.sdp.SdpException} whose message can be shown to the participant.
 */
package io.storagesession.webrtc.sdp;
