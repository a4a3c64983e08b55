package io.storagesession.mixer;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusDecoder;
import io.storagesession.codecs.OpusPacket;
import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MixReader;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.RtpParameters;

/**
 * One participant's audio as the mixer takes it in: its RTP validated, its Opus payloads reordered in a
 * {@link JitterBuffer}, and once per tick one 20 ms frame: a packet, a lost frame of a talker, or silence.
 *
 * <p>Silence follows the sender's own RFC 6464 level: a frame at or below the silence level does not count, unless
 * the input spoke within the hangover, so word endings stay in the mix and the set of active sources does not flap
 * with every quiet syllable. A packet without a level always counts.
 *
 * <p>PCM is made only when asked for ({@link #pcm}): a talker whose payload is forwarded as it came (the only voice a
 * listener hears) costs no decoding. Opus decoding is most of a mixing session's CPU, and one talker at a time is the
 * common case. A decoder that skipped frames decodes the next one from its older state; what it produces is mixed
 * into a stream that starts at that moment anyway (a listener switches from the forwarded payloads to an encoded mix),
 * so the seam is where the listener's stream changes source.
 */
final class MixInput implements AutoCloseable {
    /** {@link #pull}: nothing of this input in this tick's mixes. */
    static final int SILENT = 0;
    /** {@link #pull}: a real packet; its payload may be forwarded as it is, {@link #pcm} decodes it. */
    static final int PACKET = 1;
    /** {@link #pull}: a talker's frame that is missing; {@link #pcm} conceals it. */
    static final int LOST = 2;

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
    private final short[] pcm = new short[Opus.FRAME_SAMPLES];
    /** The tick whose frame {@link #pcm} holds, or -1. */
    private long pcmTick = -1;
    private long tick;
    private int ssrc;
    private boolean ssrcKnown;
    private int activeFor;
    private int state = SILENT;
    /** The sender's clock: its last RTCP sender report (RFC 3550 §6.4.1), NTP and RTP timestamps of one instant. */
    private final SenderReportClock clock = new SenderReportClock(Opus.SAMPLE_RATE);
    /** The RTP timestamp of the frame this tick played (real or concealed), when {@link #playedKnown}. */
    private int playedTimestamp;
    private boolean playedKnown;

    MixInput(RtpParameters answer, AudioSettings settings, AudioCounters counters) {
        this.settings = settings;
        this.counters = counters;
        for (int pt : answer.payloadTypes()) {
            if (pt >= 0 && pt < PAYLOAD_TYPES) {
                payloadTypes[pt] = true;
            }
        }
        this.levelId = answer.extensions().getOrDefault(OfferCodecs.AUDIO_LEVEL.uri(), 0);
        this.jitter = new JitterBuffer(settings.jitterCapacity(), Opus.MAX_PACKET_BYTES,
                settings.jitterInitialBytes(), settings.jitterMaxBytes(), settings.jitterStartDepth(),
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

    /** Takes tick {@code tickNumber}'s frame: {@link #SILENT}, {@link #PACKET} or {@link #LOST}. */
    int pull(long tickNumber) {
        tick = tickNumber;
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
            state = PACKET;
            return state;
        }
        state = popped != JitterBuffer.EMPTY && previous != SILENT ? LOST : SILENT;
        return state;
    }

    /**
     * This tick's frame as PCM: the packet decoded, or the lost frame concealed (pitch repetition); made once per tick.
     * {@code null} when nothing could be made (a payload libopus refused, or no history to conceal from): the input
     * is then left out of the mix.
     */
    short[] pcm() {
        if (pcmTick == tick) {
            return pcm;
        }
        if (state == PACKET) {
            int decoded = decoder.decode(jitter.payload(), jitter.payloadOffset(), jitter.payloadLength(), pcm);
            if (decoded == Opus.FRAME_SAMPLES) {
                counters.decoded++;
                pcmTick = tick;
                return pcm;
            }
            counters.malformedOpus++;
        }
        if (state != SILENT && decoder.conceal(pcm) == Opus.FRAME_SAMPLES) {
            counters.concealed++;
            pcmTick = tick;
            return pcm;
        }
        return null;
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

    /** The RTP timestamp of the frame this tick played (real or concealed), or {@link MixReader#NO_TIMESTAMP}. */
    long playedTimestamp() {
        return playedKnown ? Integer.toUnsignedLong(playedTimestamp) : MixReader.NO_TIMESTAMP;
    }

    /**
     * The array this tick's payload is in, at {@link #payloadOffset}; only after {@link #pull} returned
     * {@link #PACKET}.
     */
    byte[] payload() {
        return jitter.payload();
    }

    int payloadOffset() {
        return jitter.payloadOffset();
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
