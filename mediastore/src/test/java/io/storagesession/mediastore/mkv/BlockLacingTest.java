package io.storagesession.mediastore.mkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The lace reader against RFC 9559's own examples (§10.3.2–§10.3.4: frames of 800, 500 and 1000 octets, and three of
 * 800), byte for byte as the RFC's tables give the lace heads, and against the limits of a block.
 */
class BlockLacingTest {
    private final int[] offsets = new int[BlockLacing.MAX_FRAMES];
    private final int[] lengths = new int[BlockLacing.MAX_FRAMES];

    @Test
    void readsTheXiphExampleOfRfc9559() throws MkvException {
        byte[] block = block(new int[] {0x02, 0xFF, 0xFF, 0xFF, 0x23, 0xFF, 0xF5}, 800, 500, 1000);
        assertThat(BlockLacing.split(BlockLacing.XIPH, block, 0, block.length, offsets, lengths)).isEqualTo(3);
        assertFrames(7, 800, 500, 1000);
    }

    @Test
    void readsTheEbmlExampleOfRfc9559() throws MkvException {
        byte[] block = block(new int[] {0x02, 0x43, 0x20, 0x5E, 0xD3}, 800, 500, 1000);
        assertThat(BlockLacing.split(BlockLacing.EBML, block, 0, block.length, offsets, lengths)).isEqualTo(3);
        assertFrames(5, 800, 500, 1000);
    }

    @Test
    void readsTheFixedSizeExampleOfRfc9559() throws MkvException {
        byte[] block = block(new int[] {0x02}, 800, 800, 800);
        assertThat(BlockLacing.split(BlockLacing.FIXED_SIZE, block, 0, block.length, offsets, lengths)).isEqualTo(3);
        assertFrames(1, 800, 800, 800);
    }

    @Test
    void readsWithinTheGivenBoundsOnly() throws MkvException {
        byte[] inner = block(new int[] {0x01, 0x03}, 3, 2);
        byte[] around = new byte[inner.length + 20];
        Arrays.fill(around, (byte) 0xFF);
        System.arraycopy(inner, 0, around, 10, inner.length);
        assertThat(BlockLacing.split(BlockLacing.XIPH, around, 10, 10 + inner.length, offsets, lengths)).isEqualTo(2);
        assertThat(offsets[0]).isEqualTo(12);
        assertThat(lengths[1]).isEqualTo(2);
    }

    @Test
    void refusesLacesThatDoNotFitTheirBlock() {
        assertInvalid(BlockLacing.XIPH, new int[] {0xFF, 1, 2, 3}, "run past");
        assertInvalid(BlockLacing.XIPH, new int[] {0x01, 0xFF, 0x10, 1, 2}, "octets");
        assertInvalid(BlockLacing.EBML, new int[] {0x02, 0x81, 0x80, 1, 2}, "octets");
        assertInvalid(BlockLacing.EBML, new int[] {0x01, 0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 1},
                "octets");
        assertInvalid(BlockLacing.EBML, new int[] {0x01, 0xFF, 1}, "value bit");
        assertInvalid(BlockLacing.EBML, new int[] {0x01, 0x00, 1}, "malformed");
        assertInvalid(BlockLacing.FIXED_SIZE, new int[] {0x02, 1, 2, 3, 4}, "do not divide");
        assertInvalid(BlockLacing.FIXED_SIZE, new int[] {0xFF}, "octets");
        assertInvalid(BlockLacing.XIPH, new int[] {}, "lace head");
    }

    private void assertInvalid(int lacing, int[] octets, String why) {
        byte[] block = block(octets);
        assertThatThrownBy(() -> BlockLacing.split(lacing, block, 0, block.length, offsets, lengths))
                .isInstanceOfSatisfying(MkvException.class, e -> {
                    assertThat(e.errorId()).isEqualTo(ErrorIds.INVALID_MKV);
                    assertThat(e.getMessage()).contains(why);
                });
    }

    private void assertFrames(int first, int... sizes) {
        int at = first;
        for (int i = 0; i < sizes.length; i++) {
            assertThat(offsets[i]).as("offset of frame %d", i).isEqualTo(at);
            assertThat(lengths[i]).as("length of frame %d", i).isEqualTo(sizes[i]);
            at += sizes[i];
        }
    }

    /** The lace head's octets followed by frames of the given sizes. */
    private static byte[] block(int[] head, int... frameSizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int octet : head) {
            out.write(octet);
        }
        for (int size : frameSizes) {
            out.writeBytes(new byte[size]);
        }
        return out.toByteArray();
    }
}
