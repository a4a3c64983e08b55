package io.storagesession.mediastore.ingest;

import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.mkv.EbmlCursor;
import io.storagesession.mediastore.mkv.EbmlWriter;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvBlock;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvHeader;
import io.storagesession.mediastore.mkv.MkvIds;
import io.storagesession.mediastore.mkv.MkvStreamParser;
import java.io.ByteArrayOutputStream;
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
 * Cluster's end without the element that followed it. Confined to the upload's event loop.
 */
final class FragmentAssembler implements MkvStreamParser.Handler {
    /** What the upload is told as fragments arrive. */
    interface Listener {
        /** A Cluster's Timecode was read: the fragment is BUFFERING. */
        void fragmentStarted(long clusterTimecode, long producerTimestampMillis) throws MkvException;

        /** The fragment is complete and valid: RECEIVED. */
        void fragmentComplete(AssembledFragment fragment) throws MkvException;
    }

    /** A complete fragment, before it has a number. */
    record AssembledFragment(MkvHeader header, long clusterTimecode, long producerTimestampMillis, long durationMillis,
                             byte[] payload) {
    }

    /** Octets of the rewritten Cluster's size field: 8 holds any size (RFC 8794 §4.4). */
    private static final int CLUSTER_SIZE_OCTETS = 8;
    private static final String RESERVED_TAG_PREFIX = "AWS";
    /** The rewritten Timecode element: 1-octet ID, 1-octet size, 8-octet value. */
    private static final int TIMECODE_ELEMENT_BYTES = 2 + Long.BYTES;
    /**
     * The block buffer is reused from fragment to fragment up to this capacity; after a larger fragment it is let go,
     * so an idle upload does not hold on to the memory of its largest fragment.
     */
    private static final int RETAINED_BUFFER_BYTES = 4 * 1024 * 1024;

    private final MediaStoreSettings.Limits limits;
    private final ProducerClock clock;
    private final Listener listener;
    private byte[] ebml;
    private byte[] info;
    private MkvHeader header;
    private final Bytes tags = new Bytes();
    private int tagCount;
    private boolean inCluster;
    private boolean haveTimecode;
    /** The open Cluster's Timecode was read (even if then refused): an ERROR can name the fragment. */
    private boolean timecodeRead;
    private long clusterTimecode;
    private long producerMillis;
    private long maxRelative;
    private final Bytes blocks = new Bytes();
    private final Set<Long> tracksWithFrames = new HashSet<>();
    private long lastProducerMillis = Long.MIN_VALUE;

    FragmentAssembler(MediaStoreSettings.Limits limits, ProducerClock clock, Listener listener) {
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
    }

    /** The Timecode of the Cluster being read, when known: the fragment an ERROR is about. */
    OptionalLong openClusterTimecode() {
        return inCluster && timecodeRead && clusterTimecode >= 0 ? OptionalLong.of(clusterTimecode)
                : OptionalLong.empty();
    }

    @Override
    public void start(int id) throws MkvException {
        if (id == MkvIds.SEGMENT) {
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
        blocks.reset();
        tracksWithFrames.clear();
    }

    @Override
    public void element(int id, byte[] element, int headerLength) throws MkvException {
        switch (id) {
            case MkvIds.EBML -> {
                ebml = element;
                info = null;
                header = null;
            }
            case MkvIds.INFO -> info = element;
            case MkvIds.TRACKS -> tracks(element);
            case MkvIds.TAGS -> tags(element, headerLength);
            case MkvIds.TIMECODE -> timecode(element, headerLength);
            default -> block(id, element, headerLength);
        }
    }

    @Override
    public void end(int id) throws MkvException {
        if (id != MkvIds.CLUSTER) {
            return;
        }
        inCluster = false;
        if (!haveTimecode) {
            throw MkvException.invalid("a Cluster without a Timecode");
        }
        for (var track : header.tracks()) {
            if (!tracksWithFrames.contains(track.number())) {
                throw new MkvException(ErrorIds.TRACK_WITHOUT_FRAME, "track " + track.number()
                        + " has no frame in the fragment at timecode " + clusterTimecode);
            }
        }
        ByteArrayOutputStream clusterHead = new ByteArrayOutputStream();
        EbmlWriter.id(clusterHead, MkvIds.CLUSTER);
        EbmlWriter.size(clusterHead, (long) TIMECODE_ELEMENT_BYTES + blocks.size(), CLUSTER_SIZE_OCTETS);
        EbmlWriter.id(clusterHead, MkvIds.TIMECODE);
        EbmlWriter.size(clusterHead, Long.BYTES);
        for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            clusterHead.write((int) (clusterTimecode >>> shift));
        }
        byte[] payload = new byte[tags.size() + clusterHead.size() + blocks.size()];
        int at = tags.copyTo(payload, 0);
        System.arraycopy(clusterHead.toByteArray(), 0, payload, at, clusterHead.size());
        blocks.copyTo(payload, at + clusterHead.size());
        blocks.trim(RETAINED_BUFFER_BYTES);
        tags.reset();
        tagCount = 0;
        long duration = header.millis(clusterTimecode + maxRelative) - header.millis(clusterTimecode);
        listener.fragmentComplete(new AssembledFragment(header, clusterTimecode, producerMillis, duration, payload));
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
    }

    private void tags(byte[] element, int headerLength) throws MkvException {
        EbmlCursor tagList = new EbmlCursor(element, headerLength, element.length);
        while (tagList.next()) {
            if (tagList.id() == MkvIds.TAG) {
                countSimpleTags(tagList.children());
            }
        }
        if ((long) tags.size() + element.length > limits.maxHeaderElementBytes()) {
            throw new MkvException(ErrorIds.METADATA_LIMIT, "more than " + limits.maxHeaderElementBytes()
                    + " bytes of Tags before one fragment");
        }
        if (tagCount > limits.maxTagsPerFragment()) {
            throw new MkvException(ErrorIds.METADATA_LIMIT, tagCount + " tags before one fragment; at most "
                    + limits.maxTagsPerFragment());
        }
        tags.writeBytes(element);
    }

    private void countSimpleTags(EbmlCursor tag) throws MkvException {
        while (tag.next()) {
            if (tag.id() != MkvIds.SIMPLE_TAG) {
                continue;
            }
            tagCount++;
            EbmlCursor simple = tag.children();
            while (simple.next()) {
                if (simple.id() == MkvIds.TAG_NAME
                        && simple.string().toUpperCase(Locale.ROOT).startsWith(RESERVED_TAG_PREFIX)) {
                    throw new MkvException(ErrorIds.METADATA_LIMIT, "tag names starting with " + RESERVED_TAG_PREFIX
                            + " are reserved for the service: " + simple.string());
                }
            }
        }
    }

    private void timecode(byte[] element, int headerLength) throws MkvException {
        if (!inCluster || haveTimecode) {
            throw MkvException.invalid("a Timecode outside a Cluster or twice in one");
        }
        EbmlCursor c = new EbmlCursor(element, 0, element.length);
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

    private void block(int id, byte[] element, int headerLength) throws MkvException {
        if (!haveTimecode) {
            throw MkvException.invalid("a block before its Cluster's Timecode");
        }
        MkvBlock block = MkvBlock.parse(id, element, headerLength);
        if (!header.declares(block.track())) {
            throw new MkvException(ErrorIds.TRACK_NOT_IN_TRACKS, "a block of track " + block.track()
                    + ", which the stream header does not declare");
        }
        if ((long) blocks.size() + tags.size() + element.length > limits.maxFragmentBytes()) {
            throw new MkvException(ErrorIds.FRAGMENT_TOO_LARGE, "the fragment at timecode " + clusterTimecode
                    + " grew past " + limits.maxFragmentBytes() + " bytes");
        }
        maxRelative = Math.max(maxRelative, block.relativeTimecode());
        long duration = header.millis(clusterTimecode + maxRelative) - header.millis(clusterTimecode);
        if (duration > limits.maxFragmentDuration().toMillis()) {
            throw new MkvException(ErrorIds.FRAGMENT_TOO_LONG, "the fragment at timecode " + clusterTimecode
                    + " spans " + duration + " ms; at most " + limits.maxFragmentDuration().toMillis());
        }
        tracksWithFrames.add(block.track());
        blocks.writeBytes(element);
    }

    /** The initial capacity of a reset block buffer (ByteArrayOutputStream's own default is 32 bytes). */
    private static final int INITIAL_BYTES = 64 * 1024;

    /** A growable buffer whose content is copied out once, into the fragment's payload. */
    private static final class Bytes extends ByteArrayOutputStream {
        /** Empties the buffer and drops its array when it grew beyond {@code maxRetained}. */
        void trim(int maxRetained) {
            reset();
            if (buf.length > maxRetained) {
                buf = new byte[Math.min(maxRetained, INITIAL_BYTES)];
            }
        }

        int copyTo(byte[] target, int offset) {
            System.arraycopy(buf, 0, target, offset, count);
            return offset + count;
        }
    }
}
