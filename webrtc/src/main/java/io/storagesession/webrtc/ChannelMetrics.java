package io.storagesession.webrtc;

import io.storagesession.metrics.Metrics;

/**
 * One session's series of the {@link SessionMetrics} (its channel, each role, each drop reason), taken from the
 * registry the first time each is needed and kept: the flush every housekeeping interval then adds to them without
 * building label lists (it was the largest source of garbage on session threads). Taken lazily, so /metrics shows
 * the same series as when every flush looked them up. Confined to the session's executor.
 */
final class ChannelMetrics {
    private static final String MASTER = "master";
    private static final String VIEWER = "viewer";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final SessionMetrics metrics;
    private final String channel;
    private final Metrics.Series[] packets = new Metrics.Series[2];
    private final Metrics.Series[] bytes = new Metrics.Series[2];
    private final Metrics.Series[] bitrate = new Metrics.Series[2];
    private final Metrics.Series[] connectedSeconds = new Metrics.Series[2];
    private final Metrics.Series[] dropped = new Metrics.Series[MediaDrop.ALL.length];
    /** Connected time per role not yet published: the counters take whole seconds, the rest waits for more. */
    private final long[] unpublishedConnectedNanos = new long[2];
    /** The bit rate last published per role, so the gauge can be moved by the difference. */
    private final long[] publishedBitrate = new long[2];

    ChannelMetrics(SessionMetrics metrics, String channel) {
        this.metrics = metrics;
        this.channel = channel;
    }

    void received(boolean master, long packetCount, long byteCount) {
        int r = role(master);
        if (packets[r] == null) {
            packets[r] = metrics.packets.series(channel, label(master));
            bytes[r] = metrics.bytes.series(channel, label(master));
        }
        packets[r].add(packetCount);
        bytes[r].add(byteCount);
    }

    void dropped(MediaDrop reason, long count) {
        if (dropped[reason.ordinal()] == null) {
            dropped[reason.ordinal()] = metrics.dropped.series(reason.label());
        }
        dropped[reason.ordinal()].add(count);
    }

    /**
     * Adds {@code nanos} of a master's (WebRTCRecordingMinutes) or a viewer's (WebRTCViewerMinutes) connected time;
     * the series advances by whole seconds and carries the remainder, so many short spans add up exactly.
     */
    void connected(boolean master, long nanos) {
        int r = role(master);
        if (connectedSeconds[r] == null) {
            connectedSeconds[r] = (master ? metrics.recordingSeconds : metrics.viewerSeconds).series(channel);
        }
        unpublishedConnectedNanos[r] += nanos;
        long seconds = unpublishedConnectedNanos[r] / NANOS_PER_SECOND;
        if (seconds > 0) {
            connectedSeconds[r].add(seconds);
            unpublishedConnectedNanos[r] -= seconds * NANOS_PER_SECOND;
        }
    }

    /** Sets the role's bit rate gauge of this channel to {@code bitsPerSecond}. */
    void bitrate(boolean master, long bitsPerSecond) {
        int r = role(master);
        if (bitrate[r] == null) {
            bitrate[r] = metrics.bitrate.series(channel, label(master));
        }
        bitrate[r].add(bitsPerSecond - publishedBitrate[r]);
        publishedBitrate[r] = bitsPerSecond;
    }

    private static int role(boolean master) {
        return master ? 0 : 1;
    }

    private static String label(boolean master) {
        return master ? MASTER : VIEWER;
    }
}
