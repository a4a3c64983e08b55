package io.storagesession.mediastore.store;

import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append-only segment file of a stream (layout in {@link RecordCodec}). The current segment is written by its
 * stream's serial executor only; any thread may read records at known offsets (positional reads do not move the
 * channel). A segment is self-contained: it holds a copy of every stream header its fragments refer to, so retention
 * can drop a whole file without losing a header a later file needs.
 *
 * <p>Only the segment being written keeps its file open; a sealed one (rolled over, or found at start-up) is opened
 * for each read and closed again, so a stream with a day of ten-minute segments does not hold 144 descriptors.
 */
final class SegmentFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFile.class);
    static final String SUFFIX = ".seg";
    private static final String NAME_FORMAT = "%020d" + SUFFIX;

    private final long sequence;
    private final Path path;
    private final Map<Integer, MkvHeader> headers = new HashMap<>();
    private volatile FileChannel channel;
    private long size;
    private volatile long firstServerMillis = Long.MAX_VALUE;
    private volatile long lastServerMillis = Long.MIN_VALUE;
    private volatile boolean deleted;
    private MkvHeader lastHeader;
    private int lastHeaderId;
    /** A record's prefix and fixed fields, its CRC and the gathering write's array: reused, as records are appended. */
    private final ByteBuffer recordHead = ByteBuffer.allocate(RecordCodec.MAX_HEAD_BYTES);
    private final CRC32 crc = new CRC32();
    private final ByteBuffer[] gather = new ByteBuffer[2];

    private SegmentFile(long sequence, Path path) {
        this.sequence = sequence;
        this.path = path;
    }

    /**
     * A new, empty segment whose first fragment will have ordinal {@code firstOrdinal} ({@link SegmentOrdinal}, written
     * first); the directory entries are made durable before anything is written into it.
     */
    static SegmentFile create(Path dir, long sequence, long firstOrdinal) throws IOException {
        Path path = dir.resolve(String.format(NAME_FORMAT, sequence));
        SegmentOrdinal.write(path, firstOrdinal);
        SegmentFile segment = new SegmentFile(sequence, path);
        segment.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Durability.forceDirectory(dir);
        return segment;
    }

    /** The sequence number in a segment file's name, or -1 when the name is not a segment's. */
    static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What a scan finds, record by record. */
    interface Visitor {
        void fragment(SegmentFile segment, long offset, int recordBytes, RecordCodec.FragmentFields fields,
                      MkvHeader header);
    }

    /**
     * Opens an existing segment and reports its records, cutting the file at the first record that is torn or
     * corrupt (and everything after it). With {@code verifyPayloads} every record's CRC is checked (the last segment of
     * a stream, the one a crash can have torn); otherwise fragment payloads are skipped and checked when read.
     */
    static SegmentFile recover(Path path, long sequence, long maxBodyBytes, boolean verifyPayloads, Visitor visitor)
            throws IOException {
        SegmentFile segment = new SegmentFile(sequence, path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment.channel = channel;
        long fileSize = channel.size();
        long offset = 0;
        ByteBuffer prefix = ByteBuffer.allocate(RecordCodec.PREFIX_BYTES);
        while (offset + RecordCodec.PREFIX_BYTES <= fileSize) {
            prefix.clear();
            readFully(channel, prefix, offset);
            prefix.flip();
            int magic = prefix.getInt();
            int bodyLength = prefix.getInt();
            int crc = prefix.getInt();
            long end = offset + RecordCodec.PREFIX_BYTES + (long) bodyLength;
            if (magic != RecordCodec.MAGIC || bodyLength < RecordCodec.HEADER_FIELDS || bodyLength > maxBodyBytes
                    || end > fileSize) {
                break;
            }
            if (!segment.recoverRecord(channel, offset, bodyLength, crc, verifyPayloads, visitor)) {
                break;
            }
            offset = end;
        }
        if (offset < fileSize) {
            LOG.warn("segment {}: cut a torn or corrupt tail of {} bytes at offset {}", path, fileSize - offset, offset);
            channel.truncate(offset);
            channel.force(true);
        }
        segment.size = offset;
        segment.seal();
        return segment;
    }

    private boolean recoverRecord(FileChannel channel, long offset, int bodyLength, int crc, boolean verify,
                                  Visitor visitor) throws IOException {
        ByteBuffer first = ByteBuffer.allocate(1);
        readFully(channel, first, offset + RecordCodec.PREFIX_BYTES);
        byte type = first.get(0);
        boolean whole = verify || type == RecordCodec.TYPE_HEADER;
        if (type == RecordCodec.TYPE_FRAGMENT && bodyLength < RecordCodec.FRAGMENT_FIELDS
                || type != RecordCodec.TYPE_FRAGMENT && type != RecordCodec.TYPE_HEADER) {
            return false;
        }
        ByteBuffer body = ByteBuffer.allocate(whole ? bodyLength : RecordCodec.FRAGMENT_FIELDS);
        readFully(channel, body, offset + RecordCodec.PREFIX_BYTES);
        body.flip();
        if (whole && !RecordCodec.crcMatches(body, crc)) {
            return false;
        }
        if (type == RecordCodec.TYPE_HEADER) {
            int id = body.getInt(1);
            byte[] bytes = new byte[bodyLength - RecordCodec.HEADER_FIELDS];
            body.get(RecordCodec.HEADER_FIELDS, bytes);
            try {
                rememberHeader(id, MkvHeader.parse(bytes));
            } catch (MkvException e) {
                return false;
            }
            return true;
        }
        RecordCodec.FragmentFields fields = RecordCodec.fragmentFields(body, bodyLength);
        MkvHeader header = headers.get(fields.headerId());
        if (header == null) {
            return false;
        }
        noteServerTime(fields.info().serverTimestampMillis());
        visitor.fragment(this, offset, RecordCodec.PREFIX_BYTES + bodyLength, fields, header);
        return true;
    }

    long sequence() {
        return sequence;
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    long firstServerMillis() {
        return firstServerMillis;
    }

    long lastServerMillis() {
        return lastServerMillis;
    }

    boolean isEmpty() {
        return lastServerMillis == Long.MIN_VALUE;
    }

    /** The id under which {@code header} is in this segment, or -1 when it has to be written first. */
    int headerId(MkvHeader header) {
        if (header.equals(lastHeader)) {
            return lastHeaderId;
        }
        for (Map.Entry<Integer, MkvHeader> e : headers.entrySet()) {
            if (e.getValue().equals(header)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** Appends a header record (not yet forced). */
    void appendHeader(int id, MkvHeader header) throws IOException {
        write(RecordCodec.headerRecord(id, header.bytes(), recordHead, crc), ByteBuffer.wrap(header.bytes()));
        rememberHeader(id, header);
    }

    /** Appends a fragment record (not yet forced); returns its offset. */
    long appendFragment(IncomingFragment fragment, int headerId) throws IOException {
        long offset = size;
        write(RecordCodec.fragmentRecord(fragment, headerId, recordHead, crc), ByteBuffer.wrap(fragment.payload(), 0,
                fragment.payloadLength()));
        noteServerTime(fragment.serverTimestampMillis());
        return offset;
    }

    /**
     * After a failed write: cuts the file back to {@code mark} (best effort) and closes it, so that nothing is ever
     * appended after a record that may be half written; the stream continues in a new segment.
     */
    void abandon(long mark) {
        try {
            FileChannel ch = channel;
            if (ch != null) {
                ch.truncate(mark);
                ch.force(true);
            }
        } catch (IOException e) {
            LOG.warn("segment {}: cannot cut back to {} after a failed write; start-up recovery will", path, mark, e);
        }
        size = mark;
        close();
    }

    /** Makes everything appended so far durable (fdatasync): only then is a fragment PERSISTED. */
    void force() throws IOException {
        channel.force(false);
    }

    /** The payload of the fragment record at {@code offset}, its CRC checked. */
    byte[] readPayload(long offset, int recordBytes) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(recordBytes);
        FileChannel ch = channel;
        boolean read = false;
        if (ch != null) {
            try {
                readFully(ch, record, offset);
                read = true;
            } catch (ClosedChannelException sealedMeanwhile) {
                record.clear();
            }
        }
        if (!read) {
            if (deleted) {
                throw new NoSuchFileException(path.toString());
            }
            try (FileChannel sealed = FileChannel.open(path, StandardOpenOption.READ)) {
                readFully(sealed, record, offset);
            }
        }
        record.flip();
        int magic = record.getInt();
        int bodyLength = record.getInt();
        int crc = record.getInt();
        if (magic != RecordCodec.MAGIC || bodyLength != recordBytes - RecordCodec.PREFIX_BYTES
                || !RecordCodec.crcMatches(record.slice(), crc)) {
            throw new IOException("segment " + path + ": the record at " + offset + " is corrupt");
        }
        byte[] payload = new byte[bodyLength - RecordCodec.FRAGMENT_FIELDS];
        record.get(RecordCodec.PREFIX_BYTES + RecordCodec.FRAGMENT_FIELDS, payload);
        return payload;
    }

    private void rememberHeader(int id, MkvHeader header) {
        headers.put(id, header);
        lastHeader = header;
        lastHeaderId = id;
    }

    private void noteServerTime(long millis) {
        firstServerMillis = Math.min(firstServerMillis, millis);
        lastServerMillis = Math.max(lastServerMillis, millis);
    }

    private void write(ByteBuffer head, ByteBuffer body) throws IOException {
        gather[0] = head;
        gather[1] = body;
        long total = head.remaining() + body.remaining();
        long written = 0;
        try {
            while (written < total) {
                written += channel.write(gather);
            }
        } finally {
            gather[1] = null; // the body is a pooled payload array's view: not kept past the write
        }
        size += total;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of segment at " + at);
            }
            at += n;
        }
    }

    /** No more appends: the file is closed and opened per read from now on. */
    void seal() {
        close();
    }

    @Override
    public void close() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.warn("closing segment {} failed", path, e);
            }
        }
    }

    /** Closes and removes the file, then its ordinal file. */
    void delete() throws IOException {
        deleted = true;
        close();
        Files.deleteIfExists(path);
        SegmentOrdinal.delete(path);
    }
}
