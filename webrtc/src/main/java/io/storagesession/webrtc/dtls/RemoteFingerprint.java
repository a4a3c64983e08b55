package io.storagesession.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The certificate fingerprint the remote peer put in its SDP ({@code a=fingerprint}, RFC 8122 §5, used by RFC 5763
 * §5). WebRTC certificates are self-signed, so this hash is the only thing that ties the DTLS peer to the signaling
 * peer: the endpoint hashes the peer's leaf certificate (its DER) with the named algorithm and compares in constant
 * time.
 *
 * @param algorithm the SDP hash function name in lower case: {@code sha-1}, {@code sha-224}, {@code sha-256},
 *     {@code sha-384} or {@code sha-512} (RFC 8122 §5 forbids md2/md5)
 * @param value the digest bytes
 */
public record RemoteFingerprint(String algorithm, byte[] value) {
    private static final Map<String, String> JDK_DIGEST_NAMES = Map.of(
            "sha-1", "SHA-1",
            "sha-224", "SHA-224",
            "sha-256", "SHA-256",
            "sha-384", "SHA-384",
            "sha-512", "SHA-512");
    private static final HexFormat SDP_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public RemoteFingerprint {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        String jdkName = JDK_DIGEST_NAMES.get(algorithm);
        if (jdkName == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + algorithm);
        }
        int digestLength = newDigest(jdkName).getDigestLength();
        if (value.length != digestLength) {
            throw new IllegalArgumentException(
                    algorithm + " fingerprint has " + value.length + " bytes, expected " + digestLength);
        }
        value = value.clone();
    }

    /** Parses the SDP attribute value, e.g. {@code sha-256 AB:CD:…} (hex in either case). */
    public static RemoteFingerprint parse(String sdpValue) {
        String trimmed = sdpValue.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("fingerprint needs '<hash-func> <hex>': " + sdpValue);
        }
        String hex = trimmed.substring(space + 1).trim();
        try {
            return new RemoteFingerprint(trimmed.substring(0, space), SDP_HEX.parseHex(hex.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed fingerprint: " + sdpValue, e);
        }
    }

    /** Whether the DER encoding of the peer's leaf certificate hashes to this fingerprint (constant-time compare). */
    public boolean matches(byte[] certificateDer) {
        byte[] digest = newDigest(JDK_DIGEST_NAMES.get(algorithm)).digest(certificateDer);
        return MessageDigest.isEqual(digest, value);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RemoteFingerprint that
                && algorithm.equals(that.algorithm)
                && MessageDigest.isEqual(value, that.value);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(value);
    }

    /** The SDP form, {@code sha-256 AB:CD:…}. */
    @Override
    public String toString() {
        return algorithm + " " + SDP_HEX.formatHex(value);
    }

    private static MessageDigest newDigest(String jdkName) {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has " + jdkName, e);
        }
    }
}
