package io.storagesession.codecs.h264;

/**
 * Groups in-order NAL units into access units and hands on only whole ones that a decoder can use, because a
 * recording with a damaged picture (or a picture whose reference was lost) shows corruption until the next keyframe.
 *
 * <p>Boundaries follow RFC 6184 §5.1: all packets of an access unit carry its timestamp and the marker bit is set on
 * its last packet; a timestamp change also ends it, for senders that do not set the marker. Each NAL unit is written
 * with a 4-byte length prefix (ISO/IEC 14496-15 §5.3.2) into one buffer that starts at
 * {@code initial-access-unit-bytes}, grows up to {@code max-access-unit-bytes} and is reused. A NAL unit sent in
 * FU-A fragments is joined right there, fragment by fragment, its length prefix written when it is whole: the
 * receive path holds each frame once.
 *
 * <p>Loss policy: after {@link #damaged()}, the access unit in progress is dropped; so is the next one when the loss
 * came between access units, since the lost packets may have been its first ones. From then on (and from the start)
 * access units are dropped until one containing an IDR slice (H.264 §7.4.1.2.4), since every other picture refers to
 * pictures that were lost; {@link #keyframeNeeded()} says so, for the recorder to send a PLI (RFC 4585 §6.3.1). An
 * access unit whose timestamp is not after the last one emitted (serial arithmetic, RFC 3550 A.1 style) is dropped
 * the same way, so the output's timestamps only increase. At the start nothing tells whether the first packets were
 * lost, so the first access unit must begin the way WebRTC keyframes do, with an AUD or an SPS (H.264 §7.4.1.2.3
 * puts them first); otherwise it is dropped. Not thread-safe.
 */
public final class AccessUnitAssembler implements NalUnitSink {
    /** The buffer doubles when an access unit outgrows it, so a stream's largest keyframe costs a few copies once. */
    private static final long GROWTH_FACTOR = 2;

    private final AccessUnitSink sink;
    private final H264Counters counters;
    private final int maxBytes;
    private final AccessUnit view = new AccessUnit();
    private byte[] buffer;
    private int length;
    private boolean open;
    private int timestamp;
    private boolean broken;
    private boolean outOfOrder;
    private boolean idr;
    private boolean damagePending;
    /** A fragmented NAL unit is being joined at {@link #nalStart} (its length prefix's place). */
    private boolean joining;
    private int nalStart;
    /**
     * Nothing was received before this access unit (the start, or a restart), so a loss of its first packets could
     * not be noticed: it must begin as keyframes from WebRTC senders do, with an access unit delimiter or an SPS.
     */
    private boolean unsureStart = true;
    private boolean first;
    private boolean keyframeNeeded = true;
    private boolean emitted;
    private int lastEmittedTimestamp;

    public AccessUnitAssembler(H264Settings settings, H264Counters counters, AccessUnitSink sink) {
        this.sink = sink;
        this.counters = counters;
        this.maxBytes = settings.maxAccessUnitBytes();
        this.buffer = new byte[Math.min(settings.initialAccessUnitBytes(), maxBytes)];
    }

    /**
     * No keyframe was emitted since the start or since the last loss: everything is dropped until one comes, so the
     * sender should be asked for one.
     */
    public boolean keyframeNeeded() {
        return keyframeNeeded;
    }

    /**
     * Forgets the stream (a new master, or its sequence restarted): the access unit in progress is dropped, a keyframe
     * is needed, and the next one may have any timestamp (the recorder rebases its timecodes there).
     */
    @Override
    public void restarted() {
        reset();
    }

    /** Same as {@link #restarted()}, for the recorder's own use. */
    public void reset() {
        if (open) {
            counters.accessUnitsDamaged++;
        }
        open = false;
        joining = false;
        damagePending = false;
        keyframeNeeded = true;
        emitted = false;
        unsureStart = true;
    }

    @Override
    public void nalUnit(int ts, byte[] buf, int off, int len) {
        begin(ts);
        dropUnfinishedFragments();
        if (len < 1) {
            broken = true;
            return;
        }
        if (!accepts(buf[off]) || !reserve((long) AccessUnit.LENGTH_PREFIX_BYTES + len)) {
            return;
        }
        writePrefix(length, len);
        length += AccessUnit.LENGTH_PREFIX_BYTES;
        System.arraycopy(buf, off, buffer, length, len);
        length += len;
        idr |= NalUnitType.of(buf[off]) == NalUnitType.IDR_SLICE;
    }

    @Override
    public void fragmentStart(int ts, byte nalHeader, byte[] buf, int off, int len) {
        begin(ts);
        dropUnfinishedFragments();
        if (!accepts(nalHeader) || !reserve((long) AccessUnit.LENGTH_PREFIX_BYTES + 1 + len)) {
            return;
        }
        joining = true;
        nalStart = length;
        length += AccessUnit.LENGTH_PREFIX_BYTES;
        buffer[length++] = nalHeader;
        System.arraycopy(buf, off, buffer, length, len);
        length += len;
        idr |= NalUnitType.of(nalHeader) == NalUnitType.IDR_SLICE;
    }

    @Override
    public void fragment(byte[] buf, int off, int len) {
        if (!joining) {
            return;
        }
        if (!reserve(len)) {
            joining = false;
            return;
        }
        System.arraycopy(buf, off, buffer, length, len);
        length += len;
    }

    @Override
    public void fragmentEnd() {
        if (joining) {
            joining = false;
            writePrefix(nalStart, length - nalStart - AccessUnit.LENGTH_PREFIX_BYTES);
        }
    }

    /** A fragmented NAL unit left unfinished inside an access unit leaves a hole in it: the access unit is dropped. */
    private void dropUnfinishedFragments() {
        if (joining) {
            joining = false;
            broken = true;
        }
    }

    /**
     * Whether a NAL unit starting with {@code header} goes into the access unit in progress: not when it is already
     * dropped, and not when it is the first of an unsure start and neither an AUD nor an SPS.
     */
    private boolean accepts(byte header) {
        if (first) {
            first = false;
            int type = NalUnitType.of(header);
            broken |= type != NalUnitType.ACCESS_UNIT_DELIMITER && type != NalUnitType.SPS;
        }
        return !broken && !outOfOrder;
    }

    /** Room for {@code bytes} more, growing the buffer; beyond max-access-unit-bytes the access unit is dropped. */
    private boolean reserve(long bytes) {
        long needed = length + bytes;
        if (needed > maxBytes) {
            counters.nalTooLarge++;
            broken = true;
            return false;
        }
        ensureCapacity((int) needed);
        return true;
    }

    private void writePrefix(int at, int nalLength) {
        for (int i = 0; i < AccessUnit.LENGTH_PREFIX_BYTES; i++) {
            buffer[at + i] = (byte) (nalLength >>> (AccessUnit.LENGTH_PREFIX_BYTES - 1 - i) * Byte.SIZE);
        }
    }

    @Override
    public void packetEnd(int ts, boolean marker) {
        begin(ts);
        if (marker) {
            close();
        }
    }

    @Override
    public void damaged() {
        joining = false;
        damagePending = true;
        keyframeNeeded = true;
    }

    /** Places the next packet: in the access unit in progress, or at the start of a new one. */
    private void begin(int ts) {
        boolean continues = open && ts == timestamp;
        if (damagePending) {
            damagePending = false;
            if (open) {
                broken = true;
            }
            if (!continues) {
                close();
                start(ts);
                broken = true;
            }
        } else if (!continues) {
            close();
            start(ts);
        }
    }

    private void start(int ts) {
        open = true;
        joining = false;
        timestamp = ts;
        length = 0;
        broken = false;
        idr = false;
        first = unsureStart;
        unsureStart = false;
        outOfOrder = emitted && ts - lastEmittedTimestamp <= 0;
    }

    private void close() {
        if (!open) {
            return;
        }
        open = false;
        if (broken || joining) {
            counters.accessUnitsDamaged++;
            keyframeNeeded = true;
        } else if (outOfOrder) {
            counters.accessUnitsOutOfOrder++;
            keyframeNeeded = true;
        } else if (length == 0) {
            return;
        } else if (keyframeNeeded && !idr) {
            counters.accessUnitsBeforeKeyframe++;
        } else {
            keyframeNeeded = false;
            emitted = true;
            lastEmittedTimestamp = timestamp;
            counters.accessUnitsEmitted++;
            view.set(buffer, length, timestamp, idr);
            sink.accessUnit(view);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            byte[] grown = new byte[(int) Math.min(maxBytes, Math.max((long) needed, GROWTH_FACTOR * buffer.length))];
            System.arraycopy(buffer, 0, grown, 0, length);
            buffer = grown;
        }
    }

    /** The buffer's size now: the largest access unit so far, or the first size. */
    int capacityBytes() {
        return buffer.length;
    }
}
