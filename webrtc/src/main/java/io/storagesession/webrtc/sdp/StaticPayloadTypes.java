package io.storagesession.webrtc.sdp;

import java.util.Map;
import java.util.Optional;

/**
 * The static RTP payload types of RFC 3551 §6 (Tables 4 and 5), which an m-line may list without an
 * {@code a=rtpmap}. Named so that a refusal can say "PCMU" rather than "payload type 0".
 */
final class StaticPayloadTypes {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "PCMU"), Map.entry(3, "GSM"), Map.entry(4, "G723"), Map.entry(5, "DVI4"),
            Map.entry(6, "DVI4"), Map.entry(7, "LPC"), Map.entry(8, "PCMA"), Map.entry(9, "G722"),
            Map.entry(10, "L16"), Map.entry(11, "L16"), Map.entry(12, "QCELP"), Map.entry(13, "CN"),
            Map.entry(14, "MPA"), Map.entry(15, "G728"), Map.entry(16, "DVI4"), Map.entry(17, "DVI4"),
            Map.entry(18, "G729"), Map.entry(25, "CelB"), Map.entry(26, "JPEG"), Map.entry(28, "nv"),
            Map.entry(31, "H261"), Map.entry(32, "MPV"), Map.entry(33, "MP2T"), Map.entry(34, "H263"));

    private StaticPayloadTypes() {
    }

    /** The encoding name of a static payload type; empty for dynamic or unassigned numbers. */
    static Optional<String> name(int payloadType) {
        return Optional.ofNullable(NAMES.get(payloadType));
    }
}
