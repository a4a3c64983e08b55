package io.storagesession.media;

import java.util.OptionalInt;

/**
 * The way back to one connected participant, for the media plane: plain RTP and RTCP in, SRTP and SRTCP out over the
 * participant's relayed path. Called only on the session's executor; the buffer is protected in place, so it must
 * have room for the authentication tag ({@link #TRAILER_ROOM} bytes past {@code off + len}) and is the caller's again
 * when the call returns.
 */
public interface MediaOut {
    /** Bytes an SRTP/SRTCP transform may append (a 16-byte GCM tag, or a 10-byte tag plus the 4-byte SRTCP index). */
    int TRAILER_ROOM = 20;

    /** Sends an RTP packet of the given track; false when the participant cannot take it (not connected, closed). */
    boolean sendRtp(MediaKind kind, byte[] buf, int off, int len);

    /**
     * Sends a compound RTCP packet (RFC 3550 §6; feedback per RFC 4585/5104: RR, PLI, FIR, NACK, REMB) to the
     * participant; false when it cannot take it.
     */
    boolean sendRtcp(byte[] buf, int off, int len);

    /** The SSRCs the server announced in its offer to this participant, to send its own streams with. */
    int audioSsrc();

    int videoSsrc();

    /**
     * The SSRC the server announced for its retransmissions of {@link #videoSsrc()} ({@code a=ssrc-group:FID},
     * RFC 4588 §8.1, RFC 5576 §4.2), or empty when none was announced — then only plain retransmissions on the
     * video SSRC are possible. Read once per participant, not per packet.
     */
    default OptionalInt videoRtxSsrc() {
        return OptionalInt.empty();
    }

    /**
     * What the participant answered for video: the payload types, RTX pairs (RFC 4588) and header extension ids
     * (RFC 8285) the media plane may use towards it and must expect from it.
     */
    RtpParameters videoParameters();

    /** What the participant answered for audio (Opus payload type, header extensions such as RFC 6464 levels). */
    RtpParameters audioParameters();
}
