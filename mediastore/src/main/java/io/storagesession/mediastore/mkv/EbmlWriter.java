package io.storagesession.mediastore.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The few EBML writes the store makes (RFC 8794 §4, §5, §7): element headers with sizes, and the Segment-level Tags
 * GetMedia adds around each fragment (KVS-WIRE.md §5: one Tag per SimpleTag, each with an empty Targets, which means
 * the whole Segment — RFC 9559 §5.1.8).
 */
public final class EbmlWriter {
    private static final int VALUE_BITS_PER_OCTET = 7;
    private static final int MAX_ID_OCTETS = 4;

    private EbmlWriter() {
    }

    /** Writes an element ID as defined, marker bits included. */
    public static void id(ByteArrayOutputStream out, int id) {
        int octets = MAX_ID_OCTETS;
        while (octets > 1 && (id >>> (Byte.SIZE * (octets - 1))) == 0) {
            octets--;
        }
        bigEndian(out, id, octets);
    }

    /** Writes {@code size} as a VINT of exactly {@code octets} octets (RFC 8794 §4.4 allows longer than needed). */
    public static void size(ByteArrayOutputStream out, long size, int octets) {
        if (size >= (1L << (VALUE_BITS_PER_OCTET * octets)) - 1) {
            throw new IllegalArgumentException(size + " does not fit a " + octets + "-octet size");
        }
        bigEndian(out, (1L << (VALUE_BITS_PER_OCTET * octets)) | size, octets);
    }

    /** Writes {@code size} as the shortest VINT. */
    public static void size(ByteArrayOutputStream out, long size) {
        size(out, size, sizeOctets(size));
    }

    /** Octets of the shortest VINT holding {@code size} (all value bits set is reserved for "unknown"). */
    public static int sizeOctets(long size) {
        int octets = 1;
        while (size >= (1L << (VALUE_BITS_PER_OCTET * octets)) - 1) {
            octets++;
        }
        return octets;
    }

    /** Element header (ID and shortest size) followed by {@code data}. */
    public static void element(ByteArrayOutputStream out, int id, byte[] data) {
        id(out, id);
        size(out, data.length);
        out.writeBytes(data);
    }

    /** A Tags element with one Tag per name/value pair, in iteration order. */
    public static byte[] tags(Map<String, String> pairs) {
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            ByteArrayOutputStream simple = new ByteArrayOutputStream();
            element(simple, MatroskaIds.TAG_NAME, pair.getKey().getBytes(StandardCharsets.UTF_8));
            element(simple, MatroskaIds.TAG_STRING, pair.getValue().getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream tag = new ByteArrayOutputStream();
            element(tag, MatroskaIds.TARGETS, new byte[0]);
            element(tag, MatroskaIds.SIMPLE_TAG, simple.toByteArray());
            element(tags, MatroskaIds.TAG, tag.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        element(out, MatroskaIds.TAGS, tags.toByteArray());
        return out.toByteArray();
    }

    private static void bigEndian(ByteArrayOutputStream out, long value, int octets) {
        for (int shift = (octets - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            out.write((int) (value >>> shift));
        }
    }
}
