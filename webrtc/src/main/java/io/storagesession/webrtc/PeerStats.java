package io.storagesession.webrtc;

import io.storagesession.codecs.h264.H264Probe;
import io.storagesession.media.MediaKind;

/**
 * What arrived from one participant: totals for the ingestion metrics (flushed by the session each housekeeping
 * interval), per-track packet counts, the H.264 NAL unit types seen (SPS, IDR…) and when media first came.
 * Confined to the session executor; plain fields, no allocation per packet.
 */
final class PeerStats {
    long packets;
    long bytes;
    long audioPackets;
    long videoPackets;
    int videoNalTypes;
    long firstMediaNanos;
    /** Datagrams dropped before the media plane, by {@link MediaDrop} ordinal; flushed like the totals. */
    private final long[] dropped = new long[MediaDrop.ALL.length];
    private final long[] flushedDropped = new long[MediaDrop.ALL.length];
    private long flushedPackets;
    private long flushedBytes;

    void count(int length) {
        packets++;
        bytes += length;
    }

    void media(MediaKind kind, byte[] rtp, int offset, int length) {
        if (kind == MediaKind.AUDIO) {
            audioPackets++;
        } else {
            videoPackets++;
            videoNalTypes |= H264Probe.nalTypes(rtp, offset, length);
        }
    }

    void drop(MediaDrop reason) {
        dropped[reason.ordinal()]++;
    }

    long dropped(MediaDrop reason) {
        return dropped[reason.ordinal()];
    }

    /** Drops of {@code reason} since the last call for it. */
    long takeDropped(MediaDrop reason) {
        int i = reason.ordinal();
        long delta = dropped[i] - flushedDropped[i];
        flushedDropped[i] = dropped[i];
        return delta;
    }

    /** Packets since the last call. */
    long takePackets() {
        long delta = packets - flushedPackets;
        flushedPackets = packets;
        return delta;
    }

    /** Bytes since the last call. */
    long takeBytes() {
        long delta = bytes - flushedBytes;
        flushedBytes = bytes;
        return delta;
    }

    boolean sawNal(int type) {
        return (videoNalTypes & (1 << type)) != 0;
    }
}
