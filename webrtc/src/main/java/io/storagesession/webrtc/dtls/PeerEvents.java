package io.storagesession.webrtc.dtls;

/** What the Bouncy Castle peers report back to their {@link DtlsEndpoint} outside of the handshake's return value. */
@FunctionalInterface
interface PeerEvents {

    /** An alert arrived from the peer (RFC 5246 §7.2); called on the thread running the record layer. */
    void alertReceived(short alertLevel, short alertDescription);
}
