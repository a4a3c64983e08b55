package io.storagesession.webrtc.srtp;

/**
 * AES-GCM (NIST SP 800-38D) in the shape SRTP's AEAD profile uses it (RFC 7714 §§8–9): a 12-byte IV per packet,
 * associated data in one or more pieces, then the payload in place with the 16-byte tag right after it. An instance
 * either seals or opens, never both, so that each keeps its own cipher context; not thread-safe.
 *
 * <p>Per packet: {@link #begin}, any number of {@link #aad}, one {@link #finish}.
 */
interface AesGcm extends AutoCloseable {
    /** Length of the IV (RFC 7714 §8.1). */
    int IV_LENGTH = 12;
    /** Length of the authentication tag (RFC 7714 §14.2: AEAD_AES_128_GCM has a 16-octet tag). */
    int TAG_LENGTH = 16;

    /** Starts a packet with this 12-byte IV. */
    void begin(byte[] iv);

    /** Adds associated data: authenticated, not encrypted. */
    void aad(byte[] buf, int off, int len);

    /**
     * Sealing: encrypts {@code buf[off, off + len)} in place and writes the tag at {@code off + len}; returns true.
     * Opening: decrypts it in place and checks the tag found at {@code off + len}; returns whether it verified. On
     * false the bytes are unspecified.
     */
    boolean finish(byte[] buf, int off, int len);

    /** Frees the native context, if any. */
    @Override
    void close();
}
