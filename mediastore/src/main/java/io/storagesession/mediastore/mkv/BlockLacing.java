package io.storagesession.mediastore.mkv;

/**
 * The frames of a laced Block or SimpleBlock (RFC 9559 §10.3, "Block Lacing"): after the block header, one octet
 * holding the number of frames minus one, then (Xiph and EBML lacing) the sizes of every frame but the last, then the
 * frames back to back; the last frame is what remains. Fixed-size lacing stores no size: the frames share the rest
 * equally.
 *
 * <ul>
 *   <li>Xiph (§10.3.2): each size is a run of octets added up, every octet 255 but the last.</li>
 *   <li>EBML (§10.3.3): the first size is a VINT (RFC 8794 §4); each next one is the previous plus a signed
 *       difference, a VINT of n octets read as its value minus 2^(7n-1)-1.</li>
 *   <li>Fixed-size (§10.3.4): the frames are equal; a rest that does not divide is invalid.</li>
 * </ul>
 *
 * <p>Everything is checked against the block's own bounds, since the block comes from the network: sizes that run past
 * the block, a size run or VINT cut short, a difference that makes a size negative or larger than the block, a rest that
 * does not divide, an empty frame — each is invalid MKV (ErrorId 4006), never an exception of another kind, and the
 * work is linear in the block's length. One frame in a lace is accepted, though writers must not produce it (§10.3).
 * Writes offsets and lengths into the caller's arrays: no allocation.
 */
public final class BlockLacing {
    /** RFC 9559 §10.2 ("Block Header"), flags octet: the two LACING bits. */
    public static final int MASK = 0x06;
    public static final int NONE = 0x00;
    public static final int XIPH = 0x02;
    public static final int FIXED_SIZE = 0x04;
    public static final int EBML = 0x06;
    /** The lace head is one octet, the number of frames minus one. */
    public static final int MAX_FRAMES = 256;
    private static final int OCTET = 0xFF;
    /** A Xiph size octet of 255 continues the run (RFC 9559 §10.3.2). */
    private static final int XIPH_CONTINUES = 255;
    private static final int VINT_VALUE_BITS_PER_OCTET = 7;

    private BlockLacing() {
    }

    /**
     * Splits the laced frames of {@code bytes[start, end)} (what follows the block's flags octet).
     *
     * @param lacing  the LACING bits of the flags octet ({@link #XIPH}, {@link #FIXED_SIZE} or {@link #EBML})
     * @param offsets receives each frame's offset in {@code bytes}; at least {@link #MAX_FRAMES} long
     * @param lengths receives each frame's length; at least {@link #MAX_FRAMES} long
     * @return the number of frames
     */
    public static int split(int lacing, byte[] bytes, int start, int end, int[] offsets, int[] lengths)
            throws MkvException {
        if (start >= end) {
            throw MkvException.invalid("a laced block without its lace head");
        }
        int count = (bytes[start] & OCTET) + 1;
        int at = start + 1;
        long known = 0;
        if (lacing == XIPH) {
            for (int i = 0; i < count - 1; i++) {
                long size = 0;
                int octet;
                do {
                    if (at >= end) {
                        throw MkvException.invalid("Xiph lace sizes run past the block");
                    }
                    octet = bytes[at++] & OCTET;
                    size += octet;
                } while (octet == XIPH_CONTINUES);
                known = add(lengths, i, size, known, end - start);
            }
        } else if (lacing == EBML) {
            long size = 0;
            for (int i = 0; i < count - 1; i++) {
                if (at >= end) {
                    throw MkvException.invalid("EBML lace sizes run past the block");
                }
                int length = EbmlCursor.vintLength(bytes[at] & OCTET);
                if (length < 0 || at + length > end) {
                    throw MkvException.invalid("a malformed EBML lace size");
                }
                long value = EbmlCursor.vintValue(bytes, at, length);
                if (value == EbmlCursor.unknownSize(length)) {
                    throw MkvException.invalid("an EBML lace size with every value bit set");
                }
                at += length;
                size = i == 0 ? value : size + value - signedBias(length);
                known = add(lengths, i, size, known, end - start);
            }
        } else if (lacing == FIXED_SIZE) {
            int rest = end - at;
            if (rest % count != 0) {
                throw MkvException.invalid(rest + " octets do not divide into " + count + " fixed-size laced frames");
            }
            for (int i = 0; i < count - 1; i++) {
                known = add(lengths, i, rest / count, known, end - start);
            }
        } else {
            throw new IllegalArgumentException("not a lacing: " + lacing);
        }
        long last = end - at - known;
        if (last < 0) {
            throw MkvException.invalid("laced frame sizes add up to more than the block holds");
        }
        add(lengths, count - 1, last, known, end - start);
        for (int i = 0; i < count; i++) {
            offsets[i] = at;
            at += lengths[i];
        }
        return count;
    }

    /** Records frame {@code i}'s size after checking it: a frame is never empty nor larger than the block. */
    private static long add(int[] lengths, int i, long size, long known, int blockBytes) throws MkvException {
        if (size <= 0 || size > blockBytes) {
            throw MkvException.invalid("a laced frame of " + size + " octets in a block of " + blockBytes);
        }
        lengths[i] = (int) size;
        return known + size;
    }

    /** RFC 9559 §10.3.3: a signed difference in an n-octet VINT is its value minus 2^(7n-1)-1. */
    private static long signedBias(int octets) {
        return (1L << (VINT_VALUE_BITS_PER_OCTET * octets - 1)) - 1;
    }
}
