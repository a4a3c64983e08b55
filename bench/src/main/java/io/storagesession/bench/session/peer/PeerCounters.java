package io.storagesession.bench.session.peer;

/**
 * One participant's cumulative counts, copied on the event loop; a measurement window is the difference of two
 * snapshots ({@link #minus}), a role's figure the sum over its participants ({@link #plus}).
 *
 * @param srtpSent       SRTP and SRTCP packets sent (what the server counts as received from participants)
 * @param srtpBytesSent  their bytes, as on the wire inside ChannelData
 * @param videoPackets   original video packets received (viewers)
 * @param decided        video sequence numbers decided: received, repaired or lost
 * @param lost           video packets neither received nor repaired within the loss timeout
 * @param repaired       video packets repaired by RTX after a NACK
 * @param late           video packets later than the late threshold
 * @param frames         video frames completed (marker bit)
 * @param freezes        gaps between completed frames above the freeze threshold
 * @param freezeMillis   total length of those gaps
 * @param nacked         sequence numbers asked for in NACKs
 * @param audioReceived  audio packets received
 * @param retransmitted  RTX packets sent answering the server's NACKs (master)
 * @param keyframeRequests PLI/FIR received (master)
 * @param dropped        received datagrams that failed SRTP or were not understood
 */
public record PeerCounters(long srtpSent, long srtpBytesSent, long videoPackets, long decided, long lost,
                           long repaired, long late, long frames, long freezes, long freezeMillis, long nacked,
                           long audioReceived, long retransmitted, long keyframeRequests, long dropped) {
    public static final PeerCounters ZERO = new PeerCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public PeerCounters plus(PeerCounters o) {
        return new PeerCounters(srtpSent + o.srtpSent, srtpBytesSent + o.srtpBytesSent, videoPackets + o.videoPackets,
                decided + o.decided, lost + o.lost, repaired + o.repaired, late + o.late, frames + o.frames,
                freezes + o.freezes, freezeMillis + o.freezeMillis, nacked + o.nacked, audioReceived + o.audioReceived,
                retransmitted + o.retransmitted, keyframeRequests + o.keyframeRequests, dropped + o.dropped);
    }

    public PeerCounters minus(PeerCounters o) {
        return new PeerCounters(srtpSent - o.srtpSent, srtpBytesSent - o.srtpBytesSent, videoPackets - o.videoPackets,
                decided - o.decided, lost - o.lost, repaired - o.repaired, late - o.late, frames - o.frames,
                freezes - o.freezes, freezeMillis - o.freezeMillis, nacked - o.nacked, audioReceived - o.audioReceived,
                retransmitted - o.retransmitted, keyframeRequests - o.keyframeRequests, dropped - o.dropped);
    }

    /** Lost video packets per decided sequence number, in percent. */
    public double lossPercent() {
        return decided == 0 ? 0 : 100.0 * lost / decided;
    }

    /** Late video packets per original video packet received, in percent. */
    public double latePercent() {
        return videoPackets == 0 ? 0 : 100.0 * late / videoPackets;
    }
}
