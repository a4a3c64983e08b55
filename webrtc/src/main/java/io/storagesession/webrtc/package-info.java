/**
 * The storage session (KVS-WIRE.md §3): for each channel one {@code Session} that is the offerer and the controlling,
 * relay-only ICE agent for the master and up to three viewers, with DTLS-SRTP towards each of them.
 */
package io.storagesession.webrtc;
