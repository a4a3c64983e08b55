package io.storagesession.bench.session.peer;

import io.storagesession.bench.session.media.VideoClip;
import io.storagesession.bench.session.sdp.Offer;
import io.storagesession.codecs.rtp.Rtp;

/**
 * The master's camera: loops over a pre-encoded {@link VideoClip}, one picture per frame interval, each picture's
 * packets sent together with one timestamp (90 kHz, RFC 6184 §5.1) and the marker on the last. A keyframe request
 * (PLI/FIR) makes the next picture the clip's next IDR at once, as a real-time encoder answers one; timestamps and
 * sequence numbers run on regardless. Sent packets are remembered for {@link #HISTORY} sequence numbers, so a NACK is
 * answered with an RTX packet (RFC 4588 §4: the original sequence number, then the original payload) on the RTX SSRC.
 */
final class VideoSender {
    /** About 2 s of packets at 1 Mbps: longer than any repair the server asks for. */
    static final int HISTORY = 1 << 11;
    private static final int MASK = HISTORY - 1;
    private static final int NO_PACKET = -1;
    private static final int OSN_BYTES = 2;
    private static final double VIDEO_TICKS_PER_NANO = 90_000 / 1e9;

    private final VideoClip clip;
    private final int payloadType;
    private final int rtxPayloadType;
    private final int ssrc;
    private final int rtxSsrc;
    private final long ticksPerFrame;
    private final int[] historySequence = new int[HISTORY];
    private final int[] historyFrame = new int[HISTORY];
    private final int[] historyIndex = new int[HISTORY];
    private final long[] historyTimestamp = new long[HISTORY];
    private int frame;
    private int sequence;
    private int rtxSequence;
    private long timestamp;
    private boolean keyframeWanted;
    long packetsSent;
    long retransmitted;
    long keyframeJumps;

    VideoSender(VideoClip clip, int payloadType, int rtxPayloadType, int ssrc, int rtxSsrc, long ticksPerFrame,
                int firstSequence, long firstTimestamp) {
        this.clip = clip;
        this.payloadType = payloadType;
        this.rtxPayloadType = rtxPayloadType;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.ticksPerFrame = ticksPerFrame;
        this.sequence = firstSequence & 0xFFFF;
        this.rtxSequence = ~firstSequence & 0xFFFF;
        this.timestamp = firstTimestamp;
        java.util.Arrays.fill(historySequence, NO_PACKET);
    }

    /** A sender for the offer's H.264 and RTX types, with random first sequence number and timestamp. */
    static VideoSender forOffer(VideoClip clip, Offer offer, int ssrc, int rtxSsrc, long ticksPerFrame) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return new VideoSender(clip, offer.h264PayloadType(), offer.rtxPayloadType(), ssrc, rtxSsrc, ticksPerFrame,
                random.nextInt(), random.nextInt() & 0xFFFF_FFFFL);
    }

    /**
     * The loop fell {@code nanos} behind and drops the pictures it missed: the clock moves on as a camera's does, so
     * the receiver's transit is not shifted for good by the sender's own hiccup.
     */
    void skip(long nanos) {
        timestamp += Math.round(nanos * VIDEO_TICKS_PER_NANO);
    }

    /** Asks for an IDR as the next picture. */
    void keyframeRequested() {
        keyframeWanted = true;
    }

    /** Sends the next picture. */
    void sendFrame(PacketSink sink) {
        if (keyframeWanted) {
            keyframeWanted = false;
            if (!clip.isKeyframe(frame)) {
                frame = clip.nextKeyframe(frame);
                keyframeJumps++;
            }
        }
        byte[][] payloads = clip.payloads(frame);
        byte[] out = sink.buffer();
        for (int i = 0; i < payloads.length; i++) {
            int header = Rtp.writeHeader(out, PacketSink.OFFSET, i == payloads.length - 1, payloadType, sequence,
                    timestamp, ssrc);
            System.arraycopy(payloads[i], 0, out, PacketSink.OFFSET + header, payloads[i].length);
            int slot = sequence & MASK;
            historySequence[slot] = sequence;
            historyFrame[slot] = frame;
            historyIndex[slot] = i;
            historyTimestamp[slot] = timestamp;
            sink.sendRtp(header + payloads[i].length);
            packetsSent++;
            sequence = sequence + 1 & 0xFFFF;
        }
        timestamp += ticksPerFrame;
        frame = frame + 1 == clip.frames() ? 0 : frame + 1;
    }

    /** Answers a NACK for {@code lost} with its RTX packet, if still remembered and the answer accepted RTX. */
    void retransmit(int lost, PacketSink sink) {
        int slot = lost & MASK;
        if (rtxPayloadType < 0 || historySequence[slot] != lost) {
            return;
        }
        byte[][] payloads = clip.payloads(historyFrame[slot]);
        int index = historyIndex[slot];
        byte[] payload = payloads[index];
        byte[] out = sink.buffer();
        int header = Rtp.writeHeader(out, PacketSink.OFFSET, index == payloads.length - 1, rtxPayloadType,
                rtxSequence, historyTimestamp[slot], rtxSsrc);
        int at = PacketSink.OFFSET + header;
        out[at] = (byte) (lost >>> 8);
        out[at + 1] = (byte) lost;
        System.arraycopy(payload, 0, out, at + OSN_BYTES, payload.length);
        sink.sendRtp(header + OSN_BYTES + payload.length);
        rtxSequence = rtxSequence + 1 & 0xFFFF;
        retransmitted++;
    }
}
