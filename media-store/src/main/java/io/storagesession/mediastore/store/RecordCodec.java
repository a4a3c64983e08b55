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

    /** The prefix and fixed fields of a header record; the header bytes follow. */
    static ByteBuffer headerRecord(int headerId, byte[] header) {
        ByteBuffer fields = ByteBuffer.allocate(HEADER_FIELDS);
        fields.put(TYPE_HEADER).putInt(headerId).flip();
        return withPrefix(fields, ByteBuffer.wrap(header));
    }

    /** The prefix and fixed fields of a fragment record; the payload follows. */
    static ByteBuffer fragmentRecord(IncomingFragment f, int headerId) {
        ByteBuffer fields = ByteBuffer.allocate(FRAGMENT_FIELDS);
        fields.put(TYPE_FRAGMENT).putLong(f.number()).putLong(f.producerTimestampMillis())
                .putLong(f.serverTimestampMillis()).putLong(f.durationMillis()).putLong(f.clusterTimecode())
                .putInt(headerId).flip();
        return withPrefix(fields, ByteBuffer.wrap(f.payload(), 0, f.payloadLength()));
    }

    private static ByteBuffer withPrefix(ByteBuffer fields, ByteBuffer data) {
        CRC32 crc = new CRC32();
        crc.update(fields.duplicate());
        crc.update(data.duplicate());
        ByteBuffer out = ByteBuffer.allocate(PREFIX_BYTES + fields.remaining());
        out.putInt(MAGIC).putInt(fields.remaining() + data.remaining()).putInt((int) crc.getValue()).put(fields).flip();
        return out;
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
