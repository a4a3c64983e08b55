package io.storagesession.mediastore.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The layout of a segment file: a sequence of records, each
 * {@code magic (4) | body length (4) | CRC-32 of the body (4) | body}, big-endian. A body is either a stream header
 * ({@code type 1 | header id (4) | header bytes}) or a fragment ({@code type 2 | number (8) | producer ms (8) |
 * server ms (8) | duration ms (8) | cluster timecode (8) | header id (4) | payload}).
 *
 * <p>Why: a record is valid only when its magic, its length (inside the file and the configured bound) and its CRC
 * all agree, so a tail torn by a crash (a short write, zeros from a grown file, garbage) is recognised and cut at
 * start-up, and a record is either wholly there or not at all.
 */
final class RecordCodec {
    static final int MAGIC = 0x4B56534D;
    static final int PREFIX_BYTES = 3 * Integer.BYTES;
    static final byte TYPE_HEADER = 1;
    static final byte TYPE_FRAGMENT = 2;
    static final int HEADER_FIELDS = Byte.BYTES + Integer.BYTES;
    static final int FRAGMENT_FIELDS = Byte.BYTES + 5 * Long.BYTES + Integer.BYTES;

    private RecordCodec() {
    }

    /** Room a record's prefix and fixed fields need: what {@link SegmentFile} keeps to write them in. */
    static final int MAX_HEAD_BYTES = PREFIX_BYTES + Math.max(HEADER_FIELDS, FRAGMENT_FIELDS);

    /**
     * The prefix and fixed fields of a header record, written into {@code head} (ready to read); the header bytes
     * follow. {@code head} and {@code crc} are the segment's own, reused record after record.
     */
    static ByteBuffer headerRecord(int headerId, byte[] header, ByteBuffer head, CRC32 crc) {
        head.clear().position(PREFIX_BYTES);
        head.put(TYPE_HEADER).putInt(headerId);
        return withPrefix(head, header, header.length, crc);
    }

    /** The prefix and fixed fields of a fragment record, written into {@code head}; the payload follows. */
    static ByteBuffer fragmentRecord(IncomingFragment f, int headerId, ByteBuffer head, CRC32 crc) {
        head.clear().position(PREFIX_BYTES);
        head.put(TYPE_FRAGMENT).putLong(f.number()).putLong(f.producerTimestampMillis())
                .putLong(f.serverTimestampMillis()).putLong(f.durationMillis()).putLong(f.clusterTimecode())
                .putInt(headerId);
        return withPrefix(head, f.payload(), f.payloadLength(), crc);
    }

    /** Fills in the prefix before the fixed fields at {@code head[PREFIX_BYTES, position)}: magic, length, CRC. */
    private static ByteBuffer withPrefix(ByteBuffer head, byte[] data, int dataLength, CRC32 crc) {
        int fields = head.position() - PREFIX_BYTES;
        crc.reset();
        crc.update(head.array(), head.arrayOffset() + PREFIX_BYTES, fields);
        crc.update(data, 0, dataLength);
        head.putInt(0, MAGIC).putInt(Integer.BYTES, fields + dataLength).putInt(2 * Integer.BYTES, (int) crc.getValue());
        return head.flip();
    }

    /** Whether {@code body} matches the CRC-32 of its prefix. */
    static boolean crcMatches(ByteBuffer body, int expected) {
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        return (int) crc.getValue() == expected;
    }

    /** A decoded fragment record body's fixed fields. */
    record FragmentFields(FragmentInfo info, int headerId) {
    }

    static FragmentFields fragmentFields(ByteBuffer body, int bodyLength) {
        ByteBuffer b = body.duplicate();
        b.get();
        long number = b.getLong();
        long producer = b.getLong();
        long server = b.getLong();
        long duration = b.getLong();
        long clusterTimecode = b.getLong();
        int headerId = b.getInt();
        return new FragmentFields(new FragmentInfo(number, producer, server, duration, bodyLength - FRAGMENT_FIELDS,
                clusterTimecode), headerId);
    }
}
