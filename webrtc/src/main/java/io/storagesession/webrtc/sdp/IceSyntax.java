package io.storagesession.webrtc.sdp;

/** The ICE grammar shared by candidates and credentials (RFC 8839 §5.1 and §5.4). */
final class IceSyntax {
    /** {@code ice-ufrag = 4*256ice-char} (RFC 8839 §5.4). */
    static final int MIN_UFRAG_LENGTH = 4;
    /** {@code ice-pwd = 22*256ice-char}: at least 128 bits of randomness (RFC 8839 §5.4). */
    static final int MIN_PWD_LENGTH = 22;
    static final int MAX_CREDENTIAL_LENGTH = 256;

    private IceSyntax() {
    }

    /** {@code ice-char = ALPHA / DIGIT / "+" / "/"}. */
    static boolean isIceChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    static boolean isIceChars(String s, int minLength, int maxLength) {
        return s.length() >= minLength && s.length() <= maxLength && s.chars().allMatch(IceSyntax::isIceChar);
    }

    static boolean isUfrag(String s) {
        return isIceChars(s, MIN_UFRAG_LENGTH, MAX_CREDENTIAL_LENGTH);
    }

    static boolean isPwd(String s) {
        return isIceChars(s, MIN_PWD_LENGTH, MAX_CREDENTIAL_LENGTH);
    }
}
