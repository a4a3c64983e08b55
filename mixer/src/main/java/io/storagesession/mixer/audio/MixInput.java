package io.storagesession.mixer.audio;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusDecoder;
import io.storagesession.codecs.OpusPacket;
import io.storagesession.codecs.SenderReportClock;
import io.storagesession.session.sdp.MediaAnswer;
import io.storagesession.session.sdp.OfferCodecs;
import io.storagesession.session.transport.Rtp;

/**
 * One participant's audio as the mixer takes it in: its RTP validated, its Opus payloads reordered in a
 * {@link JitterBuffer}, and once per tick one 20 ms frame of PCM, decoded, concealed, or skipped as silent.
 *
 * <p>Skipping follows the sender's own RFC 6464 level: a frame at or below the silence level is not decoded, unless
 * the input spoke within the hangover, so word endings stay in the mix and the set of active sources does not flap
 * with every quiet syllable. A packet without a level is always decoded.
 */
final class MixInput implements AutoCloseable {
    /** {@link #pull}: nothing of this input in this tick's mixes. */
    static final int SILENT = 0;
    /** {@link #pull}: a real packet, decoded into {@link #pcm}; its payload may be forwarded as it is. */
    static final int DECODED = 1;
    /** {@link #pull}: a concealed frame in {@link #pcm}. */
    static final int CONCEALED = 2;

    private static final int RTP_VERSION = 2;
    private static final int VERSION_SHIFT = 6;
    private static final int FIXED_HEADER = 12;
    private static final int PAYLOAD_TYPES = 128;

    private final AudioSettings settings;
    private final AudioCounters counters;
    private final boolean[] payloadTypes = new boolean[PAYLOAD_TYPES];
    private final int levelId;
    private final JitterBuffer jitter;
    private final OpusDecoder decoder = new OpusDecoder();
    /** This tick's frame, when {@link #pull} said DECODED or CONCEALED. */
    final short[] pcm = new short[Opus.FRAME_SAMPLES];
    private int ssrc;
    private boolean ssrcKnown;
    private int activeFor;
    private int state = SILENT;
    /** The sender's clock: its last RTCP sender report (RFC 3550 §6.4.1), NTP and RTP timestamps of one instant. */
    private final SenderReportClock clock = new SenderReportClock(Opus.SAMPLE_RATE);
    /** The RTP timestamp of the frame this tick played (real or concealed), when {@link #playedKnown}. */
    private int playedTimestamp;
    private boolean playedKnown;

    MixInput(MediaAnswer answer, AudioSettings settings, AudioCounters counters) {
        this.settings = settings;
        this.counters = counters;
        for (int pt : answer.payloadTypes()) {
            if (pt >= 0 && pt < PAYLOAD_TYPES) {
                payloadTypes[pt] = true;
            }
        }
        this.levelId = answer.extensions().getOrDefault(OfferCodecs.AUDIO_LEVEL.uri(), 0);
        this.jitter = new JitterBuffer(settings.jitterCapacity(), Opus.MAX_PACKET_BYTES, settings.jitterStartDepth(),
                settings.jitterMaxDepth(), settings.maxConcealFrames());
    }

    /** Validates one decrypted RTP packet and buffers its payload; a bad one is counted and dropped. */
    void receive(byte[] buf, int off, int len) {
        if (len < FIXED_HEADER || len > settings.maxPacketBytes()
                || ((buf[off] & 0xFF) >>> VERSION_SHIFT) != RTP_VERSION) {
            counters.malformedRtp++;
            return;
        }
        if (!payloadTypes[Rtp.payloadType(buf, off)]) {
            counters.unknownPayloadType++;
            return;
        }
        int start = Rtp.payloadOffset(buf, off, len);
        int length = Rtp.payloadLength(buf, off, len);
        if (start < 0 || length <= 0) {
            counters.malformedRtp++;
            return;
        }
        int level = AudioLevel.read(buf, off, len, levelId);
        if (level == AudioLevel.MALFORMED) {
            counters.malformedExtension++;
            return;
        }
        int samples = OpusPacket.samples(buf, off + start, length);
        if (samples == OpusPacket.MALFORMED) {
            counters.malformedOpus++;
            return;
        }
        if (samples != Opus.FRAME_SAMPLES) {
            counters.unsupportedDuration++;
            return;
        }
        int packetSsrc = Rtp.ssrc(buf, off);
        if (ssrcKnown && packetSsrc != ssrc) {
            counters.ssrcChange++;
            jitter.reset();
            clock.forget();
        }
        ssrc = packetSsrc;
        ssrcKnown = true;
        switch (jitter.push(Rtp.sequence(buf, off), (int) Rtp.timestamp(buf, off), buf, off + start, length, level)) {
            case JitterBuffer.LATE -> counters.late++;
            case JitterBuffer.DUPLICATE -> counters.duplicate++;
            case JitterBuffer.JUMP -> counters.sequenceJump++;
            case JitterBuffer.TOO_LARGE -> counters.malformedRtp++;
            default -> {
            }
        }
    }

    /** Takes this tick's frame: {@link #SILENT}, {@link #DECODED} or {@link #CONCEALED}. */
    int pull() {
        int previous = state;
        int popped = jitter.pop();
        played(popped);
        if (popped == JitterBuffer.PACKET) {
            int level = jitter.level();
            boolean loud = level == AudioLevel.ABSENT || level < settings.silenceLevel();
            activeFor = loud ? settings.hangoverFrames() + 1 : Math.max(0, activeFor - 1);
            if (activeFor == 0) {
                counters.skippedSilent++;
                state = SILENT;
                return state;
            }
            if (decoder.decode(jitter.payload(), 0, jitter.payloadLength(), pcm) == Opus.FRAME_SAMPLES) {
                counters.decoded++;
                state = DECODED;
                return state;
            }
            counters.malformedOpus++;
        }
        if (popped != JitterBuffer.EMPTY && previous != SILENT && decoder.conceal(pcm) == Opus.FRAME_SAMPLES) {
            counters.concealed++;
            state = CONCEALED;
            return state;
        }
        state = SILENT;
        return state;
    }

    /** Follows which instant of the sender's audio this tick plays: a packet's own, or one frame on when concealed. */
    private void played(int popped) {
        if (popped == JitterBuffer.PACKET) {
            playedTimestamp = jitter.timestamp();
            playedKnown = true;
        } else if (popped == JitterBuffer.LOST && playedKnown) {
            playedTimestamp += Opus.FRAME_SAMPLES;
        } else {
            playedKnown = false;
        }
    }

    /** A sender report from this participant; kept when it is about the stream being mixed. */
    void senderReport(int reportSsrc, long ntp, int rtpTimestamp) {
        if (ssrcKnown && reportSsrc == ssrc) {
            clock.update(ntp, rtpTimestamp);
        }
    }

    /**
     * The sender's NTP time of the frame this tick played, from its last sender report; {@link SenderReportClock#UNKNOWN}
     * before a report or while nothing plays.
     */
    long playedNtp() {
        return playedKnown ? clock.ntpOf(playedTimestamp) : SenderReportClock.UNKNOWN;
    }

    /** The RTP timestamp of the frame this tick played (real or concealed), or {@link RecordingMix#NO_TIMESTAMP}. */
    long playedTimestamp() {
        return playedKnown ? Integer.toUnsignedLong(playedTimestamp) : RecordingMix.NO_TIMESTAMP;
    }

    /** The payload this tick decoded from; only after {@link #pull} returned {@link #DECODED}. */
    byte[] payload() {
        return jitter.payload();
    }

    int payloadLength() {
        return jitter.payloadLength();
    }

    /** The sender's RFC 6464 level of this tick's packet, or {@link AudioLevel#ABSENT}. */
    int level() {
        return jitter.level();
    }

    JitterBuffer jitter() {
        return jitter;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
