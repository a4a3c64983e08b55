package io.storagesession.session;

import io.storagesession.session.media.ParticipantId;

/**
 * One participant of a session as seen at a moment (for operators, tests and the benchmark): whether DTLS-SRTP is
 * up, what has arrived, and how long connecting and the first media took after the join (-1 when not yet).
 */
public record PeerSnapshot(ParticipantId participant, boolean connected, long packets, long bytes, long audioPackets,
                           long videoPackets, boolean sawSps, boolean sawIdr, double joinToConnectedMillis,
                           double joinToFirstMediaMillis) {
}
