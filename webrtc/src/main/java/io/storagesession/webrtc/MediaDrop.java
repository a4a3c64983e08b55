package io.storagesession.webrtc;

import io.storagesession.webrtc.srtp.SrtpDrop;
import java.util.Locale;

/**
 * Why a datagram from a participant never reached the media plane. Each is counted per participant and flushed to
 * {@code kvs_storage_session_packets_dropped_total{reason}}, so hostile or broken input shows up without a log line
 * per packet.
 */
enum MediaDrop {
    /** Too short or not version 2 (RFC 3550 §5.1, §6.4). */
    SRTP_INVALID,
    /** The authentication tag did not verify (RFC 3711 §3.3). */
    SRTP_AUTH,
    /** Replayed or too old (RFC 3711 §3.3.2). */
    SRTP_REPLAY,
    /** More SSRCs than a participant may use. */
    SRTP_TOO_MANY_SSRCS,
    /** The cipher failed, or the transform was closed. */
    SRTP_ERROR,
    /** Neither RTP nor RTCP (RFC 7983 demultiplexing) after DTLS is done. */
    NOT_RTP,
    /** A payload type the participant's answer did not accept. */
    UNKNOWN_PAYLOAD_TYPE,
    /** An SSRC the participant did not announce with a=ssrc (RFC 5576), when it announced any. */
    UNKNOWN_SSRC,
    /** Video from a viewer: viewers never send video (KVS-WIRE.md §3). */
    VIDEO_FROM_VIEWER,
    /** RTCP whose packet lengths do not add up to the datagram (RFC 3550 Appendix A.2). */
    MALFORMED_RTCP;

    static final MediaDrop[] ALL = values();

    /** The metric label, e.g. {@code unknown-payload-type}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static MediaDrop of(SrtpDrop drop) {
        return switch (drop) {
            case INVALID_PACKET -> SRTP_INVALID;
            case AUTH_FAILED -> SRTP_AUTH;
            case REPLAYED -> SRTP_REPLAY;
            case TOO_MANY_SSRCS -> SRTP_TOO_MANY_SSRCS;
            case CLOSED, CRYPTO_ERROR -> SRTP_ERROR;
        };
    }
}
