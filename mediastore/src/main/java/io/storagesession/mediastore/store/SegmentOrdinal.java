package io.storagesession.mediastore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The ordinal of a segment file's first fragment, kept beside it as {@code <sequence>.ordinal} (a decimal number).
 * Ordinals count a stream's fragments in ingestion order and become HLS media sequence numbers, which RFC 8216 §6.2.2
 * wants to stay what they were for as long as a segment is listed. Counting the fragments found at start-up gives
 * the same numbers only while no file is gone; once retention has dropped the oldest segments, the count would start
 * again at 0. The file anchors the count where the segment begins, so a restart numbers every remaining fragment as
 * before.
 *
 * <p>Why a separate file and not a record in the segment: the segment layout ({@link RecordCodec}) stays readable by
 * a build that does not know about ordinals (it would cut a segment at an unknown record type), and a segment without
 * the file (written before it existed) is numbered by counting, as before. The file is written and forced before its
 * segment is created, so every segment holding a PERSISTED fragment has a complete one; a file that is missing or does
 * not parse is ignored.
 */
final class SegmentOrdinal {
    static final String SUFFIX = ".ordinal";
    /** A decimal long: at most 19 digits and a sign; anything longer is not an ordinal file. */
    private static final int MAX_BYTES = 20;

    private SegmentOrdinal() {
    }

    /** The ordinal file beside a segment file. */
    static Path of(Path segment) {
        String name = segment.getFileName().toString();
        String base = name.endsWith(SegmentFile.SUFFIX) ? name.substring(0, name.length() - SegmentFile.SUFFIX.length())
                : name;
        return segment.resolveSibling(base + SUFFIX);
    }

    /** Writes and forces the ordinal file of {@code segment} (its directory is forced when the segment is created). */
    static void write(Path segment, long firstOrdinal) throws IOException {
        byte[] text = Long.toString(firstOrdinal).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(of(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /** The ordinal of {@code segment}'s first fragment; empty when the file is missing, too long or not a number. */
    static OptionalLong read(Path segment) throws IOException {
        Path file = of(segment);
        try {
            if (Files.size(file) > MAX_BYTES) {
                return OptionalLong.empty();
            }
            long value = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static void delete(Path segment) throws IOException {
        Files.deleteIfExists(of(segment));
    }
}
