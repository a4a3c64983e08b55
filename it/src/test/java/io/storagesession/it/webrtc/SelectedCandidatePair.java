package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;
import java.util.Optional;

/**
 * The candidate pair a PeerConnection actually sends on, read from its stats (transport → selectedCandidatePairId →
 * local and remote candidate). Its types say whether the media path really is relay↔relay, which ICE state alone does
 * not: "connected" is equally true for a host pair. A relay candidate's relay protocol says how the peer reaches its
 * TURN server (udp, tcp or tls).
 */
record SelectedCandidatePair(String localType, String localAddress, String remoteType, String remoteAddress,
                             long bytesSent, long bytesReceived, String localRelayProtocol) {

    static Optional<SelectedCandidatePair> from(RTCStatsReport report) {
        Map<String, RTCStats> stats = report.getStats();
        return stats.values().stream()
                .filter(s -> s.getType() == RTCStatsType.TRANSPORT)
                .map(s -> s.getAttributes().get("selectedCandidatePairId"))
                .filter(id -> id != null && stats.containsKey(id.toString()))
                .map(id -> stats.get(id.toString()).getAttributes())
                .findFirst()
                .map(pair -> {
                    Map<String, Object> local = stats.get(pair.get("localCandidateId").toString()).getAttributes();
                    Map<String, Object> remote = stats.get(pair.get("remoteCandidateId").toString()).getAttributes();
                    return new SelectedCandidatePair(
                            String.valueOf(local.get("candidateType")), local.get("address") + ":" + local.get("port"),
                            String.valueOf(remote.get("candidateType")), remote.get("address") + ":" + remote.get("port"),
                            number(pair.get("bytesSent")), number(pair.get("bytesReceived")),
                            String.valueOf(local.get("relayProtocol")));
                });
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
