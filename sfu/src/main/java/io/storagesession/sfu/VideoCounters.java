package io.storagesession.sfu;

/**
 * What the video forwarder received, dropped, repaired and sent, by reason: one set per session, package-visible so
 * tests read them; {@link io.storagesession.metrics.CounterExport} publishes them. Plain fields: everything runs on
 * the session executor.
 */
public final class VideoCounters {
    /** Master packets fanned out to the viewers (originals and recovered ones). */
    long forwarded;
    /** RTP dropped: shorter than its header, not RTP version 2, or larger than max-packet-bytes. */
    long rtpMalformed;
    /** RTP dropped: a payload type the master did not answer for video. */
    long rtpUnknownPayloadType;
    /** RTP dropped: an SSRC other than the master's video (or RTX) stream. */
    long rtpUnknownSsrc;
    /** RTP dropped: already received, or too late to be of use. */
    long rtpDuplicate;
    /** RTP dropped: a sequence number jump beyond max-dropout or max-misorder (RFC 3550 A.1), unconfirmed. */
    long rtpSequenceJump;
    /** The master's sequence restarted (a jump confirmed by the next packet): viewers rebased at a keyframe. */
    long sequenceRestarts;
    /** RTX packets with no original sequence number: libwebrtc's bandwidth probes, padding only. */
    long rtxPadding;
    /** Lost master packets that arrived after a NACK (as RTX or as a late original). */
    long recovered;
    /** NACK packets sent to the master, and the packets they asked for (each retry counted). */
    long nacksSent;
    long packetsNacked;
    /** Master packets given up: retries exhausted, or a gap too large to NACK. */
    long lostForGood;
    /** PLIs sent to the master. */
    long keyframeRequests;
    /** REMB packets sent to the master. */
    long rembsSent;
    /** Master sender reports taken as the NTP/RTP mapping. */
    long masterSenderReports;
    /** RTCP packets (within a compound) with a bad version or length, or feedback with a truncated FCI. */
    long rtcpMalformed;
    /** RTCP packet types outside RFC 3550/4585/3611 (200-207). */
    long rtcpUnknownType;
    /** Header extension blocks whose elements overran the block; the rest of the block was blanked. */
    long extensionsMalformed;
    /** Generic NACK entries (PID+BLP) received from viewers, and the packets resent for them. */
    long viewerNackItems;
    long retransmissions;
    /** Viewer NACKs for packets no longer (or never) in the cache, or resent too recently. */
    long retransmissionsMissing;
    long retransmissionsThrottled;
    /** Retransmissions the participant's path refused (not connected any more, or its SRTP refused the packet). */
    long retransmissionsRefused;
    /**
     * Master packets the session's history overwrote while a viewer could still NACK them (younger than
     * retransmission.max-age), because it had reached retransmission.history-max-bytes.
     */
    long historyOverwritten;
    /** Sender reports sent to viewers. */
    long senderReportsSent;
}
