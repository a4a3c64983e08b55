package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FFmpeg's native AAC encoder through {@link AacEncoder}, judged by FFmpeg's own AAC decoder given nothing but the
 * 2-byte AudioSpecificConfig (as a Matroska reader is): what comes back, when, and how much of it.
 */
class AacEncoderTest {
    private static final AacSettings MONO = AacSettings.defaults();
    private static final AacSettings STEREO = new AacSettings("aac", "twoloop", Opus.SAMPLE_RATE, 2, 128_000,
            MONO.maxGap());
    private static final int CHUNK = Opus.FRAME_SAMPLES;
    private static final int SECONDS = 3;
    private static final int CHUNKS = SECONDS * Opus.SAMPLE_RATE / CHUNK;
    private static final int FRAME = 1024;
    private static final int AMPLITUDE = 8_000;
    private static final double TONE_HZ = 1_000;

    @ParameterizedTest
    @ValueSource(strings = {"twoloop", "fast"})
    void aToneComesBackAtItsFrequencyAndLevel(String coder) {
        AacUnits units = new AacUnits();
        AacSettings settings = new AacSettings(MONO.encoder(), coder, MONO.sampleRate(), MONO.channels(),
                MONO.bitRate(), MONO.maxGap());
        try (AacEncoder encoder = new AacEncoder(settings, units)) {
            short[] pcm = new short[CHUNK];
            for (int i = 0; i < CHUNKS; i++) {
                Tone.fill(pcm, TONE_HZ, AMPLITUDE, (long) i * CHUNK);
                encoder.encode(pcm, 0, CHUNK, (long) i * CHUNK);
            }
            encoder.flush();
            short[] decoded = AacDecoding.decode(encoder.audioSpecificConfig(), 1, units.frames())[0];
            // decoded[i] is input sample i - priming; skip the fade-in of the first frames, stop before the padding
            int start = encoder.primingSamples() + 2 * FRAME;
            int end = encoder.primingSamples() + CHUNKS * CHUNK;
            for (int from = start; from + CHUNK <= end; from += CHUNK) {
                assertThat(Tone.strongest(decoded, from, CHUNK, 250, 500, 750, TONE_HZ, 1_250, 1_500, 2_000))
                        .as("dominant frequency at sample %d", from).isEqualTo(TONE_HZ);
                double tone = Tone.power(decoded, from, CHUNK, TONE_HZ);
                // Goertzel gives A²/4 for a sine whose mean power is A²/2
                double share = 2 * tone / Tone.total(decoded, from, CHUNK);
                assertThat(share).as("share of the power at 1 kHz").isGreaterThan(0.999);
                assertThat(Tone.amplitude(tone)).as("amplitude").isBetween(AMPLITUDE * 0.97, AMPLITUDE * 1.03);
            }
        }
    }

    @Test
    void accessUnitsAreExactlyOneFrameApartAndTheFirstCarriesThePriming() {
        long anchor = 1_234_567;
        AacUnits units = new AacUnits();
        try (AacEncoder encoder = new AacEncoder(MONO, units)) {
            assertThat(encoder.frameSamples()).isEqualTo(FRAME);
            assertThat(encoder.primingSamples()).isEqualTo(FRAME);
            short[] pcm = new short[CHUNK];
            for (int i = 0; i < CHUNKS; i++) {
                Tone.fill(pcm, TONE_HZ, AMPLITUDE, (long) i * CHUNK);
                encoder.encode(pcm, 0, CHUNK, anchor + (long) i * CHUNK);
            }
            int beforeFlush = units.units().size();
            assertThat(beforeFlush).as("one frame of lookahead is held back")
                    .isEqualTo(CHUNKS * CHUNK / FRAME - 1);
            encoder.flush();
            List<AacUnits.Unit> all = units.units();
            int input = CHUNKS * CHUNK;
            int expected = (input + FRAME - 1) / FRAME + 1;
            assertThat(all).as("every input sample and the priming, in whole frames").hasSize(expected);
            assertThat(all.get(0).pts()).isEqualTo(anchor - encoder.primingSamples());
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).pts() - all.get(i - 1).pts()).as("PTS step at unit %d", i).isEqualTo(FRAME);
            }
            short[] decoded = AacDecoding.decode(encoder.audioSpecificConfig(), 1, units.frames())[0];
            assertThat(decoded).hasSize(expected * FRAME);
            assertThat(decoded.length - input - encoder.primingSamples()).as("padding of the last frame")
                    .isBetween(0, FRAME - 1);
        }
    }

    @Test
    void decodedAudioPlacedAtItsPtsLinesUpWithTheInput() {
        AacUnits units = new AacUnits();
        short[] input = new short[CHUNKS * CHUNK];
        Chirp.fill(input, 200, 4_000, AMPLITUDE, Opus.SAMPLE_RATE);
        long anchor = 96_000;
        try (AacEncoder encoder = new AacEncoder(MONO, units)) {
            for (int i = 0; i < CHUNKS; i++) {
                encoder.encode(input, i * CHUNK, CHUNK, anchor + (long) i * CHUNK);
            }
            encoder.flush();
            short[] decoded = AacDecoding.decode(encoder.audioSpecificConfig(), 1, units.frames())[0];
            // decoded[i] sits at PTS first + i, which is input index first + i - anchor
            int shift = (int) (anchor - units.units().get(0).pts());
            assertThat(Chirp.bestLag(input, decoded, shift, FRAME)).as("lag of the decoded sweep, in samples")
                    .isZero();
        }
    }

    @Test
    void chunksOfAnySizeOrAsLittleEndianBytesGiveTheSameStream() {
        short[] input = new short[CHUNKS * CHUNK];
        Tone.fill(input, TONE_HZ, AMPLITUDE, 0);
        AacUnits byTicks = new AacUnits();
        try (AacEncoder encoder = new AacEncoder(MONO, byTicks)) {
            for (int i = 0; i < CHUNKS; i++) {
                encoder.encode(input, i * CHUNK, CHUNK, (long) i * CHUNK);
            }
            encoder.flush();
        }
        AacUnits byRandom = new AacUnits();
        AacUnits byBytes = new AacUnits();
        Random random = new Random(3);
        try (AacEncoder shorts = new AacEncoder(MONO, byRandom); AacEncoder bytes = new AacEncoder(MONO, byBytes)) {
            int at = 0;
            while (at < input.length) {
                int n = Math.min(input.length - at, 1 + random.nextInt(3 * FRAME));
                shorts.encode(input, at, n, at);
                byte[] le = new byte[n * 2 + 3];
                for (int i = 0; i < n; i++) {
                    le[3 + 2 * i] = (byte) input[at + i];
                    le[3 + 2 * i + 1] = (byte) (input[at + i] >> 8);
                }
                bytes.encode(le, 3, n * 2, at);
                at += n;
            }
            shorts.flush();
            bytes.flush();
        }
        assertThat(byRandom.units()).isEqualTo(byTicks.units());
        assertThat(byBytes.units()).isEqualTo(byTicks.units());
    }

    @Test
    void stereoKeepsEachChannelsTone() {
        AacUnits units = new AacUnits();
        try (AacEncoder encoder = new AacEncoder(STEREO, units)) {
            short[] left = new short[CHUNK];
            short[] right = new short[CHUNK];
            short[] interleaved = new short[2 * CHUNK];
            for (int i = 0; i < CHUNKS; i++) {
                Tone.fill(left, 440, AMPLITUDE, (long) i * CHUNK);
                Tone.fill(right, TONE_HZ, AMPLITUDE, (long) i * CHUNK);
                for (int s = 0; s < CHUNK; s++) {
                    interleaved[2 * s] = left[s];
                    interleaved[2 * s + 1] = right[s];
                }
                encoder.encode(interleaved, 0, interleaved.length, (long) i * CHUNK);
            }
            encoder.flush();
            assertThat(encoder.audioSpecificConfig()).containsExactly(0x11, 0x90);
            short[][] decoded = AacDecoding.decode(encoder.audioSpecificConfig(), 2, units.frames());
            int from = encoder.primingSamples() + SECONDS * Opus.SAMPLE_RATE / 2;
            assertThat(Tone.strongest(decoded[0], from, CHUNK, 440, TONE_HZ)).isEqualTo(440);
            assertThat(Tone.strongest(decoded[1], from, CHUNK, 440, TONE_HZ)).isEqualTo(TONE_HZ);
        }
    }

    @Test
    void theAudioSpecificConfigIsTheTwoByteAacLcForm() {
        try (AacEncoder mono48 = new AacEncoder(MONO, new AacUnits());
             AacEncoder mono44 = new AacEncoder(new AacSettings("aac", "twoloop", 44_100, 1, 64_000, MONO.maxGap()),
                     new AacUnits())) {
            // object type 2 (5 bits), frequency index 3 = 48 kHz or 4 = 44.1 kHz (4 bits), 1 channel, 3 zero flags
            assertThat(mono48.audioSpecificConfig()).containsExactly(0x11, 0x88);
            assertThat(mono44.audioSpecificConfig()).containsExactly(0x12, 0x08);
        }
    }

    @Test
    void aGapIsFilledWithSilenceAndTheTimelineKept() {
        AacUnits units = new AacUnits();
        short[] pcm = new short[CHUNK];
        int skipped = 10;
        try (AacEncoder encoder = new AacEncoder(MONO, units)) {
            for (int i = 0; i < CHUNKS; i++) {
                if (i >= skipped && i < skipped + 5) {
                    continue;
                }
                Tone.fill(pcm, TONE_HZ, AMPLITUDE, (long) i * CHUNK);
                encoder.encode(pcm, 0, CHUNK, (long) i * CHUNK);
            }
            encoder.flush();
            short[] decoded = AacDecoding.decode(encoder.audioSpecificConfig(), 1, units.frames())[0];
            assertThat(decoded.length).isGreaterThanOrEqualTo(CHUNKS * CHUNK + encoder.primingSamples());
            int priming = encoder.primingSamples();
            double inGap = Tone.power(decoded, priming + (skipped + 2) * CHUNK, CHUNK, TONE_HZ);
            double after = Tone.power(decoded, priming + (skipped + 8) * CHUNK, CHUNK, TONE_HZ);
            assertThat(Tone.amplitude(inGap)).as("1 kHz in the middle of the gap").isLessThan(AMPLITUDE * 0.01);
            assertThat(Tone.amplitude(after)).as("1 kHz after the gap, on time")
                    .isBetween(AMPLITUDE * 0.97, AMPLITUDE * 1.03);
        }
    }

    @Test
    void aStepBackOrATooLongGapIsRefusedAndTheEncoderCarriesOn() {
        AacUnits units = new AacUnits();
        short[] pcm = new short[CHUNK];
        long maxGap = MONO.maxGap().toMillis() * Opus.SAMPLE_RATE / 1000;
        try (AacEncoder encoder = new AacEncoder(MONO, units)) {
            encoder.encode(pcm, 0, CHUNK, 0);
            assertThatThrownBy(() -> encoder.encode(pcm, 0, CHUNK, CHUNK - 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps back");
            assertThatThrownBy(() -> encoder.encode(pcm, 0, CHUNK, CHUNK + maxGap + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-gap");
            encoder.encode(pcm, 0, CHUNK, CHUNK + maxGap);
            encoder.flush();
            int samples = (int) (2 * CHUNK + maxGap);
            assertThat(units.units()).as("the refused chunks took nothing").hasSize((samples + FRAME - 1) / FRAME + 1);
        }
    }

    @Test
    void wrongLengthsAndRangesAreRefusedAndTakeNothing() {
        AacUnits units = new AacUnits();
        AacUnits reference = new AacUnits();
        short[] pcm = new short[2 * CHUNK];
        Tone.fill(pcm, TONE_HZ, AMPLITUDE, 0);
        try (AacEncoder encoder = new AacEncoder(STEREO, units); AacEncoder clean = new AacEncoder(STEREO, reference)) {
            assertThatThrownBy(() -> encoder.encode(pcm, 0, 2 * CHUNK - 1, 0))
                    .as("half a stereo sample").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> encoder.encode(pcm, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> encoder.encode(pcm, 0, -2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> encoder.encode(pcm, 2, 2 * CHUNK, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> encoder.encode(new byte[6], 0, 6, 0))
                    .as("one and a half stereo samples").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> encoder.encode((short[]) null, 0, 2, 0)).isInstanceOf(NullPointerException.class);
            for (int i = 0; i < 10; i++) {
                encoder.encode(pcm, 0, pcm.length, (long) i * CHUNK);
                clean.encode(pcm, 0, pcm.length, (long) i * CHUNK);
            }
            encoder.flush();
            clean.flush();
        }
        assertThat(units.units()).isEqualTo(reference.units());
    }

    @Test
    void flushDrainsOnceAndEndsTheStream() {
        AacUnits units = new AacUnits();
        try (AacEncoder encoder = new AacEncoder(MONO, units)) {
            encoder.encode(new short[CHUNK], 0, CHUNK, 0);
            assertThat(units.units()).as("the first frame is not even full").isEmpty();
            encoder.flush();
            assertThat(units.units()).as("priming frame and the padded input frame").hasSize(2);
            encoder.flush();
            assertThat(units.units()).hasSize(2);
            assertThatThrownBy(() -> encoder.encode(new short[CHUNK], 0, CHUNK, CHUNK))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("flushed");
        }
        AacUnits none = new AacUnits();
        try (AacEncoder idle = new AacEncoder(MONO, none)) {
            idle.flush();
            assertThat(none.units()).as("no input, no access units").isEmpty();
        }
    }

    @Test
    void aSinkThatThrowsLosesOnlyTheAccessUnitItFailedOn() {
        AacUnits clean = new AacUnits();
        AacUnits units = new AacUnits();
        int[] calls = {0};
        AacFrameSink failingOnce = (frame, offset, length, pts) -> {
            if (calls[0]++ == 2) {
                throw new IllegalStateException("sink failure");
            }
            units.accept(frame, offset, length, pts);
        };
        short[] pcm = new short[CHUNK];
        int failures = 0;
        try (AacEncoder encoder = new AacEncoder(MONO, failingOnce); AacEncoder reference = new AacEncoder(MONO, clean)) {
            for (int i = 0; i < 20; i++) {
                Tone.fill(pcm, TONE_HZ, AMPLITUDE, (long) i * CHUNK);
                reference.encode(pcm, 0, CHUNK, (long) i * CHUNK);
                try {
                    encoder.encode(pcm, 0, CHUNK, (long) i * CHUNK);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("sink failure");
                    failures++;
                }
            }
            encoder.flush();
            reference.flush();
        }
        assertThat(failures).isEqualTo(1);
        List<AacUnits.Unit> expected = new java.util.ArrayList<>(clean.units());
        expected.remove(2);
        assertThat(units.units()).as("the same stream but the unit the sink failed on").isEqualTo(expected);
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedEncoderRefusesWork() {
        AacEncoder encoder = new AacEncoder(MONO, new AacUnits());
        encoder.encode(new short[CHUNK], 0, CHUNK, 0);
        encoder.close();
        encoder.close();
        assertThatThrownBy(() -> encoder.encode(new short[CHUNK], 0, CHUNK, CHUNK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> encoder.encode(new byte[2], 0, 2, CHUNK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(encoder::flush).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(encoder.audioSpecificConfig()).hasSize(2);
    }

    @Test
    void anEncoderFFmpegDoesNotHaveIsAClearError() {
        assertThatThrownBy(() -> new AacEncoder(new AacSettings("no-such-aac", "twoloop", Opus.SAMPLE_RATE, 1, 64_000,
                MONO.maxGap()), new AacUnits())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-aac");
        assertThatThrownBy(() -> new AacEncoder(new AacSettings("libopus", "twoloop", Opus.SAMPLE_RATE, 1, 64_000,
                MONO.maxGap()), new AacUnits())).as("an encoder that is not AAC").isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> new AacEncoder(new AacSettings("aac", "slow", Opus.SAMPLE_RATE, 1, 64_000,
                MONO.maxGap()), new AacUnits())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aac_coder slow");
    }
}
