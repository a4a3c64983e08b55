package io.storagesession.codecs.rtp;

/**
 * Writes the client-to-mixer audio level (RFC 6464 §3: the V bit for voice activity and the level in -dBov, 0 loudest,
 * 127 silence) as the only element of a one-byte-form RTP header extension block (RFC 8285 §4.2, profile 0xBEDE): the
 * block header, the element (id, length − 1 = 0, the level byte) and two padding bytes up to the 32-bit boundary.
 * Both the server's mixer and the load generator's participants send it this way; the reader of received levels stays
 * with the mixer, the only one that reads them. Allocation-free.
 */
public final class AudioLevelExtension {
    /** The block this writes: 4 bytes of block header, the 2-byte element, 2 bytes of padding. */
    public static final int BYTES = 8;
    /** One-byte-form ids run 1–14; 15 is reserved (RFC 8285 §4.2). */
    public static final int MAX_ID = 14;
    /** RFC 8285 §4.2: the "defined by profile" value of the one-byte form. */
    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The block's length in 32-bit words, after its header. */
    private static final int BLOCK_WORDS = 1;
    private static final int VOICE_BIT = 0x80;
    private static final int LEVEL_MASK = 0x7F;
    private static final int NIBBLE = 4;
    private static final int ELEMENT = 4;
    private static final int DATA = 5;
    private static final int PADDING = 6;

    private AudioLevelExtension() {
    }

    /**
     * Appends the block after the fixed header written at {@code off} (which must carry no CSRCs, as from
     * {@link Rtp#writeHeader}) and sets its X bit; returns {@link #BYTES}, the bytes added.
     *
     * @param id the id the peer's {@code a=extmap} gave the extension, 1–{@link #MAX_ID}
     * @param voice the V bit (RFC 6464 §3)
     * @param level 0–127 -dBov; only its low 7 bits are written
     */
    public static int append(byte[] buf, int off, int id, boolean voice, int level) {
        Rtp.markExtension(buf, off);
        int at = off + Rtp.FIXED_HEADER;
        Bytes.writeShort(buf, at, ONE_BYTE_PROFILE);
        Bytes.writeShort(buf, at + 2, BLOCK_WORDS);
        buf[at + ELEMENT] = (byte) (id << NIBBLE);
        buf[at + DATA] = (byte) ((voice ? VOICE_BIT : 0) | (level & LEVEL_MASK));
        buf[at + PADDING] = 0;
        buf[at + PADDING + 1] = 0;
        return BYTES;
    }
}
