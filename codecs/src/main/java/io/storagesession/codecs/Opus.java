package io.storagesession.codecs;

/**
 * The Opus constants the media path is built around: RTP Opus always runs a 48 kHz clock (RFC 7587 §4.1) and WebRTC
 * senders packetize 20 ms frames, so one frame is 960 samples, which is also the mixer's tick.
 */
public final class Opus {
    /** Opus's full-band rate, and the RTP clock rate whatever the coded bandwidth (RFC 7587 §4.1). */
    public static final int SAMPLE_RATE = 48_000;
    /** The frame duration WebRTC senders use and the mixer ticks at. */
    public static final int FRAME_MILLIS = 20;
    /** Samples of one 20 ms frame at 48 kHz, per channel. */
    public static final int FRAME_SAMPLES = 960;
    /** The longest packet RFC 6716 allows: 120 ms (§3.2.5, R5), in samples at 48 kHz. */
    public static final int MAX_PACKET_SAMPLES = 5_760;
    /** The largest single compressed frame (RFC 6716 §3.2.1, R2). */
    public static final int MAX_FRAME_BYTES = 1_275;
    /** The largest Opus packet the codecs accept: a 20 ms frame never needs more (RFC 6716 §3.4). */
    public static final int MAX_PACKET_BYTES = 1_500;

    private Opus() {
    }

    /**
     * Loads FFmpeg's natives now (JavaCPP unpacks them on first use, which takes a noticeable moment), so the first
     * session's mixer does not pay for it on its executor. Idempotent.
     */
    public static void preload() {
        Libav.load();
    }

    /** {@code v} rounded to a 16-bit PCM sample, clipped to its range (decoded floats, concealment, cross-fades). */
    static short clip16(float v) {
        return (short) (v >= Short.MAX_VALUE ? Short.MAX_VALUE
                : v <= Short.MIN_VALUE ? Short.MIN_VALUE : Math.round(v));
    }
}
