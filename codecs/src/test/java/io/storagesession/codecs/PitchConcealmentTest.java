package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PitchConcealmentTest {
    private static final int FRAME = Opus.FRAME_SAMPLES;

    @Test
    void repeatsATonesPeriodSoTheLossContinuesItsWaveform() {
        PitchConcealment plc = new PitchConcealment();
        short[] pcm = new short[FRAME];
        for (int f = 0; f < 3; f++) {
            Tone.fill(pcm, 200, 8_000, (long) f * FRAME);
            plc.decoded(pcm, FRAME);
        }
        short[] expected = new short[FRAME];
        Tone.fill(expected, 200, 8_000, 3L * FRAME);
        plc.conceal(pcm, FRAME);
        // the first 10 ms are held at full level: the repetition is the tone itself, sample for sample
        for (int i = 0; i < PitchConcealment.HOLD_SAMPLES; i++) {
            assertThat(Math.abs(pcm[i] - expected[i])).as("sample %d", i).isLessThan(80);
        }
    }

    @Test
    void aLongLossFadesAndEndsInSilence() {
        PitchConcealment plc = new PitchConcealment();
        short[] pcm = new short[FRAME];
        Tone.fill(pcm, 150, 8_000, 0);
        plc.decoded(pcm, FRAME);
        plc.decoded(pcm, FRAME);
        double previous = Double.MAX_VALUE;
        for (int f = 0; f < 5; f++) {
            plc.conceal(pcm, FRAME);
            double level = Math.sqrt(Tone.total(pcm, 0, FRAME));
            assertThat(level).as("frame %d fades", f).isLessThan(previous).isGreaterThan(0);
            previous = level;
        }
        plc.conceal(pcm, FRAME); // beyond 100 ms
        assertThat(Math.sqrt(Tone.total(pcm, 0, FRAME))).isZero();
    }

    @Test
    void theFirstFrameAfterALossIsCrossFadedNotJoinedWithAJump() {
        PitchConcealment plc = new PitchConcealment();
        short[] pcm = new short[FRAME];
        plc.decoded(filled(pcm, 6_000), FRAME);
        plc.conceal(pcm, FRAME);
        short last = pcm[FRAME - 1];
        plc.decoded(filled(pcm, -6_000), FRAME); // the decoder resumes far from where the repetition was
        assertThat(Math.abs(pcm[0] - last)).as("no jump at the join").isLessThan(300);
        assertThat(pcm[FRAME - 1]).as("after the overlap, the decoded signal as it is").isEqualTo((short) -6_000);
    }

    @Test
    void aFewSamplesOfHistoryAreRepeatedAsTheyAreAndNothingBreaksOnOddSizes() {
        PitchConcealment plc = new PitchConcealment();
        short[] pcm = new short[5_760];
        plc.decoded(filled(pcm, 1_000), 10);
        plc.conceal(pcm, 5_760); // longer than the history, the fade and the hold
        assertThat(pcm[0]).isEqualTo((short) 1_000);
        assertThat(pcm[5_759]).isZero();
        plc.decoded(filled(pcm, 2_000), 5_760);
        plc.conceal(pcm, 1);
        assertThat(pcm[0]).isEqualTo((short) 2_000);
    }

    private static short[] filled(short[] pcm, int value) {
        java.util.Arrays.fill(pcm, (short) value);
        return pcm;
    }
}
