package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.Tone;
import org.junit.jupiter.api.Test;

/** The mixer's helpers on their own: the soft limiter, the RFC 6464 reader and the jitter buffer. */
class MixerPartsTest {
    @Test
    void theLimiterNeverClipsAndDoesNotPumpOnSteadyLoudSpeech() {
        SoftLimiter limiter = new SoftLimiter(-6);
        short[] a = new short[Opus.FRAME_SAMPLES];
        short[] b = new short[Opus.FRAME_SAMPLES];
        short[] c = new short[Opus.FRAME_SAMPLES];
        int[] sum = new int[Opus.FRAME_SAMPLES];
        short[] out = new short[Opus.FRAME_SAMPLES];
        double first = 0;
        for (int f = 0; f < 50; f++) {
            Tone.fill(a, 300, 20_000, (long) f * Opus.FRAME_SAMPLES);
            Tone.fill(b, 500, 20_000, (long) f * Opus.FRAME_SAMPLES);
            Tone.fill(c, 700, 20_000, (long) f * Opus.FRAME_SAMPLES);
            for (int i = 0; i < sum.length; i++) {
                sum[i] = a[i] + b[i] + c[i];
            }
            limiter.limit(sum, out, out.length);
            for (short s : out) {
                assertThat(Math.abs((int) s)).isLessThan(Short.MAX_VALUE);
            }
            double level = Tone.amplitude(Tone.power(out, 0, out.length, 300));
            if (f == 0) {
                first = level;
            }
            assertThat(level).as("frame %d: the same input gives the same level", f).isCloseTo(first,
                    org.assertj.core.data.Offset.offset(first * 0.02));
        }
        int[] quiet = new int[] {1000, -16000, 0};
        short[] q = new short[3];
        limiter.limit(quiet, q, 3);
        assertThat(q).containsExactly((short) 1000, (short) -16000, (short) 0);
    }

    @Test
    void levelsAreReadFromOneAndTwoByteExtensionsAndOverrunsAreMalformed() {
        byte[] oneByte = {(byte) 0x90, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xBE, (byte) 0xDE, 0, 2,
                0x20, 7, 0, 0x10, (byte) 0xAA, 0, 0, 0, 9};
        assertThat(AudioLevel.read(oneByte, 0, oneByte.length, 1)).isEqualTo(0x2A);
        assertThat(AudioLevel.read(oneByte, 0, oneByte.length, 5)).isEqualTo(AudioLevel.ABSENT);
        byte[] twoByte = {(byte) 0x90, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x10, 0, 0, 1, 1, 1, (byte) 0xC0, 0, 9};
        assertThat(AudioLevel.read(twoByte, 0, twoByte.length, 1)).isEqualTo(0x40);
        byte[] overrun = oneByte.clone();
        overrun[16] = 0x2F;
        assertThat(AudioLevel.read(overrun, 0, overrun.length, 1)).isEqualTo(AudioLevel.MALFORMED);
        byte[] none = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9};
        assertThat(AudioLevel.read(none, 0, none.length, 1)).isEqualTo(AudioLevel.ABSENT);
        short[] silence = new short[Opus.FRAME_SAMPLES];
        assertThat(AudioLevel.of(silence, silence.length)).isEqualTo(AudioLevel.SILENCE);
        Tone.fill(silence, 440, Short.MAX_VALUE, 0);
        assertThat(AudioLevel.of(silence, silence.length)).as("a full-scale sine is 3 dB below a square").isEqualTo(3);
    }

    @Test
    void theJitterBufferReordersConcealsGapsAndStopsWhenDry() {
        JitterBuffer jitter = new JitterBuffer(16, 10, 64, 64, 2, 6, 2);
        byte[] p = {1};
        assertThat(jitter.push(101, p, 0, 1, 30)).isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.EMPTY);
        assertThat(jitter.push(100, p, 0, 1, 31)).as("earlier packet while buffering").isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.push(103, p, 0, 1, 33)).isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(jitter.level()).isEqualTo(31);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(jitter.level()).isEqualTo(30);
        assertThat(jitter.pop()).as("102 missing, 103 behind it").isEqualTo(JitterBuffer.LOST);
        assertThat(jitter.push(102, p, 0, 1, 32)).isEqualTo(JitterBuffer.LATE);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(jitter.push(104, p, 0, 1, 34)).isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.push(104, p, 0, 1, 34)).isEqualTo(JitterBuffer.DUPLICATE);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(jitter.pop()).as("dry: conceal").isEqualTo(JitterBuffer.LOST);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.LOST);
        assertThat(jitter.pop()).as("dry too long: stopped").isEqualTo(JitterBuffer.EMPTY);
        assertThat(jitter.playing()).isFalse();
    }

    @Test
    void aSequenceJumpIsDroppedOnceThenFollowedAsARestart() {
        JitterBuffer jitter = new JitterBuffer(16, 10, 64, 64, 1, 6, 2);
        byte[] p = {1};
        jitter.push(0xFFFE, p, 0, 1, 30);
        assertThat(jitter.push(0xFFFF, p, 0, 1, 30)).isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.push(0, p, 0, 1, 30)).as("wrap-around is no jump").isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(jitter.push(20_000, p, 0, 1, 30)).isEqualTo(JitterBuffer.JUMP);
        assertThat(jitter.push(20_001, p, 0, 1, 30)).as("in sequence with the jump: a restart").isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
    }

    @Test
    void beyondMaxDepthTheOldestPacketsAreTrimmed() {
        JitterBuffer jitter = new JitterBuffer(16, 10, 64, 64, 2, 4, 2);
        byte[] p = {1};
        for (int s = 0; s < 10; s++) {
            jitter.push(s, p, 0, 1, s);
        }
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(jitter.level()).as("kept the newest packets").isEqualTo(6);
        assertThat(jitter.trimmed).isEqualTo(6);
    }
}
