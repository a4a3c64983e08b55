package io.storagesession.mediastore.ingest;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.mkv.EbmlCursor;
import io.storagesession.mediastore.mkv.EbmlWriter;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvBlock;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvHeader;
import io.storagesession.mediastore.mkv.MkvStreamParser;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns the parser's elements into KVS fragments and applies PutMedia's rules to them (KVS-WIRE.md §4, §5): one
 * fragment per Cluster, with the Segment-level Tags just before it; a new EBML header and Segment start a new stream
 * header at any time. Each broken rule ends the upload with its ErrorId: 4001 fragment too large, 4002 too long,
 * 4004 timecode backwards, 4006 invalid MKV, 4007 invalid producer timestamp, 4009 tags over the limit, 4010 a block
 * of an undeclared track, 4011 a declared track without a frame, 4012 too many tracks.
 *
 * <p>A completed fragment's payload is the producer's Tags followed by the Cluster re-written with a known size and
 * only its Timecode and blocks (Void, CRC-32 and the like are dropped), so every reader of the store can find the
 * Cluster's end without the element that followed it. It is assembled in place, in an array of the
 * {@link FragmentPayloads}: Tags, room for the Cluster's head (filled in at its end, once its size is known), blocks;
 * the listener gets the array with the fragment and gives it back once written, and the next fragment takes another.
 * So nothing is copied twice and nothing is allocated per block. A laced block (RFC 9559 §10.3) is stored split, one
 * SimpleBlock per frame ({@link LaceSplitter}), and its limits are checked on what is stored. Confined to the upload's
 * event loop.
 */
final class PutMediaFragments implements MkvStreamParser.Handler {
    /** What the upload is told as fragments arrive. */
    interface Listener {
        /** A Cluster's Timecode was read: the fragment is BUFFERING. */
        void fragmentStarted(long clusterTimecode, long producerTimestampMillis) throws MkvException;

        /** The fragment is complete and valid: RECEIVED. */
        void fragmentComplete(AssembledFragment fragment) throws MkvException;
    }

    /**
     * A complete fragment, before it has a number; its bytes are {@code payload[0, length)}, an array of the
     * {@link FragmentPayloads} that is the listener's from now on (to give back once written).
     */
    record AssembledFragment(MkvHeader header, long clusterTimecode, long producerTimestampMillis, long durationMillis,
                             byte[] payload, int length) {
    }

    /** Octets of the rewritten Cluster's size field: 8 holds any size (RFC 8794 §4.4). */
    private static final int CLUSTER_SIZE_OCTETS = 8;
    private static final String RESERVED_TAG_PREFIX = "AWS";
    /** The rewritten Timecode element: 1-octet ID, 1-octet size, 8-octet value. */
    private static final int TIMECODE_ELEMENT_BYTES = 2 + Long.BYTES;
    /** The rewritten Cluster's head: 4-octet ID, size, Timecode element. */
    private static final int CLUSTER_HEAD_BYTES = Integer.BYTES + CLUSTER_SIZE_OCTETS + TIMECODE_ELEMENT_BYTES;

    private final MediaStoreSettings.Limits limits;
    private final ProducerClock clock;
    private final Listener listener;
    private final FragmentPayloads payloads;
    private byte[] ebml;
    private byte[] info;
    private MkvHeader header;
    /** The fragment being assembled: Tags, then (in a Cluster) the head's room at {@link #headAt} and the blocks. */
    /** What {@link #fragment} holds between fragments: nothing of the pool's. */
    private static final byte[] NO_ARRAY = new byte[0];
    private final Bytes fragment = new Bytes();
    /** The rewritten Cluster head, reused. */
    private final Bytes head = new Bytes();
    private int headAt;
    private int tagCount;
    private boolean inCluster;
    private boolean haveTimecode;
    /** The open Cluster's Timecode was read (even if then refused): an ERROR can name the fragment. */
    private boolean timecodeRead;
    private long clusterTimecode;
    private long producerMillis;
    private long maxRelative;
    /** The tracks of the open Cluster that had a frame: at most max-tracks (a block of any other is refused). */
    private final long[] tracksWithFrames;
    private int tracksWithFrameCount;
    private final MkvBlock.Reader block = new MkvBlock.Reader();
    private final LaceSplitter laces;
    private long lastProducerMillis = Long.MIN_VALUE;

    PutMediaFragments(MediaStoreSettings.Limits limits, ProducerClock clock, Listener listener,
                      FragmentPayloads payloads) {
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
        this.payloads = payloads;
        this.tracksWithFrames = new long[limits.maxTracks()];
        this.laces = new LaceSplitter(limits.maxTracks());
        fragment.adopt(NO_ARRAY);
    }

    /**
     * Takes an array from the pool when a fragment's first bytes come, not when the last fragment ended: an upload
     * between fragments (a recorder hands over a whole fragment every few seconds) then holds none, and a few pooled
     * arrays serve every upload of the store instead of one fragment-sized array each.
     */
    private void hold() {
        if (fragment.array() == NO_ARRAY) {
            fragment.adopt(payloads.take());
        }
    }

    /** The Timecode of the Cluster being read, when known: the fragment an ERROR is about. */
    OptionalLong openClusterTimecode() {
        return inCluster && timecodeRead && clusterTimecode >= 0 ? OptionalLong.of(clusterTimecode)
                : OptionalLong.empty();
    }

    @Override
    public void start(int id) throws MkvException {
        if (id == MatroskaIds.SEGMENT) {
            if (ebml == null) {
                throw MkvException.invalid("a Segment without an EBML header before it");
            }
            return;
        }
        if (header == null) {
            throw MkvException.invalid("a Cluster before the stream header's Tracks");
        }
        inCluster = true;
        haveTimecode = false;
        timecodeRead = false;
        maxRelative = 0;
        hold();
        headAt = fragment.size();
        fragment.skip(CLUSTER_HEAD_BYTES);
        tracksWithFrameCount = 0;
    }

    @Override
    public void element(int id, byte[] element, int length, int headerLength) throws MkvException {
        switch (id) {
            case MatroskaIds.EBML -> {
                ebml = Arrays.copyOf(element, length);
                info = null;
                header = null;
            }
            case MatroskaIds.INFO -> info = Arrays.copyOf(element, length);
            case MatroskaIds.TRACKS -> tracks(Arrays.copyOf(element, length));
            case MatroskaIds.TAGS -> tags(element, length, headerLength);
            case MatroskaIds.TIMECODE -> timecode(element, length);
            default -> block(id, element, length, headerLength);
        }
    }

    @Override
    public void end(int id) throws MkvException {
        if (id != MatroskaIds.CLUSTER) {
            return;
        }
        inCluster = false;
        if (!haveTimecode) {
            throw MkvException.invalid("a Cluster without a Timecode");
        }
        for (var track : header.tracks()) {
            if (!hadFrame(track.number())) {
                throw new MkvException(ErrorIds.TRACK_WITHOUT_FRAME, "track " + track.number()
                        + " has no frame in the fragment at timecode " + clusterTimecode);
            }
        }
        int blockBytes = fragment.size() - headAt - CLUSTER_HEAD_BYTES;
        head.reset();
        EbmlWriter.id(head, MatroskaIds.CLUSTER);
        EbmlWriter.size(head, (long) TIMECODE_ELEMENT_BYTES + blockBytes, CLUSTER_SIZE_OCTETS);
        EbmlWriter.id(head, MatroskaIds.TIMECODE);
        EbmlWriter.size(head, Long.BYTES);
        for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            head.write((int) (clusterTimecode >>> shift));
        }
        fragment.overwrite(headAt, head);
        long duration = header.millis(clusterTimecode + maxRelative) - header.millis(clusterTimecode);
        listener.fragmentComplete(new AssembledFragment(header, clusterTimecode, producerMillis, duration,
                fragment.array(), fragment.size()));
        fragment.adopt(NO_ARRAY);
        tagCount = 0;
    }

    private void tracks(byte[] element) throws MkvException {
        if (ebml == null) {
            throw MkvException.invalid("Tracks without an EBML header");
        }
        MkvHeader parsed = MkvHeader.of(ebml, info, element);
        if (parsed.tracks().size() > limits.maxTracks()) {
            throw new MkvException(ErrorIds.TOO_MANY_TRACKS, parsed.tracks().size() + " tracks; at most "
                    + limits.maxTracks());
        }
        Set<Long> numbers = new HashSet<>();
        for (var t : parsed.tracks()) {
            if (!numbers.add(t.number())) {
                throw MkvException.invalid("track number " + t.number() + " is declared twice");
            }
        }
        header = parsed;
        laces.header(parsed);
    }

    private void tags(byte[] element, int length, int headerLength) throws MkvException {
        EbmlCursor tagList = new EbmlCursor(element, headerLength, length);
        while (tagList.next()) {
            if (tagList.id() == MatroskaIds.TAG) {
                countSimpleTags(tagList.children());
            }
        }
        if ((long) fragment.size() + length > limits.maxHeaderElementBytes()) {
            throw new MkvException(ErrorIds.METADATA_LIMIT, "more than " + limits.maxHeaderElementBytes()
                    + " bytes of Tags before one fragment");
        }
        hold();
        if (tagCount > limits.maxTagsPerFragment()) {
            throw new MkvException(ErrorIds.METADATA_LIMIT, tagCount + " tags before one fragment; at most "
                    + limits.maxTagsPerFragment());
        }
        fragment.write(element, 0, length);
    }

    private void countSimpleTags(EbmlCursor tag) throws MkvException {
        while (tag.next()) {
            if (tag.id() != MatroskaIds.SIMPLE_TAG) {
                continue;
            }
            tagCount++;
            EbmlCursor simple = tag.children();
            while (simple.next()) {
                if (simple.id() == MatroskaIds.TAG_NAME
                        && simple.string().toUpperCase(Locale.ROOT).startsWith(RESERVED_TAG_PREFIX)) {
                    throw new MkvException(ErrorIds.METADATA_LIMIT, "tag names starting with " + RESERVED_TAG_PREFIX
                            + " are reserved for the service: " + simple.string());
                }
            }
        }
    }

    private void timecode(byte[] element, int length) throws MkvException {
        if (!inCluster || haveTimecode) {
            throw MkvException.invalid("a Timecode outside a Cluster or twice in one");
        }
        EbmlCursor c = new EbmlCursor(element, 0, length);
        c.next();
        clusterTimecode = c.unsigned();
        timecodeRead = true;
        if (clusterTimecode < 0) {
            throw new MkvException(ErrorIds.INVALID_PRODUCER_TIMESTAMP, "Cluster Timecode beyond 2^63");
        }
        producerMillis = clock.producerMillis(header.millis(clusterTimecode));
        if (producerMillis < lastProducerMillis) {
            throw new MkvException(ErrorIds.TIMECODE_BACKWARDS, "fragment at " + producerMillis
                    + " ms after one at " + lastProducerMillis + " ms");
        }
        lastProducerMillis = producerMillis;
        haveTimecode = true;
        listener.fragmentStarted(clusterTimecode, producerMillis);
    }

    private void block(int id, byte[] element, int length, int headerLength) throws MkvException {
        if (!haveTimecode) {
            throw MkvException.invalid("a block before its Cluster's Timecode");
        }
        block.read(id, element, headerLength, length);
        if (!header.declares(block.track())) {
            throw new MkvException(ErrorIds.TRACK_NOT_IN_TRACKS, "a block of track " + block.track()
                    + ", which the stream header does not declare");
        }
        boolean laced = block.laced();
        long stored = laced ? LaceSplitter.splitBytes(block) : length;
        if ((long) fragment.size() - CLUSTER_HEAD_BYTES + stored > limits.maxFragmentBytes()) {
            throw new MkvException(ErrorIds.FRAGMENT_TOO_LARGE, "the fragment at timecode " + clusterTimecode
                    + " grew past " + limits.maxFragmentBytes() + " bytes");
        }
        int lastRelative = laced ? laces.relativeTimecode(block, block.frameCount() - 1) : block.relativeTimecode();
        maxRelative = Math.max(maxRelative, lastRelative);
        long duration = header.millis(clusterTimecode + maxRelative) - header.millis(clusterTimecode);
        if (duration > limits.maxFragmentDuration().toMillis()) {
            throw new MkvException(ErrorIds.FRAGMENT_TOO_LONG, "the fragment at timecode " + clusterTimecode
                    + " spans " + duration + " ms; at most " + limits.maxFragmentDuration().toMillis());
        }
        if (!hadFrame(block.track())) {
            tracksWithFrames[tracksWithFrameCount++] = block.track();
        }
        if (laced) {
            laces.write(block, element, fragment);
        } else {
            fragment.write(element, 0, length);
        }
    }

    private boolean hadFrame(long track) {
        for (int i = 0; i < tracksWithFrameCount; i++) {
            if (tracksWithFrames[i] == track) {
                return true;
            }
        }
        return false;
    }

    /** A growable buffer whose array is handed over as it is. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(CLUSTER_HEAD_BYTES);
        }

        /** Continues in {@code array}, empty. */
        void adopt(byte[] array) {
            buf = array;
            count = 0;
        }

        byte[] array() {
            return buf;
        }

        /** Appends {@code n} bytes to be overwritten later. */
        void skip(int n) {
            if (count + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
            }
            count += n;
        }

        /** Puts {@code from}'s bytes at {@code at}, within what was written. */
        void overwrite(int at, Bytes from) {
            System.arraycopy(from.buf, 0, buf, at, from.count);
        }
    }
}
