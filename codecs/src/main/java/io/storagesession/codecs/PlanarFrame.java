package io.storagesession.codecs;

import java.util.Arrays;

/**
 * The FIFO between the caller's PCM chunks and an encoder's fixed-size frames: interleaved 16-bit samples are
 * converted to float and spread over one plane per channel ({@code AV_SAMPLE_FMT_FLTP}, what FFmpeg's AAC encoder
 * takes) until a frame is full. Chunks and frames need not align (the mixer's 960 samples against AAC's 1024), so a
 * chunk may complete one frame and start the next. Allocated once; not thread-safe.
 */
final class PlanarFrame {
    /** s16 full scale: dividing by it maps -32768..32767 to -1..1, the range FFmpeg's float formats use. */
    private static final float S16_FULL_SCALE = -(float) Short.MIN_VALUE;
    private static final int BYTE_MASK = 0xFF;

    private final float[][] planes;
    private final int channels;
    private final int size;
    private int filled;

    PlanarFrame(int channels, int size) {
        this.channels = channels;
        this.size = size;
        this.planes = new float[channels][size];
    }

    boolean full() {
        return filled == size;
    }

    boolean empty() {
        return filled == 0;
    }

    /**
     * Takes up to {@code samples} samples per channel from interleaved {@code pcm} starting at {@code at}, as many as
     * fit in the frame.
     *
     * @return samples per channel taken
     */
    int take(short[] pcm, int at, int samples) {
        int n = Math.min(samples, size - filled);
        int in = at;
        for (int s = filled; s < filled + n; s++) {
            for (int c = 0; c < channels; c++) {
                planes[c][s] = pcm[in++] / S16_FULL_SCALE;
            }
        }
        filled += n;
        return n;
    }

    /** Like {@link #take(short[], int, int)} for little-endian 16-bit samples in bytes; {@code at} is a byte index. */
    int takeLittleEndian(byte[] s16le, int at, int samples) {
        int n = Math.min(samples, size - filled);
        int in = at;
        for (int s = filled; s < filled + n; s++) {
            for (int c = 0; c < channels; c++) {
                short sample = (short) ((s16le[in] & BYTE_MASK) | (s16le[in + 1] << Byte.SIZE));
                planes[c][s] = sample / S16_FULL_SCALE;
                in += Short.BYTES;
            }
        }
        filled += n;
        return n;
    }

    /** Takes up to {@code samples} of silence, as many as fit; returns how many. */
    int takeSilence(long samples) {
        int n = (int) Math.min(samples, size - filled);
        for (float[] plane : planes) {
            Arrays.fill(plane, filled, filled + n, 0f);
        }
        filled += n;
        return n;
    }

    /** Fills the rest of the frame with silence: the end of the stream. */
    void padWithSilence() {
        takeSilence(size - filled);
    }

    /** Channel {@code c}'s samples; the whole frame once {@link #full()}. */
    float[] plane(int c) {
        return planes[c];
    }

    /** Empties the frame once its planes were handed over. */
    void clear() {
        filled = 0;
    }
}
