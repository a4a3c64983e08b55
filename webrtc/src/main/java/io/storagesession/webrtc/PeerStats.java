package io.storagesession.webrtc;

import io.storagesession.codecs.h264.H264Probe;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.OfferCodecs;

/**
 * What arrived from one participant: totals for the ingestion metrics (flushed by the session each housekeeping
 * interval), per-track packet counts, the H.264 NAL unit types seen (SPS, IDR…), when media first came, and the
 * packets lost on the way to us on each track's primary stream ({@link SourceLoss}; RTX retransmissions, RFC 4588,
 * are repairs under their own payload type and SSRC, so they are neither received media nor a new stream).
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
    private final SourceLoss audioLoss = new SourceLoss();
    private final SourceLoss videoLoss = new SourceLoss();
    private long flushedPackets;
    private long flushedBytes;

    void count(int length) {
        packets++;
        bytes += length;
    }

    /** An RTP packet of {@code kind} that passed the answer's checks (payload type, SSRC; so a whole header). */
    void media(MediaKind kind, byte[] rtp, int offset, int length) {
        if (kind == MediaKind.AUDIO) {
            audioPackets++;
            audioLoss.received(Rtp.ssrc(rtp, offset), Rtp.sequence(rtp, offset));
        } else {
            videoPackets++;
            if (!OfferCodecs.isH264Rtx(Rtp.payloadType(rtp, offset))) {
                videoNalTypes |= H264Probe.nalTypes(rtp, offset, length);
                videoLoss.received(Rtp.ssrc(rtp, offset), Rtp.sequence(rtp, offset));
            }
        }
    }

    /** RTP packets lost on the audio and video the participant sent (RFC 3550 A.3), so far. */
    long lostPackets() {
        return audioLoss.lost() + videoLoss.lost();
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
