/**
 * DTLS-SRTP key agreement with one WebRTC peer (RFC 5763, RFC 5764) over DTLS 1.2 (RFC 6347), on Bouncy Castle.
 *
 * <p>{@link io.storagesession.webrtc.dtls.DtlsCertificate} is the process's identity, advertised as the SDP
 * fingerprint. For each peer, the ICE owner creates a {@link io.storagesession.webrtc.dtls.DtlsEndpoint} over its
 * selected {@link io.storagesession.webrtc.dtls.PacketPath}, feeds it the datagrams whose first byte says DTLS
 * (RFC 7983), and runs {@code handshake()} on a worker thread; the result is the
 * {@link io.storagesession.webrtc.dtls.SrtpKeys} that {@code io.storagesession.webrtc.srtp} protects media with.
 */
package io.storagesession.webrtc.dtls;
