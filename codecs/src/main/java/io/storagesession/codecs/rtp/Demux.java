package io.storagesession.codecs.rtp;

/**
 * What a datagram on the participant's 5-tuple is, from its first byte (RFC 7983 §7): 0–3 STUN, 20–63 DTLS,
 * 128–191 RTP or RTCP; and, for the last, RTP or RTCP by the second byte (RFC 5761 §4: RTCP packet types 192–223
 * occupy the range a marker bit plus payload types 64–95 would, which no offer of ours uses).
 */
public final class Demux {
    private static final int STUN_MAX = 3;
    private static final int DTLS_MIN = 20;
    private static final int DTLS_MAX = 63;
    private static final int RTP_MIN = 128;
    private static final int RTP_MAX = 191;
    private static final int RTCP_TYPE_MIN = 192;
    private static final int RTCP_TYPE_MAX = 223;
    /** Shortest RTP header (RFC 3550 §5.1) and shortest RTCP packet (header + sender SSRC). */
    private static final int RTP_MIN_LENGTH = 12;
    private static final int RTCP_MIN_LENGTH = 8;

    /** The kinds a datagram can be. */
    public enum Kind { STUN, DTLS, RTP, RTCP, OTHER }

    private Demux() {
    }

    public static Kind classify(byte[] buf, int off, int len) {
        if (len < 1) {
            return Kind.OTHER;
        }
        int first = buf[off] & 0xFF;
        if (first <= STUN_MAX) {
            return Kind.STUN;
        }
        if (first >= DTLS_MIN && first <= DTLS_MAX) {
            return Kind.DTLS;
        }
        if (first >= RTP_MIN && first <= RTP_MAX && len >= RTCP_MIN_LENGTH) {
            int second = buf[off + 1] & 0xFF;
            if (second >= RTCP_TYPE_MIN && second <= RTCP_TYPE_MAX) {
                return Kind.RTCP;
            }
            return len >= RTP_MIN_LENGTH ? Kind.RTP : Kind.OTHER;
        }
        return Kind.OTHER;
    }
}
