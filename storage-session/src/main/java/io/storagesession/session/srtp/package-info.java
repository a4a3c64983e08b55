/**
 * SRTP and SRTCP (RFC 3711, RFC 7714 for AES-GCM) on jitsi-srtp, keyed by a DTLS-SRTP handshake: one
 * {@link io.storagesession.session.srtp.SrtpSession} per peer, working in place on reusable
 * {@link io.storagesession.session.srtp.PacketBuffer}s.
 */
package io.storagesession.session.srtp;
