package io.storagesession.webrtc;

import io.storagesession.media.ParticipantId;

/**
 * One participant of a session as seen at a moment (for operators, tests and the benchmark): whether DTLS-SRTP is
 * up, what has arrived, how long connecting and the first media took after the join (-1 when not yet), and how many
 * of the server's ICE consent checks (RFC 7675) it answered.
 */
public record PeerSnapshot(ParticipantId participant, boolean connected, long packets, long bytes, long audioPackets,
                           long videoPackets, boolean sawSps, boolean sawIdr, double joinToConnectedMillis,
                           double joinToFirstMediaMillis, long consentAnswers) {
}
