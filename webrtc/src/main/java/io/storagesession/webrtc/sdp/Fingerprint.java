package io.storagesession.webrtc.sdp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate fingerprint from {@code a=fingerprint} (RFC 8122 §5): the hash of the DER certificate a peer will
 * present in its DTLS handshake. DTLS-SRTP rests on it (RFC 5763 §5): the storage session accepts the participant's
 * self-signed certificate only if it {@link #matches} the answer's fingerprint.
 */
public record Fingerprint(Algorithm algorithm, byte[] value) {
    private static final char SEPARATOR = ':';
    private static final int HEX_DIGITS_PER_BYTE = 2;
    private static final HexFormat HEX = HexFormat.ofDelimiter(String.valueOf(SEPARATOR)).withUpperCase();

    public Fingerprint {
        if (algorithm == null || value == null || value.length != algorithm.length()) {
            throw new IllegalArgumentException("a " + algorithm + " fingerprint needs the digest's length");
        }
        value = value.clone();
    }

    /** The hash functions RFC 8122 §5 lists that are still fit for use; MD5 and MD2 are refused. */
    public enum Algorithm {
        SHA_1("sha-1", "SHA-1", 20),
        SHA_224("sha-224", "SHA-224", 28),
        SHA_256("sha-256", "SHA-256", 32),
        SHA_384("sha-384", "SHA-384", 48),
        SHA_512("sha-512", "SHA-512", 64);

        private final String sdpName;
        private final String javaName;
        private final int length;

        Algorithm(String sdpName, String javaName, int length) {
            this.sdpName = sdpName;
            this.javaName = javaName;
            this.length = length;
        }

        /** The hash-func token as written in SDP, e.g. {@code sha-256}. */
        public String sdpName() {
            return sdpName;
        }

        /** Digest length in bytes. */
        public int length() {
            return length;
        }

        /** The algorithm for an SDP hash-func token, matched case-insensitively (RFC 8122 §5). */
        public static Optional<Algorithm> of(String sdpName) {
            String lower = sdpName.toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(a -> a.sdpName.equals(lower)).findFirst();
        }

        MessageDigest digest() {
            try {
                return MessageDigest.getInstance(javaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has " + javaName, e);
            }
        }
    }

    /** The fingerprint of a DER-encoded certificate, for the server's own offer. */
    public static Fingerprint of(Algorithm algorithm, byte[] derCertificate) {
        return new Fingerprint(algorithm, algorithm.digest().digest(derCertificate));
    }

    /**
     * Reads the value of an {@code a=fingerprint} line: {@code <hash-func> SP <hex byte>:<hex byte>...}, with exactly
     * as many bytes as the hash function produces.
     */
    public static Fingerprint parse(String attributeValue) throws SdpException {
        String text = attributeValue.strip();
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new SdpException("a=fingerprint must be '<hash function> <hex bytes>' (RFC 8122 §5), got '"
                    + SdpReader.excerpt(text) + "'");
        }
        String name = text.substring(0, space);
        Algorithm algorithm = Algorithm.of(name).orElseThrow(() -> new SdpException("the fingerprint hash function '"
                + SdpReader.excerpt(name) + "' is not supported; use sha-256 (sha-1, sha-224, sha-384 and sha-512 "
                + "are also accepted)"));
        String hex = text.substring(space + 1).strip();
        int expectedChars = algorithm.length() * (HEX_DIGITS_PER_BYTE + 1) - 1;
        if (hex.length() != expectedChars || !isHexPairs(hex)) {
            throw new SdpException("a=fingerprint " + algorithm.sdpName() + " needs " + algorithm.length()
                    + " bytes written as two hex digits each, separated by ':' (RFC 8122 §5), got '"
                    + SdpReader.excerpt(hex) + "'" + countNote(hex));
        }
        return new Fingerprint(algorithm, HEX.parseHex(hex));
    }

    private static boolean isHexPairs(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            boolean separatorPosition = i % (HEX_DIGITS_PER_BYTE + 1) == HEX_DIGITS_PER_BYTE;
            if (separatorPosition ? c != SEPARATOR : !HexFormat.isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static String countNote(String hex) {
        return hex.isEmpty() ? "" : " (" + hex.split(String.valueOf(SEPARATOR), -1).length + " bytes)";
    }

    /** The digest bytes (a copy). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Whether this is the fingerprint of the DER-encoded certificate, compared in constant time. */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(value, algorithm.digest().digest(derCertificate));
    }

    /** The value of an {@code a=fingerprint} line, e.g. {@code sha-256 AB:CD:…}, with upper-case hex (RFC 8122 §5). */
    public String toAttributeValue() {
        return algorithm.sdpName() + " " + HEX.formatHex(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint f && f.algorithm == algorithm && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return toAttributeValue();
    }
}
