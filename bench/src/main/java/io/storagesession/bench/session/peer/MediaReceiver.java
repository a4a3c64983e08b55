package io.storagesession.bench.session.peer;

import io.storagesession.bench.session.sdp.Offer;
import io.storagesession.codecs.rtp.Rtp;

/**
 * What a participant does with decrypted RTP from the server, by the offer's payload types: counts the audio (the mix
 * it hears), and — for a viewer — hands video and its RTX repairs (RFC 4588 §4: the original sequence number first in
 * the payload) to {@link VideoReception}. Nothing is decoded. Confined to the event loop; the first video's arrival
 * time is read by the reporting thread.
 */
final class MediaReceiver {
    /** The RTX payload starts with the original sequence number (OSN). */
    private static final int OSN_BYTES = 2;

    private final Offer offer;
    private final VideoReception reception;
    private volatile long firstVideoNanos;
    private int remoteVideoSsrc;
    private long audioReceived;

    /** @param reception the viewer's video judgement (kept across a renegotiation), null for a master */
    MediaReceiver(Offer offer, VideoReception reception) {
        this.offer = offer;
        this.reception = reception;
    }

    /** One decrypted RTP packet; false when it is nothing this participant expects (counted as dropped). */
    boolean rtp(byte[] b, int off, int len, long now) {
        int header = Rtp.headerLength(b, off, len);
        if (header < 0) {
            return false;
        }
        int type = Rtp.payloadType(b, off);
        if (type == offer.opusPayloadType()) {
            audioReceived++;
            return true;
        }
        if (reception == null) {
            return false;
        }
        if (type == offer.h264PayloadType()) {
            if (firstVideoNanos == 0) {
                firstVideoNanos = now;
            }
            remoteVideoSsrc = Rtp.ssrc(b, off);
            reception.media(Rtp.sequence(b, off), Rtp.timestamp(b, off), Rtp.marker(b, off), now);
            return true;
        }
        if (type == offer.rtxPayloadType() && len - header >= OSN_BYTES) {
            reception.retransmission((b[off + header] & 0xFF) << 8 | b[off + header + 1] & 0xFF);
            return true;
        }
        return false;
    }

    VideoReception reception() {
        return reception;
    }

    /** The SSRC the server sends this viewer's video on (what NACKs name), 0 before any video. */
    int remoteVideoSsrc() {
        return remoteVideoSsrc;
    }

    long firstVideoNanos() {
        return firstVideoNanos;
    }

    PeerCounters counters(long srtpSent, long srtpBytesSent, long retransmitted, long keyframeRequests, long dropped) {
        VideoReception r = reception;
        return r == null
                ? new PeerCounters(srtpSent, srtpBytesSent, 0, 0, 0, 0, 0, 0, 0, 0, 0, audioReceived, retransmitted,
                        keyframeRequests, dropped)
                : new PeerCounters(srtpSent, srtpBytesSent, r.packets, r.decided, r.lost, r.repaired, r.late, r.frames,
                        r.freezes, r.freezeNanos / NANOS_PER_MILLI, r.nacked, audioReceived, retransmitted,
                        keyframeRequests, dropped);
    }

    private static final long NANOS_PER_MILLI = 1_000_000;
}
