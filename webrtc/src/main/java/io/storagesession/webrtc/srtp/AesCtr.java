package io.storagesession.webrtc.srtp;

/**
 * AES in counter mode with the initial counter block given per packet, as SRTP's AES-CM uses it (RFC 3711 §4.1.1):
 * the keystream starting at {@code iv} is XORed over the packet in place. One instance per session key; not
 * thread-safe.
 */
interface AesCtr extends AutoCloseable {
    /** Length of the initial counter block. */
    int IV_LENGTH = 16;

    /** XORs the keystream that starts at the 16-byte counter block {@code iv} into {@code buf[off, off + len)}. */
    void apply(byte[] iv, byte[] buf, int off, int len);

    /** Frees the native context, if any. */
    @Override
    void close();
}
