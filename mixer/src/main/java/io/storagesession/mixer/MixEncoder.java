package io.storagesession.mixer;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;

/**
 * One distinct mix — a set of sources, as a bitmask of mixer slots — summed, limited and encoded at most once per
 * tick, whoever hears it: every listener whose mix is that set gets the same packet. Each set keeps its own encoder,
 * so a listener who keeps hearing the same people gets one continuous Opus stream.
 */
final class MixEncoder implements AutoCloseable {
    private final OpusEncoder encoder;
    private final int[] sum = new int[Opus.FRAME_SAMPLES];
    final short[] pcm = new short[Opus.FRAME_SAMPLES];
    final byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
    int length;
    int level;
    private long tick = -1;

    MixEncoder(OpusEncoder.Settings settings) {
        this.encoder = new OpusEncoder(settings);
    }

    /** Whether this tick's mix is already made. */
    boolean madeIn(long tickNumber) {
        return tick == tickNumber;
    }

    /**
     * Sums the inputs in {@code mask}, limits and encodes; {@code false} when libopus failed (nothing to send).
     */
    boolean make(long tickNumber, int mask, MixInput[] inputs, SoftLimiter limiter, AudioCounters counters) {
        tick = tickNumber;
        java.util.Arrays.fill(sum, 0);
        for (int slot = 0; slot < inputs.length; slot++) {
            if ((mask & (1 << slot)) != 0) {
                short[] source = inputs[slot].pcm();
                for (int i = 0; source != null && i < sum.length; i++) {
                    sum[i] += source[i];
                }
            }
        }
        limiter.limit(sum, pcm, pcm.length);
        level = AudioLevel.of(pcm, pcm.length);
        length = encoder.encode(pcm, packet, 0);
        counters.encoded++;
        return length > 0;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
