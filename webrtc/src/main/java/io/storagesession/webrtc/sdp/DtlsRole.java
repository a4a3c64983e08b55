package io.storagesession.webrtc.sdp;

/**
 * The storage session's role in the DTLS handshake, decided by the answer's {@code a=setup} (RFC 5763 §5): the
 * offer says {@code actpass}, so the participant chooses.
 */
public enum DtlsRole {
    /** The participant answered {@code active}: it sends the ClientHello, the server waits for it. */
    SERVER,
    /** The participant answered {@code passive}: the server sends the ClientHello. */
    CLIENT
}
