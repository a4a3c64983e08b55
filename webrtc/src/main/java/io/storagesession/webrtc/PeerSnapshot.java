package io.storagesession.webrtc;

import io.storagesession.api.bridge.Role;
import io.storagesession.media.ParticipantId;

/**
 * One participant of a session as seen at a moment (for operators, tests and the benchmark): its role, whether
 * DTLS-SRTP is up, what has arrived (every datagram in {@code packets} and {@code bytes}; RTP per track, RTX included;
 * RTP lost on the way in, RFC 3550 A.3, on the primary audio and video streams), how long connecting and the first
 * media took after the join (-1 when not yet), and how many of the server's ICE consent checks (RFC 7675) it
 * answered.
 */
public record PeerSnapshot(ParticipantId participant, Role role, boolean connected, long packets, long bytes,
                           long audioPackets, long videoPackets, long lostPackets, boolean sawSps, boolean sawIdr,
                           double joinToConnectedMillis, double joinToFirstMediaMillis, long consentAnswers) {
}
