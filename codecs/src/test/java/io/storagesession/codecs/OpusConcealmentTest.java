package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What {@link OpusDecoder#conceal} gives: the signal carries on through a lost packet (the last pitch period repeated,
 * {@code PitchConcealment}) instead of a 20 ms hole, keeps the tone's pitch, and the next real packet joins without a
 * hole either. The bounds are those libopus's own concealment met (libopus 1.3.1 at 32 kbit/s, per 5 ms quarter, RMS
 * of an 8000-amplitude tone: the first concealed frame keeps 10–60 % of the level, three losses at a voice pitch stay
 * above silence), which the repetition meets too.
 */
class OpusConcealmentTest {
    private static final int AMPLITUDE = 8_000;
    private static final int LOST_FROM = 30;

    @Test
    void nothingToConcealBeforeTheFirstPacket() {
        try (OpusDecoder decoder = new OpusDecoder()) {
            assertThat(decoder.conceal(new short[Opus.FRAME_SAMPLES])).isEqualTo(OpusDecoder.NO_HISTORY);
        }
    }

    @Test
    void aLostVoicePacketIsConcealedWithTheToneAndTheStreamResumes() {
        concealsIn(new OpusEncoder.Settings(32_000, 5, true, 10, "voip"), 440, 1, true);
    }

    @Test
    void aLostMusicModePacketIsConcealedWithTheToneAndTheStreamResumes() {
        concealsIn(new OpusEncoder.Settings(64_000, 5, false, 0, "audio"), 440, 1, true);
    }

    @Test
    void threeLostPacketsAtAVoicePitchAreBridgedWithoutSilence() {
        // the PLC's pitch estimate on a pure 200 Hz sine lands an octave off, so only levels are checked here
        concealsIn(new OpusEncoder.Settings(32_000, 5, true, 10, "voip"), 200, 3, false);
    }

    private static void concealsIn(OpusEncoder.Settings settings, double hz, int lostPackets,
                                   boolean keepsPitch) {
        int lost = lostPackets;
        try (OpusEncoder encoder = new OpusEncoder(settings); OpusDecoder decoder = new OpusDecoder()) {
            short[] in = new short[Opus.FRAME_SAMPLES];
            short[] out = new short[Opus.FRAME_SAMPLES];
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            double before = 0;
            for (int i = 0; i < LOST_FROM + lost + 3; i++) {
                Tone.fill(in, hz, AMPLITUDE, (long) i * Opus.FRAME_SAMPLES);
                int len = encoder.encode(in, packet, 0);
                boolean missing = i >= LOST_FROM && i < LOST_FROM + lost;
                int n = missing ? decoder.conceal(out) : decoder.decode(packet, 0, len, out);
                assertThat(n).isEqualTo(Opus.FRAME_SAMPLES);
                double level = Math.sqrt(Tone.total(out, 0, n));
                if (i == LOST_FROM - 1) {
                    before = level;
                }
                if (i == LOST_FROM) {
                    if (keepsPitch) {
                        assertThat(Tone.strongest(out, 0, n, hz * 0.5, hz, hz * 1.5, hz * 2)).isEqualTo(hz);
                    }
                    assertThat(level).as("first concealed frame keeps a good part of the tone").isGreaterThan(before * 0.2);
                }
                if (i >= LOST_FROM) {
                    // every concealed or resumed frame has signal in each quarter: no 5 ms hole anywhere
                    for (int q = 0; q < 4; q++) {
                        int quarter = n / 4;
                        assertThat(Math.sqrt(Tone.total(out, q * quarter, quarter))).as("frame %d quarter %d", i, q)
                                .isGreaterThan(AMPLITUDE * 0.01);
                    }
                }
                if (i == LOST_FROM + lost + 2) {
                    assertThat(level).as("recovered two packets after the loss").isGreaterThan(before * 0.7);
                }
            }
        }
    }
}
