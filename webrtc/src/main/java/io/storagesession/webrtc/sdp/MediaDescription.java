package io.storagesession.webrtc.sdp;

import java.util.List;

/**
 * One m-section (RFC 8866 §5.14): {@code m=<media> <port> <proto> <fmt> ...} and the attributes that follow it.
 *
 * @param kind       what {@code media} names, for switching on
 * @param media      the media field as written
 * @param port       the port; 0 means the section is rejected or disabled (RFC 3264 §6)
 * @param protocol   the transport protocol, e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats    the format list: RTP payload types for RTP protocols
 * @param attributes the section's {@code a=} lines
 */
public record MediaDescription(MediaType kind, String media, int port, String protocol, List<String> formats,
                               Attributes attributes) {

    public MediaDescription {
        formats = List.copyOf(formats);
    }

    /** The section's {@code a=mid} (RFC 5888 §4), or null when it has none. */
    public String mid() {
        return attributes.first(SdpAttribute.MID).orElse(null);
    }
}
