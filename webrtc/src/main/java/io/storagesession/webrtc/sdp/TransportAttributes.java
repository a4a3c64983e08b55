package io.storagesession.webrtc.sdp;

import java.util.List;

/**
 * The answer's ICE credentials, certificate fingerprint and DTLS role. Each may be written at session level or in
 * the m-sections, a media-level value overriding the session's (RFC 8839 §5.4, RFC 8122 §5, RFC 4145 §4). Audio and
 * video share one bundled transport (RFC 9143), so when both m-sections carry a value they must agree.
 *
 * @param ufrag          the participant's ICE username fragment
 * @param pwd            the participant's ICE password
 * @param fingerprint    the participant's certificate fingerprint
 * @param serverDtlsRole the server's DTLS role
 */
record TransportAttributes(String ufrag, String pwd, Fingerprint fingerprint, DtlsRole serverDtlsRole) {
    private static final String ACTIVE = "active";
    private static final String PASSIVE = "passive";
    private static final String ACTPASS = "actpass";

    /** Reads and checks the transport attributes of an answer whose video and audio m-sections were found. */
    static TransportAttributes of(Attributes session, MediaDescription video, MediaDescription audio)
            throws SdpException {
        Scopes scopes = new Scopes(session, video, audio);
        String ufrag = scopes.agreed(SdpAttribute.ICE_UFRAG, String::strip);
        String pwd = scopes.agreed(SdpAttribute.ICE_PWD, String::strip);
        if (ufrag == null) {
            throw new SdpException("the answer has no a=ice-ufrag; ICE needs the participant's username fragment");
        }
        if (pwd == null) {
            throw new SdpException("the answer has no a=ice-pwd; ICE needs the participant's password");
        }
        if (!IceSyntax.isUfrag(ufrag)) {
            throw new SdpException("a=ice-ufrag must be 4 to 256 characters of letters, digits, '+' and '/' "
                    + "(RFC 8839 §5.4), got " + ufrag.length() + " characters '" + SdpReader.excerpt(ufrag) + "'");
        }
        if (!IceSyntax.isPwd(pwd)) {
            throw new SdpException("a=ice-pwd must be 22 to 256 characters of letters, digits, '+' and '/' "
                    + "(RFC 8839 §5.4), got " + pwd.length() + " characters");
        }
        Fingerprint fingerprint = scopes.agreedFingerprint();
        if (fingerprint == null) {
            throw new SdpException("the answer has no a=fingerprint; DTLS-SRTP needs the participant's certificate "
                    + "fingerprint (RFC 5763 §5)");
        }
        DtlsRole role = scopes.agreed(SdpAttribute.SETUP, TransportAttributes::serverRole);
        return new TransportAttributes(ufrag, pwd, fingerprint, role == null ? DtlsRole.SERVER : role);
    }

    /**
     * The server's role for the answer's {@code a=setup}. {@code actpass} is invalid in an answer (RFC 5763 §5) but
     * taken as {@code active}, as is an absent attribute (the RFC 4145 §4 default) — the participant then starts the
     * handshake and the server waits for it.
     */
    private static DtlsRole serverRole(String value) throws SdpException {
        return switch (value.strip()) {
            case ACTIVE, ACTPASS -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            default -> throw new SdpException("a=setup:" + SdpReader.excerpt(value.strip()) + " is not supported; "
                    + "an answer says a=setup:active or a=setup:passive (RFC 5763 §5)");
        };
    }

    /** A reading of one attribute's value that may refuse it. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(String value) throws SdpException;
    }

    /** The three places a transport attribute can be: the video m-section, the audio m-section, the session. */
    private record Scopes(Attributes session, MediaDescription video, MediaDescription audio) {
        /** The media-level value (both m-sections must agree), else the session-level one, else null. */
        <T> T agreed(String name, Reader<T> reader) throws SdpException {
            T inVideo = first(video.attributes(), name, reader);
            T inAudio = first(audio.attributes(), name, reader);
            if (inVideo != null && inAudio != null && !inVideo.equals(inAudio)) {
                throw disagree("a=" + name);
            }
            T value = inVideo != null ? inVideo : inAudio;
            return value != null ? value : first(session, name, reader);
        }

        private static <T> T first(Attributes attributes, String name, Reader<T> reader) throws SdpException {
            List<String> values = attributes.all(name);
            return values.isEmpty() ? null : reader.read(values.get(0));
        }

        Fingerprint agreedFingerprint() throws SdpException {
            Fingerprint inVideo = fingerprint(video.attributes());
            Fingerprint inAudio = fingerprint(audio.attributes());
            if (inVideo != null && inAudio != null && !inVideo.equals(inAudio)) {
                throw disagree("a=fingerprint");
            }
            Fingerprint value = inVideo != null ? inVideo : inAudio;
            return value != null ? value : fingerprint(session);
        }

        /**
         * The first usable fingerprint of a scope. RFC 8122 §5 allows several (aiortc writes sha-256, sha-384 and
         * sha-512); lines with a hash function we do not know are skipped, but a malformed line for a known one is
         * refused, and a scope with only unknown ones too.
         */
        private static Fingerprint fingerprint(Attributes attributes) throws SdpException {
            Fingerprint first = null;
            String unknownHash = null;
            for (String value : attributes.all(SdpAttribute.FINGERPRINT)) {
                if (Fingerprint.Algorithm.of(value.strip().split(" ", 2)[0]).isEmpty()) {
                    unknownHash = unknownHash == null ? value : unknownHash;
                } else if (first == null) {
                    first = Fingerprint.parse(value);
                } else {
                    Fingerprint.parse(value);
                }
            }
            if (first == null && unknownHash != null) {
                return Fingerprint.parse(unknownHash); // refuses it, naming the hash function
            }
            return first;
        }

        private static SdpException disagree(String attribute) {
            return new SdpException("the answer's video and audio m-sections carry different " + attribute
                    + " values, but the storage session bundles them on one transport (RFC 9143)");
        }
    }
}
