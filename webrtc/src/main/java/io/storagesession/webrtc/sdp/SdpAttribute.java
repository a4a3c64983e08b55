package io.storagesession.webrtc.sdp;

/** Names of the SDP attributes the storage session writes or reads, with the RFC that defines each. */
final class SdpAttribute {
    /** RFC 5888 §4. */
    static final String MID = "mid";
    /** RFC 5888 §5, RFC 9143 (BUNDLE). */
    static final String GROUP = "group";
    /** RFC 8839 §5.4. */
    static final String ICE_UFRAG = "ice-ufrag";
    /** RFC 8839 §5.4. */
    static final String ICE_PWD = "ice-pwd";
    /** RFC 8839 §5.6. */
    static final String ICE_OPTIONS = "ice-options";
    /** RFC 8839 §5.1. */
    static final String CANDIDATE = "candidate";
    /** RFC 8122 §5. */
    static final String FINGERPRINT = "fingerprint";
    /** RFC 4145 §4, RFC 5763 §5. */
    static final String SETUP = "setup";
    /** RFC 8866 §6.6. */
    static final String RTPMAP = "rtpmap";
    /** RFC 8866 §6.15. */
    static final String FMTP = "fmtp";
    /** RFC 4585 §4.2. */
    static final String RTCP_FB = "rtcp-fb";
    /** RFC 8285 §5. */
    static final String EXTMAP = "extmap";
    /** RFC 5576 §4.1. */
    static final String SSRC = "ssrc";
    /** RFC 5576 §4.2; FID pairs a stream with its RTX stream (RFC 4588 §8.1). */
    static final String SSRC_GROUP = "ssrc-group";
    /** RFC 5761 §5.1.1. */
    static final String RTCP_MUX = "rtcp-mux";
    /** RFC 5506 §5. */
    static final String RTCP_RSIZE = "rtcp-rsize";
    /** RFC 3605 §2.1. */
    static final String RTCP = "rtcp";
    /** RFC 8830 §2. */
    static final String MSID = "msid";

    private SdpAttribute() {
    }
}
