package io.storagesession.mediastore.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A stream header as the store keeps it (KVS-WIRE.md §5): the producer's EBML header, a Segment start of unknown
 * size, Info and Tracks, byte for byte as sent (other level-1 elements such as SeekHead are left out), with the
 * TimecodeScale and tracks read from them. Every fragment refers to the header it was sent under; GetMedia repeats
 * it before each fragment.
 *
 * <p>Immutable; equal when the bytes are equal, which is how the store finds a header it already has.
 */
public final class MkvHeader {
    /** RFC 9559 §5.1.2.1: TimestampScale defaults to 1,000,000 ns (millisecond timecodes, as KVS requires). */
    public static final long DEFAULT_TIMECODE_SCALE = 1_000_000L;
    /** Segment ID and the 8-octet unknown size (RFC 8794 §6.2) that follows the EBML header. */
    private static final byte[] SEGMENT_START = {0x18, 0x53, (byte) 0x80, 0x67,
        0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    private static final List<String> DOC_TYPES = List.of("matroska", "webm");

    private final byte[] bytes;
    private final long timecodeScale;
    private final List<TrackInfo> tracks;

    private MkvHeader(byte[] bytes, long timecodeScale, List<TrackInfo> tracks) {
        this.bytes = bytes;
        this.timecodeScale = timecodeScale;
        this.tracks = List.copyOf(tracks);
    }

    /** Builds the header from the whole elements the parser handed over; Info may be null (defaults apply). */
    public static MkvHeader of(byte[] ebml, byte[] info, byte[] tracksElement) throws MkvException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ebml.length + SEGMENT_START.length
                + (info == null ? 0 : info.length) + tracksElement.length);
        out.writeBytes(ebml);
        out.writeBytes(SEGMENT_START);
        if (info != null) {
            out.writeBytes(info);
        }
        out.writeBytes(tracksElement);
        return parse(out.toByteArray());
    }

    /** Reads a header written by {@link #of} (as the store reads it back from disk). */
    public static MkvHeader parse(byte[] bytes) throws MkvException {
        EbmlCursor top = new EbmlCursor(bytes, 0, bytes.length);
        if (!top.next() || top.id() != MatroskaIds.EBML) {
            throw MkvException.invalid("a stream header must begin with the EBML header");
        }
        checkDocType(top.children());
        int segment = top.dataStart() + top.dataSize();
        if (bytes.length < segment + SEGMENT_START.length
                || !Arrays.equals(bytes, segment, segment + SEGMENT_START.length, SEGMENT_START, 0,
                        SEGMENT_START.length)) {
            throw MkvException.invalid("the EBML header must be followed by a Segment of unknown size");
        }
        long scale = DEFAULT_TIMECODE_SCALE;
        List<TrackInfo> tracks = null;
        EbmlCursor children = new EbmlCursor(bytes, segment + SEGMENT_START.length, bytes.length);
        while (children.next()) {
            if (children.id() == MatroskaIds.INFO) {
                EbmlCursor info = children.children();
                while (info.next()) {
                    if (info.id() == MatroskaIds.TIMECODE_SCALE) {
                        scale = info.unsigned();
                    }
                }
            } else if (children.id() == MatroskaIds.TRACKS) {
                tracks = TrackInfo.parseTracks(bytes, children.dataStart(), children.dataStart() + children.dataSize());
            }
        }
        if (scale <= 0) {
            throw MkvException.invalid("TimecodeScale must be positive");
        }
        if (tracks == null || tracks.isEmpty()) {
            throw MkvException.invalid("the stream header declares no track");
        }
        return new MkvHeader(bytes, scale, tracks);
    }

    private static void checkDocType(EbmlCursor ebml) throws MkvException {
        while (ebml.next()) {
            if (ebml.id() == MatroskaIds.DOC_TYPE) {
                String docType = ebml.string().toLowerCase(Locale.ROOT);
                if (!DOC_TYPES.contains(docType)) {
                    throw MkvException.invalid("DocType " + docType + " is not matroska");
                }
                return;
            }
        }
    }

    /** The header's bytes: EBML header, Segment start (unknown size), Info, Tracks. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Length of {@link #bytes()}, without copying. */
    public int length() {
        return bytes.length;
    }

    /** Writes the bytes to {@code out} without copying them first. */
    public void writeTo(ByteArrayOutputStream out) {
        out.writeBytes(bytes);
    }

    /** Nanoseconds per timecode unit (RFC 9559 §5.1.2.1). */
    public long timecodeScale() {
        return timecodeScale;
    }

    public List<TrackInfo> tracks() {
        return tracks;
    }

    /** Milliseconds of {@code timecode} units, or throws when they do not fit (a hostile TimecodeScale). */
    public long millis(long timecode) throws MkvException {
        try {
            return Math.multiplyExact(timecode, timecodeScale) / DEFAULT_TIMECODE_SCALE;
        } catch (ArithmeticException e) {
            throw new MkvException(ErrorIds.INVALID_PRODUCER_TIMESTAMP, "timecode " + timecode + " at scale "
                    + timecodeScale + " ns does not fit");
        }
    }

    /** Whether a track numbered {@code trackNumber} is declared; asked for every block, so without an iterator. */
    public boolean declares(long trackNumber) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).number() == trackNumber) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MkvHeader other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
