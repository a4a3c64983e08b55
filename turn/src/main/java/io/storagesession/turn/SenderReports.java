package io.storagesession.turn;

import java.nio.ByteBuffer;

/**
 * Tells an (S)RTCP compound that begins with a sender report from everything else a relay carries, for the
 * {@code drop-sender-reports} impairment: RTP and RTCP start with version 2 (first byte 128-191, RFC 7983 §7), RTCP
 * packet types 192-223 follow (RFC 5761 §4), a sender report is type 200 (RFC 3550 §6.4.1), and SRTCP leaves those
 * first bytes in the clear (RFC 3711 §3.4). STUN (0-3) and DTLS (20-63) never match.
 */
final class SenderReports {
    private static final int VERSION_MASK = 0xC0;
    private static final int VERSION_2 = 0x80;
    private static final int SENDER_REPORT = 200;
    /** The RTCP header and the sender's SSRC. */
    private static final int MIN_LENGTH = 8;

    private SenderReports() {
    }

    static boolean begins(ByteBuffer buf, int offset, int length) {
        return length >= MIN_LENGTH && (buf.get(offset) & VERSION_MASK) == VERSION_2
                && (buf.get(offset + 1) & 0xFF) == SENDER_REPORT;
    }
}
