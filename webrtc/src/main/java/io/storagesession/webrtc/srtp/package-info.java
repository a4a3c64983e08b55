/**
 * SRTP and SRTCP (RFC 3711, RFC 7714 for AES-GCM), written here so that the packet path allocates nothing, with
 * AES from OpenSSL (through the natives jitsi-srtp bundles) or the JDK; keyed by a DTLS-SRTP handshake: one
 * {@link io.storagesession.webrtc.srtp.SrtpSession} per peer, working in place on reusable
 * {@link io.storagesession.webrtc.srtp.PacketBuffer}s.
 */
package io.storagesession.webrtc.srtp;
