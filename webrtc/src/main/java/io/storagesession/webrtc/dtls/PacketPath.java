package io.storagesession.webrtc.dtls;

import java.io.IOException;

/**
 * The ICE-selected path to the remote peer, as the DTLS endpoint sees it: a way to send one datagram. The ICE owner
 * implements it (over the TURN relay allocation). It is called from the handshake thread, from whichever thread
 * delivers records after the handshake (to answer a retransmitted flight or a close_notify) and from
 * {@link DtlsEndpoint#close()}, so implementations must be thread-safe. A failed send is treated like a lost
 * datagram: DTLS retransmits (RFC 6347 §4.2.4).
 */
@FunctionalInterface
public interface PacketPath {

    /** Sends {@code len} bytes of {@code buf} from {@code off} as one datagram; may copy, must not keep {@code buf}. */
    void send(byte[] buf, int off, int len) throws IOException;
}
