package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.recorder.mkv.Ebml;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fragment's chain of chunks: writes of any size land across chunk boundaries as one byte stream, a chunk is taken
 * only when the last is full, the Cluster size is patched through a boundary exactly as in one array, the chunks
 * change owner without a copy and go back to the pool, and a connection writes the same bytes every time it is asked
 * (a resend after a failure).
 */
class FragmentBytesTest {
    private static final int CHUNK = 16;

    private final ChunkPool pool = new ChunkPool(CHUNK, 64);

    @Test
    void writesOfAnySizeAreOneByteStreamAcrossTheChunks() {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            FragmentBytes bytes = new FragmentBytes(pool);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int writes = random.nextInt(20);
            for (int i = 0; i < writes; i++) {
                byte[] source = new byte[random.nextInt(3 * CHUNK + 2)];
                random.nextBytes(source);
                int offset = source.length == 0 ? 0 : random.nextInt(source.length);
                int count = random.nextInt(source.length - offset + 1);
                bytes.write(source, offset, count);
                expected.write(source, offset, count);
            }
            assertThat(bytes.toByteArray()).isEqualTo(expected.toByteArray());
            assertThat(bytes.length()).isEqualTo(expected.size());
            assertThat(bytes.heldBytes()).as("chunks held for %d bytes", bytes.length())
                    .isEqualTo((bytes.length() + CHUNK - 1) / CHUNK * CHUNK);
            bytes.release();
        }
    }

    @Test
    void aChunkIsTakenOnlyWhenTheLastIsFull() {
        FragmentBytes bytes = new FragmentBytes(pool);
        assertThat(bytes.heldBytes()).isZero();
        bytes.write(new byte[CHUNK], 0, CHUNK);
        assertThat(bytes.heldBytes()).isEqualTo(CHUNK);
        bytes.write(new byte[1], 0, 1);
        assertThat(bytes.heldBytes()).isEqualTo(2 * CHUNK);
        bytes.write(new byte[0], 0, 0);
        assertThat(bytes.heldBytes()).isEqualTo(2 * CHUNK);
        assertThatThrownBy(() -> bytes.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(bytes.length()).isEqualTo(CHUNK + 1);
    }

    @Test
    void theClusterSizeIsPatchedThroughAChunkBoundaryAsInOneArray() {
        byte[] fragment = new byte[5 * CHUNK + 3];
        new Random(9).nextBytes(fragment);
        for (int at = 0; at + Ebml.MAX_VINT_LENGTH <= fragment.length; at++) {
            FragmentBytes bytes = new FragmentBytes(pool);
            bytes.write(fragment, 0, fragment.length);
            long size = fragment.length - at - Ebml.MAX_VINT_LENGTH;
            bytes.overwriteBigEndian(at, Ebml.sizeVint(size), Ebml.MAX_VINT_LENGTH);
            byte[] expected = fragment.clone();
            Ebml.patchSize(expected, at, size);
            assertThat(bytes.toByteArray()).as("size field at %d", at).isEqualTo(expected);
            bytes.release();
        }
        FragmentBytes bytes = new FragmentBytes(pool);
        bytes.write(fragment, 0, 20);
        assertThatThrownBy(() -> bytes.overwriteBigEndian(13, 0, Ebml.MAX_VINT_LENGTH))
                .as("past what was written").isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void chunksMoveWithoutACopyAndGoBackToThePoolOnce() {
        FragmentBytes written = new FragmentBytes(pool);
        byte[] fragment = new byte[3 * CHUNK + 5];
        new Random(3).nextBytes(fragment);
        written.write(fragment, 0, fragment.length);
        byte[] firstChunk = written.chunk(0);
        int freeBefore = pool.freeCount();

        FragmentBytes kept = new FragmentBytes(pool);
        written.moveTo(kept);
        assertThat(written.length()).isZero();
        assertThat(written.heldBytes()).isZero();
        assertThat(kept.toByteArray()).isEqualTo(fragment);
        assertThat(kept.chunk(0)).as("the same chunk, not a copy").isSameAs(firstChunk);
        assertThatThrownBy(() -> kept.moveTo(new FragmentBytes(new ChunkPool(CHUNK, 1))))
                .as("into a chain of another pool").isInstanceOf(IllegalArgumentException.class);
        assertThat(kept.toByteArray()).as("kept as it was").isEqualTo(fragment);
        written.write(fragment, 0, 1);
        assertThatThrownBy(() -> written.moveTo(kept)).as("into a chain that holds chunks")
                .isInstanceOf(IllegalArgumentException.class);
        written.release();

        kept.release();
        assertThat(pool.freeCount()).isEqualTo(freeBefore + 4 + 1);
        kept.release();
        assertThat(pool.freeCount()).as("released twice, given back once").isEqualTo(freeBefore + 5);
        assertThat(kept.length()).isZero();
    }

    @Test
    void aConnectionWritesTheSameBytesEveryTime() {
        FragmentBytes bytes = new FragmentBytes(pool);
        byte[] fragment = new byte[7 * CHUNK + 9];
        new Random(4).nextBytes(fragment);
        bytes.write(fragment, 0, 6);
        bytes.write(fragment, 6, fragment.length - 6);
        RecordingConnection connection = new RecordingConnection();
        connection.write(bytes);
        connection.write(bytes);
        assertThat(connection.writes).hasSize(2 * 8);
        byte[] sent = connection.sent();
        assertThat(Arrays.copyOfRange(sent, 0, fragment.length)).isEqualTo(fragment);
        assertThat(Arrays.copyOfRange(sent, fragment.length, sent.length)).as("the resend").isEqualTo(fragment);
    }

    /** A connection that keeps what it is asked to send, write by write. */
    private static final class RecordingConnection extends PutMediaConnection {
        final List<byte[]> writes = new ArrayList<>();

        RecordingConnection() {
            super(1, new PutMediaMetrics(PutMediaMetrics.Export.NONE), null);
        }

        byte[] sent() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writes.forEach(out::writeBytes);
            return out.toByteArray();
        }

        @Override
        void send(byte[] bytes, int length) {
            writes.add(Arrays.copyOf(bytes, length));
        }

        @Override
        boolean writeQueueFull() {
            return false;
        }

        @Override
        void onDrain(Runnable action) {
        }

        @Override
        void finishBody() {
        }

        @Override
        void disconnect() {
        }
    }
}
