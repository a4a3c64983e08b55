package io.storagesession.mediastore.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * An incremental EBML/Matroska reader for PutMedia bodies (KVS-WIRE.md §5): bytes are fed as they arrive, in chunks
 * cut anywhere, and element events come out as soon as each element is complete.
 *
 * <p>Only two masters are entered: Segment and Cluster, both possibly of unknown size (RFC 8794 §6.2). An unknown-size
 * Cluster ends where an element that cannot be its child begins (the next Cluster, Tags, Cues, an EBML header...), an
 * unknown-size Segment where a new EBML header or Segment begins — a new stream header mid-stream, as producers send
 * after a resolution change. Every element the store needs (EBML header, Info, Tracks, Tags, Timecode, SimpleBlock,
 * BlockGroup) is handed over whole; everything else (Void, SeekHead, Cues, Chapters, CRC-32...) is skipped without
 * being kept.
 *
 * <p>Memory is bounded whatever the input claims: an element is kept only up to its configured limit and skipped only
 * up to another, sizes that overrun their parent are refused, and the only state besides the element being read is a
 * stack of at most three masters. Kept elements are read into one array, lent to the handler for the call and reused:
 * it starts small, grows (doubling) only as bytes really arrive, and is kept at its size unless it grew past the
 * retained bound for one unusual element, so a steady stream allocates nothing per element. Element sizes are never trusted further than that: a refusal is a
 * {@link MkvException} with ErrorId 4006 (or 4001 for a block larger than a fragment may be). Once it has thrown, the
 * parser refuses further input. Confined to one thread.
 */
public final class MkvStreamParser {
    /** Receives the elements in stream order. */
    public interface Handler {
        /** A Segment or Cluster began. */
        void start(int id) throws MkvException;

        /**
         * A whole element: {@code element[0, length)} holds its ID, size and data; the data begins at
         * {@code headerLength}. The array is lent for the call only: the parser reads the next element into it.
         */
        void element(int id, byte[] element, int length, int headerLength) throws MkvException;

        /** A Segment or Cluster ended (its size was reached, another element ended it, or the input ended). */
        void end(int id) throws MkvException;
    }

    /** How large elements may be: kept header elements, kept blocks, and skipped elements. */
    public record Limits(int maxHeaderElementBytes, long maxBlockBytes, long maxSkippedBytes) {
    }

    /**
     * The kept-element array: its first size, and the size above which it is let go after the element that grew it
     * (back to the first size).
     */
    public record Buffer(int initialBytes, int maxRetainedBytes) {
        public Buffer {
            if (initialBytes < MAX_HEAD || maxRetainedBytes < initialBytes) {
                throw new IllegalArgumentException("element buffer: " + MAX_HEAD
                        + " <= initial size <= max retained size required");
            }
        }
    }

    private static final long UNKNOWN = -1;
    private static final int MAX_HEAD = EbmlCursor.MAX_ID_LENGTH + EbmlCursor.MAX_SIZE_LENGTH;
    private static final int OCTET = 0xFF;

    private enum State { HEAD, KEEP, SKIP }

    /** An open master: its ID and the stream position where it ends, or UNKNOWN. */
    private record Open(int id, long end) {
    }

    private final Handler handler;
    private final Limits limits;
    private final Buffer buffer;
    private final Deque<Open> open = new ArrayDeque<>();
    private final byte[] head = new byte[MAX_HEAD];
    private int headLength;
    private State state = State.HEAD;
    private byte[] kept;
    private int keptLength;
    private int keptTotal;
    private int keptId;
    private int keptHeaderLength;
    private long skipRemaining;
    private long position;
    private boolean failed;

    public MkvStreamParser(Handler handler, Limits limits, Buffer buffer) {
        this.handler = handler;
        this.limits = limits;
        this.buffer = buffer;
        this.kept = new byte[buffer.initialBytes()];
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    /** Parses {@code length} bytes of {@code bytes} from {@code offset}. */
    public void feed(byte[] bytes, int offset, int length) throws MkvException {
        if (failed) {
            throw MkvException.invalid("the parser already refused this stream");
        }
        try {
            int end = offset + length;
            int at = offset;
            while (at < end) {
                switch (state) {
                    case HEAD -> {
                        head[headLength++] = bytes[at++];
                        position++;
                        if (headComplete()) {
                            onHead();
                        }
                    }
                    case KEEP -> {
                        int n = Math.min(end - at, keptTotal - keptLength);
                        if (keptLength + n > kept.length) {
                            // Grows only as the bytes really arrive, so a forged size costs nothing until it is sent.
                            kept = Arrays.copyOf(kept, (int) Math.min(keptTotal,
                                    Math.max((long) kept.length * 2, keptLength + n)));
                        }
                        System.arraycopy(bytes, at, kept, keptLength, n);
                        keptLength += n;
                        at += n;
                        position += n;
                        if (keptLength == keptTotal) {
                            state = State.HEAD;
                            kept();
                        }
                    }
                    case SKIP -> {
                        int n = (int) Math.min(end - at, skipRemaining);
                        skipRemaining -= n;
                        at += n;
                        position += n;
                        if (skipRemaining == 0) {
                            state = State.HEAD;
                            closeFinished();
                        }
                    }
                    default -> throw new IllegalStateException(state.toString());
                }
            }
        } catch (MkvException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** The input ended: closes unknown-size masters; an element or sized master cut short is invalid MKV. */
    public void finish() throws MkvException {
        if (failed) {
            throw MkvException.invalid("the parser already refused this stream");
        }
        failed = true;
        if (state != State.HEAD || headLength > 0) {
            throw MkvException.invalid("the stream ended inside an element at offset " + position);
        }
        while (!open.isEmpty()) {
            Open top = open.pop();
            if (top.end != UNKNOWN) {
                throw MkvException.invalid("the stream ended inside element 0x" + Integer.toHexString(top.id));
            }
            handler.end(top.id);
        }
    }

    private boolean headComplete() throws MkvException {
        int idLength = EbmlCursor.idLength(head[0] & OCTET);
        if (idLength < 0) {
            throw MkvException.invalid("malformed element ID 0x" + Integer.toHexString(head[0] & OCTET)
                    + " at offset " + (position - headLength));
        }
        if (headLength <= idLength) {
            return false;
        }
        int sizeLength = EbmlCursor.vintLength(head[idLength] & OCTET);
        if (sizeLength < 0) {
            throw MkvException.invalid("malformed element size at offset " + (position - headLength + idLength));
        }
        return headLength == idLength + sizeLength;
    }

    private void onHead() throws MkvException {
        int idLength = EbmlCursor.idLength(head[0] & OCTET);
        int id = (int) EbmlCursor.readBigEndian(head, 0, idLength);
        int sizeLength = headLength - idLength;
        long size = EbmlCursor.vintValue(head, idLength, sizeLength);
        boolean unknown = size == EbmlCursor.unknownSize(sizeLength);
        int headerLength = headLength;
        headLength = 0;
        closeEndedBy(id);
        long start = position - headerLength;
        if (!unknown && !open.isEmpty() && open.peek().end != UNKNOWN && position + size > open.peek().end) {
            throw MkvException.invalid("element 0x" + Integer.toHexString(id) + " at offset " + start
                    + " overruns its parent 0x" + Integer.toHexString(open.peek().id));
        }
        int parent = open.isEmpty() ? 0 : open.peek().id;
        if (id == MatroskaIds.SEGMENT && parent == 0 || id == MatroskaIds.CLUSTER && parent == MatroskaIds.SEGMENT) {
            open.push(new Open(id, unknown ? UNKNOWN : position + size));
            handler.start(id);
            closeFinished();
            return;
        }
        if (unknown) {
            throw MkvException.invalid("element 0x" + Integer.toHexString(id) + " at offset " + start
                    + " has an unknown size; only Segment and Cluster may");
        }
        if (keeps(parent, id)) {
            keep(id, size, headerLength);
        } else if (parent == 0 && id != MatroskaIds.VOID && id != MatroskaIds.CRC32) {
            throw MkvException.invalid("element 0x" + Integer.toHexString(id) + " at offset " + start
                    + " outside any Segment");
        } else {
            skip(id, size);
        }
    }

    /** Pops unknown-size masters that element {@code id} cannot belong to. */
    private void closeEndedBy(int id) throws MkvException {
        while (!open.isEmpty() && open.peek().end == UNKNOWN) {
            int parent = open.peek().id;
            boolean ends = parent == MatroskaIds.CLUSTER ? MatroskaIds.isSegmentChild(id) || MatroskaIds.isTopLevel(id)
                    : MatroskaIds.isTopLevel(id);
            if (!ends) {
                return;
            }
            open.pop();
            handler.end(parent);
        }
    }

    /** Pops sized masters whose last byte has been read. */
    private void closeFinished() throws MkvException {
        while (!open.isEmpty() && open.peek().end != UNKNOWN && position >= open.peek().end) {
            handler.end(open.pop().id);
        }
    }

    private static boolean keeps(int parent, int id) {
        if (parent == 0) {
            return id == MatroskaIds.EBML;
        }
        if (parent == MatroskaIds.SEGMENT) {
            return id == MatroskaIds.INFO || id == MatroskaIds.TRACKS || id == MatroskaIds.TAGS;
        }
        return id == MatroskaIds.TIMECODE || id == MatroskaIds.SIMPLE_BLOCK || id == MatroskaIds.BLOCK_GROUP;
    }

    private void keep(int id, long size, int headerLength) throws MkvException {
        boolean block = id == MatroskaIds.SIMPLE_BLOCK || id == MatroskaIds.BLOCK_GROUP;
        long limit = block ? limits.maxBlockBytes() : limits.maxHeaderElementBytes();
        if (size > limit) {
            throw new MkvException(block ? ErrorIds.FRAGMENT_TOO_LARGE : ErrorIds.INVALID_MKV, "element 0x"
                    + Integer.toHexString(id) + " of " + size + " bytes is larger than the " + limit + " accepted");
        }
        keptTotal = headerLength + (int) size;
        System.arraycopy(head, 0, kept, 0, headerLength);
        keptLength = headerLength;
        keptId = id;
        keptHeaderLength = headerLength;
        if (keptLength == keptTotal) {
            kept();
        } else {
            state = State.KEEP;
        }
    }

    /** Lends the complete element to the handler, then lets an unusually grown array go. */
    private void kept() throws MkvException {
        handler.element(keptId, kept, keptLength, keptHeaderLength);
        if (kept.length > buffer.maxRetainedBytes()) {
            kept = new byte[buffer.initialBytes()];
        }
        closeFinished();
    }

    private void skip(int id, long size) throws MkvException {
        if (size > limits.maxSkippedBytes()) {
            throw MkvException.invalid("element 0x" + Integer.toHexString(id) + " of " + size
                    + " bytes is larger than the " + limits.maxSkippedBytes() + " skipped");
        }
        skipRemaining = size;
        if (size == 0) {
            closeFinished();
        } else {
            state = State.SKIP;
        }
    }
}
