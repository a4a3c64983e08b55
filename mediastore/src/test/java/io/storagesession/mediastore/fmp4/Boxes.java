package io.storagesession.mediastore.fmp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny ISO BMFF reader for the tests (ISO/IEC 14496-12 §4.2): boxes are a 32-bit size and a type; containers are
 * the known parent types. Parsing fails unless every box's size chains exactly to its parent's end.
 */
public final class Boxes {
    private static final List<String> CONTAINERS = List.of("moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex",
            "moof", "traf");

    /** One box: where it starts in the buffer, its size, and its children when it is a container. */
    public record Box(String type, int start, int size, List<Box> children) {
        public int payload() {
            return start + Mp4Buffer.BOX_HEADER_BYTES;
        }

        public int end() {
            return start + size;
        }

        public Box child(String t) {
            return children.stream().filter(b -> b.type.equals(t)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + t + " in " + type));
        }

        public List<Box> all(String t) {
            return children.stream().filter(b -> b.type.equals(t)).toList();
        }

        /** Descends a path of child types, e.g. "trak/mdia/mdhd". */
        public Box at(String path) {
            Box b = this;
            for (String t : path.split("/")) {
                b = b.child(t);
            }
            return b;
        }
    }

    private Boxes() {
    }

    public static List<Box> parse(byte[] bytes, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int at = from;
        while (at < to) {
            if (to - at < Mp4Buffer.BOX_HEADER_BYTES) {
                throw new AssertionError("trailing " + (to - at) + " bytes at " + at);
            }
            int size = b.getInt(at);
            String type = new String(bytes, at + 4, 4, StandardCharsets.US_ASCII);
            if (size < Mp4Buffer.BOX_HEADER_BYTES || at + size > to) {
                throw new AssertionError("box " + type + " at " + at + " has size " + size + " beyond " + to);
            }
            List<Box> children = CONTAINERS.contains(type)
                    ? parse(bytes, at + Mp4Buffer.BOX_HEADER_BYTES, at + size) : List.of();
            boxes.add(new Box(type, at, size, children));
            at += size;
        }
        return boxes;
    }

    public static Box root(byte[] bytes) {
        return new Box("file", -Mp4Buffer.BOX_HEADER_BYTES, bytes.length + Mp4Buffer.BOX_HEADER_BYTES,
                parse(bytes, 0, bytes.length));
    }

    public static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    public static int u16(byte[] b, int at) {
        return ByteBuffer.wrap(b).getShort(at) & 0xFFFF;
    }

    public static long u32(byte[] b, int at) {
        return ByteBuffer.wrap(b).getInt(at) & 0xFFFF_FFFFL;
    }

    public static long u64(byte[] b, int at) {
        return ByteBuffer.wrap(b).getLong(at);
    }
}
