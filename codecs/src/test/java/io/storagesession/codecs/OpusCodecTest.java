package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Opus through FFmpeg, end to end (libopus encodes, FFmpeg's own decoder decodes): what the mixer relies on when it
 * decodes inputs and encodes mixes.
 */
class OpusCodecTest {
    private static final OpusEncoder.Settings VOICE = new OpusEncoder.Settings(32_000, 5, true, 10, "voip");
    private static final int AMPLITUDE = 8_000;
    private static final int FRAMES = 50;
    /** The decoder's output lags the input by the encoder's lookahead; analyse only frames after it settled. */
    private static final int SETTLED = 5;

    @Test
    void aToneSurvivesEncodeAndDecode() {
        try (OpusEncoder encoder = new OpusEncoder(VOICE); OpusDecoder decoder = new OpusDecoder()) {
            short[] in = new short[Opus.FRAME_SAMPLES];
            short[] out = new short[Opus.FRAME_SAMPLES];
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            for (int i = 0; i < FRAMES; i++) {
                Tone.fill(in, 440, AMPLITUDE, (long) i * Opus.FRAME_SAMPLES);
                int len = encoder.encode(in, packet, 0);
                assertThat(len).isPositive().isLessThan(Opus.MAX_FRAME_BYTES);
                assertThat(OpusPacket.samples(packet, 0, len)).isEqualTo(Opus.FRAME_SAMPLES);
                assertThat(decoder.decode(packet, 0, len, out)).isEqualTo(Opus.FRAME_SAMPLES);
                if (i >= SETTLED) {
                    assertThat(Tone.strongest(out, 0, out.length, 220, 330, 440, 550, 880)).isEqualTo(440);
                    double tone = Tone.power(out, 0, out.length, 440);
                    assertThat(tone / Tone.total(out, 0, out.length)).as("share of power at 440 Hz").isGreaterThan(0.4);
                    assertThat(Tone.amplitude(tone)).isBetween(AMPLITUDE * 0.7, AMPLITUDE * 1.3);
                }
            }
        }
    }

    @Test
    void anEncodedPacketCanBeWrittenAtAnOffsetAndRefusesATooSmallBuffer() {
        try (OpusEncoder encoder = new OpusEncoder(VOICE)) {
            short[] in = new short[Opus.FRAME_SAMPLES];
            Tone.fill(in, 440, AMPLITUDE, 0);
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            assertThat(encoder.encode(in, packet, 12)).isPositive();
            assertThat(encoder.encode(in, new byte[3], 0)).isEqualTo(OpusEncoder.NO_ROOM);
            assertThat(encoder.encode(new short[10], packet, 0)).isEqualTo(OpusEncoder.SHORT_INPUT);
            assertThat(encoder.encode(in, packet, 0)).as("usable after errors").isPositive();
        }
    }

    @Test
    void garbageEmptyAndOversizedPacketsAreErrorsAndTheDecoderKeepsWorking() {
        try (OpusEncoder encoder = new OpusEncoder(VOICE); OpusDecoder decoder = new OpusDecoder()) {
            short[] out = new short[Opus.FRAME_SAMPLES];
            assertThat(decoder.decode(new byte[0], 0, 0, out)).isEqualTo(OpusDecoder.MALFORMED);
            assertThat(decoder.decode(new byte[Opus.MAX_PACKET_BYTES + 1], 0, Opus.MAX_PACKET_BYTES + 1, out))
                    .isEqualTo(OpusDecoder.MALFORMED);
            assertThat(decoder.decode(new byte[4], 2, 4, out)).as("range past the array").isEqualTo(OpusDecoder.MALFORMED);
            // code 3, 48 frames of 20 ms: 960 ms, far beyond the 120 ms RFC 6716 allows
            assertThat(decoder.decode(new byte[] {(byte) 0x7B, 48}, 0, 2, out)).isEqualTo(OpusDecoder.MALFORMED);
            // code 3, 6 frames of 20 ms = 120 ms: legal framing, but longer than the caller's 20 ms buffer
            assertThat(decoder.decode(new byte[] {(byte) 0x7B, 6}, 0, 2, out)).isEqualTo(OpusDecoder.TOO_LONG);

            Random random = new Random(5);
            byte[] garbage = new byte[200];
            int rejected = 0;
            for (int i = 0; i < 500; i++) {
                random.nextBytes(garbage);
                int len = 1 + random.nextInt(garbage.length);
                int result = decoder.decode(garbage, 0, len, out);
                assertThat(result).isLessThanOrEqualTo(Opus.FRAME_SAMPLES);
                if (result < 0) {
                    rejected++;
                }
            }
            assertThat(rejected).as("random bytes mostly fail framing or the decoder").isPositive();

            short[] in = new short[Opus.FRAME_SAMPLES];
            byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
            for (int i = 0; i < 10; i++) {
                Tone.fill(in, 440, AMPLITUDE, (long) i * Opus.FRAME_SAMPLES);
                int len = encoder.encode(in, packet, 0);
                assertThat(decoder.decode(packet, 0, len, out)).isEqualTo(Opus.FRAME_SAMPLES);
            }
            assertThat(Tone.strongest(out, 0, out.length, 220, 440, 880)).isEqualTo(440);
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedCodecRefusesWork() {
        OpusDecoder decoder = new OpusDecoder();
        OpusEncoder encoder = new OpusEncoder(VOICE);
        decoder.close();
        decoder.close();
        encoder.close();
        encoder.close();
        assertThat(decoder.decode(new byte[] {(byte) 0x78}, 0, 1, new short[Opus.FRAME_SAMPLES]))
                .isEqualTo(OpusDecoder.CLOSED);
        assertThat(decoder.conceal(new short[Opus.FRAME_SAMPLES])).isEqualTo(OpusDecoder.CLOSED);
        assertThat(encoder.encode(new short[Opus.FRAME_SAMPLES], new byte[Opus.MAX_PACKET_BYTES], 0))
                .isEqualTo(OpusEncoder.CLOSED);
    }
}
