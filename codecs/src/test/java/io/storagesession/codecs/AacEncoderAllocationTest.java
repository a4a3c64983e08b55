package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The recorder encodes its audio mix every 20 ms for as long as a session records: once warmed up, a chunk through
 * {@link AacEncoder} allocates nothing, measured with the JVM's per-thread allocation counter over 100 s of audio.
 */
class AacEncoderAllocationTest {
    private static final int CHUNK = Opus.FRAME_SAMPLES;
    private static final int WARM_UP_CHUNKS = 500;
    private static final int MEASURED_CHUNKS = 5_000;
    /** Slack for the measurement itself; one access unit's worth of garbage per chunk would be over a megabyte. */
    private static final long MAX_BYTES = 16 * 1024;

    @Test
    void steadyStateAllocatesNothingPerChunk() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] received = new long[2];
        AacFrameSink counting = (frame, offset, length, pts) -> {
            received[0]++;
            received[1] += length;
        };
        short[] shorts = new short[CHUNK];
        byte[] bytes = new byte[CHUNK * Short.BYTES];
        Tone.fill(shorts, 1_000, 8_000, 0);
        for (int i = 0; i < CHUNK; i++) {
            bytes[2 * i] = (byte) shorts[i];
            bytes[2 * i + 1] = (byte) (shorts[i] >> Byte.SIZE);
        }
        try (AacEncoder encoder = new AacEncoder(AacSettings.defaults(), counting)) {
            long pts = feed(encoder, shorts, bytes, 0, WARM_UP_CHUNKS);
            long unitsBefore = received[0];

            long before = threads.getCurrentThreadAllocatedBytes();
            feed(encoder, shorts, bytes, pts, MEASURED_CHUNKS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(received[0] - unitsBefore).as("access units while measured")
                    .isBetween((long) MEASURED_CHUNKS * CHUNK / 1024 - 1, (long) MEASURED_CHUNKS * CHUNK / 1024 + 1);
            assertThat(allocated).as("bytes allocated for %d chunks", MEASURED_CHUNKS).isLessThan(MAX_BYTES);
        }
    }

    /** Alternates the short[] and the little-endian byte[] entry points, so both are measured. */
    private static long feed(AacEncoder encoder, short[] shorts, byte[] bytes, long start, int chunks) {
        long pts = start;
        for (int i = 0; i < chunks; i++) {
            if (i % 2 == 0) {
                encoder.encode(shorts, 0, shorts.length, pts);
            } else {
                encoder.encode(bytes, 0, bytes.length, pts);
            }
            pts += CHUNK;
        }
        return pts;
    }
}
