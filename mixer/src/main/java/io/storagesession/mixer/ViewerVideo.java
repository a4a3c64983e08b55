package io.storagesession.mixer;

import io.storagesession.session.media.MediaKind;
import io.storagesession.session.media.MediaOut;
import io.storagesession.session.transport.Bytes;
import io.storagesession.session.transport.Rtp;

/**
 * The master's video as one viewer receives it: under the SSRC the server announced to that viewer, with sequence
 * numbers and timestamps that continue across master changes (RFC 3550 §5.1, §8.2: a new source under our SSRC must
 * look like one stream), starting at a keyframe so the viewer's decoder never sees a picture without its references.
 * Owns its send buffer; confined to the session executor.
 */
final class ViewerVideo {
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;
    /** 90 kHz clock ticks put between the last frame of one master and the first of the next (one 30 fps frame). */
    private static final long TIMESTAMP_GAP = 3000;

    private final MediaOut out;
    private final byte[] buffer;
    private boolean waitingForKeyframe = true;
    private int sourceSsrc;
    private boolean started;
    private int sequenceOffset;
    private long timestampOffset;
    private int lastSequence;
    private long lastTimestamp;
    long forwarded;

    ViewerVideo(MediaOut out, int maxPacketBytes) {
        this.out = out;
        this.buffer = new byte[maxPacketBytes + MediaOut.TRAILER_ROOM];
    }

    boolean waitingForKeyframe() {
        return waitingForKeyframe;
    }

    /** Forwards one of the master's video packets; {@code keyframeStart} says it begins an IDR access unit. */
    void forward(byte[] packet, int off, int len, boolean keyframeStart) {
        if (len > buffer.length - MediaOut.TRAILER_ROOM) {
            return;
        }
        int ssrc = Rtp.ssrc(packet, off);
        if (!started || ssrc != sourceSsrc) {
            if (!keyframeStart) {
                waitingForKeyframe = true;
                return;
            }
            rebase(ssrc, Rtp.sequence(packet, off), Rtp.timestamp(packet, off));
        } else if (waitingForKeyframe && !keyframeStart) {
            return;
        }
        waitingForKeyframe = false;
        System.arraycopy(packet, off, buffer, 0, len);
        lastSequence = (Rtp.sequence(packet, off) + sequenceOffset) & SEQUENCE_MASK;
        lastTimestamp = (Rtp.timestamp(packet, off) + timestampOffset) & TIMESTAMP_MASK;
        Bytes.writeShort(buffer, 2, lastSequence);
        Bytes.writeInt(buffer, 4, (int) lastTimestamp);
        Bytes.writeInt(buffer, 8, out.videoSsrc());
        if (out.sendRtp(MediaKind.VIDEO, buffer, 0, len)) {
            forwarded++;
        }
    }

    /** A new source (first master, or a master that rejoined): continue our numbering right after the last packet. */
    private void rebase(int ssrc, int sequence, long timestamp) {
        int nextSequence = started ? (lastSequence + 1) & SEQUENCE_MASK : sequence;
        long nextTimestamp = started ? (lastTimestamp + TIMESTAMP_GAP) & TIMESTAMP_MASK : timestamp;
        sequenceOffset = (nextSequence - sequence) & SEQUENCE_MASK;
        timestampOffset = (nextTimestamp - timestamp) & TIMESTAMP_MASK;
        sourceSsrc = ssrc;
        started = true;
    }
}
