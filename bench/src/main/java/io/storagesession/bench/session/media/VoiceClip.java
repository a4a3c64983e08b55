package io.storagesession.bench.session.media;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;

/**
 * Opus packets of a speech-like signal and of silence, encoded once at start with the codecs module's encoder (20 ms
 * frames, 48 kHz mono), each with the RFC 6464 audio level computed from the PCM it was encoded from — the level a
 * browser's sender puts in its {@code ssrc-audio-level} header extension, and what the server's mixer uses to skip
 * silent participants.
 */
public final class VoiceClip {
    /** RFC 6464 §3: level in -dBov, 0 (loudest) to 127 (digital silence). */
    public static final int SILENCE_LEVEL = 127;
    /** 16-bit PCM full scale, the 0 dBov reference of RFC 6464 §3. */
    private static final double FULL_SCALE = 32_768.0;
    /** Bytes to hold any 20 ms Opus packet. */
    private static final int MAX_PACKET = Opus.MAX_PACKET_BYTES;
    /** A browser's voice settings: 32 kbit/s, complexity 9, in-band FEC for 10 % expected loss. */
    private static final OpusEncoder.Settings VOICE = new OpusEncoder.Settings(32_000, 9, true, 10, "voip");

    private final byte[][] speech;
    private final int[] speechLevels;
    private final byte[] silence;

    private VoiceClip(byte[][] speech, int[] speechLevels, byte[] silence) {
        this.speech = speech;
        this.speechLevels = speechLevels;
        this.silence = silence;
    }

    /** Encodes {@code seconds} of {@link SpeechSignal} and one frame of silence. */
    public static VoiceClip encode(int seconds) {
        int frames = seconds * (Opus.SAMPLE_RATE / Opus.FRAME_SAMPLES);
        byte[][] packets = new byte[frames][];
        int[] levels = new int[frames];
        short[] pcm = new short[Opus.FRAME_SAMPLES];
        byte[] out = new byte[MAX_PACKET];
        byte[] silent;
        try (OpusEncoder encoder = new OpusEncoder(VOICE)) {
            for (int f = 0; f < frames; f++) {
                SpeechSignal.fill(pcm, f);
                packets[f] = encoded(encoder, pcm, out);
                levels[f] = level(pcm);
            }
        }
        try (OpusEncoder encoder = new OpusEncoder(VOICE)) {
            java.util.Arrays.fill(pcm, (short) 0);
            silent = encoded(encoder, pcm, out);
        }
        return new VoiceClip(packets, levels, silent);
    }

    private static byte[] encoded(OpusEncoder encoder, short[] pcm, byte[] out) {
        int n = encoder.encode(pcm, out, 0);
        if (n <= 0) {
            throw new IllegalStateException("libopus gave no packet: " + n + " (FFmpeg error " + encoder.lastError()
                    + ")");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** RFC 6464 §3 / RFC 6465 appendix A: -dBov of the frame's RMS, clamped to 0..127. */
    static int level(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / pcm.length) / FULL_SCALE;
        if (rms <= 0) {
            return SILENCE_LEVEL;
        }
        double dbov = -20 * Math.log10(rms);
        return (int) Math.max(0, Math.min(SILENCE_LEVEL, Math.round(dbov)));
    }

    public int frames() {
        return speech.length;
    }

    /** Speech packet {@code frame}; shared, never modify it. */
    public byte[] speech(int frame) {
        return speech[frame];
    }

    public int speechLevel(int frame) {
        return speechLevels[frame];
    }

    /** A packet of encoded silence, sent with {@link #SILENCE_LEVEL} by participants that do not talk. */
    public byte[] silence() {
        return silence;
    }
}
