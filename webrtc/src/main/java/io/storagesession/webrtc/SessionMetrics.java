package io.storagesession.webrtc;

import io.storagesession.metrics.Metrics;

/**
 * The ingestion metrics of the seed (TotalBitrate, TotalPacketCount, WebRTCRecordingMinutes, WebRTCViewerMinutes), per
 * channel and role, plus the session's own health. Packet and byte totals are counted in each peer and flushed here
 * once per housekeeping interval, so the packet path touches no shared counter; bit rates are those flushes divided by
 * the interval. Connected time is counted in seconds (Prometheus convention) and named after the seed's minutes.
 */
final class SessionMetrics {
    private static final double[] CONNECT_BUCKETS = {0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30};

    final Metrics.Counter packets;
    final Metrics.Counter bytes;
    final Metrics.Gauge bitrate;
    final Metrics.Counter recordingSeconds;
    final Metrics.Counter viewerSeconds;
    final Metrics.Gauge sessions;
    final Metrics.Gauge peers;
    final Metrics.Counter closed;
    final Metrics.Counter refusedAnswers;
    final Metrics.Counter dropped;
    final Metrics.Histogram joinToConnected;
    final Metrics.Histogram joinToFirstMedia;

    SessionMetrics(Metrics metrics) {
        packets = metrics.counter("kvs_webrtc_total_packet_count", "TotalPacketCount: SRTP/SRTCP packets received "
                + "from participants", "channel", "role");
        bytes = metrics.counter("kvs_webrtc_total_bytes", "Bytes received from participants (TotalBitrate integrated)",
                "channel", "role");
        bitrate = metrics.gauge("kvs_webrtc_total_bitrate", "TotalBitrate: bits per second received from "
                + "participants over the last housekeeping interval", "channel", "role");
        recordingSeconds = metrics.counter("kvs_webrtc_recording_seconds_total", "WebRTCRecordingMinutes, in "
                + "seconds: time a master was connected to the storage session", "channel");
        viewerSeconds = metrics.counter("kvs_webrtc_viewer_seconds_total", "WebRTCViewerMinutes, in seconds: "
                + "viewer time connected to the storage session", "channel");
        sessions = metrics.gauge("kvs_storage_sessions", "Storage sessions open");
        peers = metrics.gauge("kvs_storage_session_peers", "Participants of storage sessions, by role", "role");
        closed = metrics.counter("kvs_storage_session_peers_closed_total", "Participants closed, by reason",
                "reason");
        refusedAnswers = metrics.counter("kvs_storage_session_answers_refused_total", "SDP answers refused with "
                + "STATUS_RESPONSE 400");
        dropped = metrics.counter("kvs_storage_session_packets_dropped_total", "Datagrams from participants "
                + "dropped before the media plane (bad SRTP, unknown payload type or SSRC, malformed RTCP), by reason",
                "reason");
        joinToConnected = metrics.histogram("kvs_storage_session_connect_seconds", "Time from JoinStorageSession to "
                + "DTLS connected", CONNECT_BUCKETS, "role");
        joinToFirstMedia = metrics.histogram("kvs_storage_session_first_media_seconds", "Time from "
                + "JoinStorageSession to the first media packet received", CONNECT_BUCKETS, "role");
    }
}
