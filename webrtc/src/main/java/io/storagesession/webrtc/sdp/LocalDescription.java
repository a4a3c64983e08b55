package io.storagesession.webrtc.sdp;

import io.storagesession.api.bridge.Role;

/**
 * What the storage session puts in its offer to one participant.
 *
 * @param role        the participant's role: a master sends video, a viewer receives it (KVS-WIRE.md §3)
 * @param iceUfrag    the server's ICE username fragment, 4–256 ice-chars (RFC 8839 §5.4)
 * @param icePwd      the server's ICE password, 22–256 ice-chars (RFC 8839 §5.4)
 * @param fingerprint the value of {@code a=fingerprint}, e.g. {@code sha-256 AB:CD:…}: the hash of the DTLS
 *                    certificate the server will present (RFC 8122 §5); see {@link Fingerprint#toAttributeValue()}
 * @param sessionId   the {@code o=} line's sess-id; non-negative so that every SDK reads it as a number
 * @param audioSsrc   the SSRC of the audio the server sends (the mix), as an unsigned 32-bit value
 * @param videoSsrc   the SSRC of the video the server sends; used only towards a viewer
 * @param videoRtxSsrc the SSRC of the server's retransmissions of that video (RFC 4588 §8: RTX on its own SSRC,
 *                    paired with {@code videoSsrc} by {@code a=ssrc-group:FID}, RFC 5576 §4.2); used only towards a
 *                    viewer, and distinct from {@code videoSsrc}
 * @param cname       the RTCP CNAME of the server's streams (RFC 7022)
 */
public record LocalDescription(Role role, String iceUfrag, String icePwd, String fingerprint, long sessionId,
                               int audioSsrc, int videoSsrc, int videoRtxSsrc, String cname) {
    /** An RTCP SDES item holds at most 255 octets (RFC 3550 §6.5). */
    private static final int MAX_CNAME_LENGTH = 255;

    /** Refuses values that would make an invalid offer or inject SDP lines. */
    public LocalDescription {
        if (role == null) {
            throw new IllegalArgumentException("role is required");
        }
        if (iceUfrag == null || !IceSyntax.isUfrag(iceUfrag)) {
            throw new IllegalArgumentException("iceUfrag must be 4-256 ice-chars");
        }
        if (icePwd == null || !IceSyntax.isPwd(icePwd)) {
            throw new IllegalArgumentException("icePwd must be 22-256 ice-chars");
        }
        try {
            Fingerprint.parse(fingerprint == null ? "" : fingerprint);
        } catch (SdpException e) {
            throw new IllegalArgumentException("fingerprint: " + e.getMessage(), e);
        }
        if (sessionId < 0) {
            throw new IllegalArgumentException("sessionId must not be negative");
        }
        if (videoRtxSsrc == videoSsrc) {
            throw new IllegalArgumentException("videoRtxSsrc must differ from videoSsrc (RFC 4588 §8)");
        }
        if (cname == null || cname.isEmpty() || cname.length() > MAX_CNAME_LENGTH
                || !cname.chars().allMatch(c -> c > ' ' && c <= '~')) {
            throw new IllegalArgumentException("cname must be 1-255 visible ASCII characters");
        }
    }
}
