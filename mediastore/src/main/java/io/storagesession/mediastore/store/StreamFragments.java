package io.storagesession.mediastore.store;

import io.storagesession.mediastore.MediaStoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's fragments on disk: a folder of segment files, the in-memory {@link FragmentIndex}, and the serial
 * executor every change of the folder runs on (appends, retention, deletion), so the files need no locks.
 *
 * <p>Fragment numbers: {@code max(previous + 1, now in ms × 1,000,000)}, so they grow monotonically across restarts
 * and clock steps, and look like KVS's long decimal numbers (19 digits until the year 2262). Ordinals (0, 1, 2, … in
 * ingestion order, HLS's media sequence numbers) are counted at start-up from each segment's {@link SegmentOrdinal},
 * so they stay the same after retention has dropped the oldest segments.
 */
final class StreamFragments {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFragments.class);
    /** The file in each stream folder that names the stream (folder names are hashes of the ARN). */
    static final String ARN_FILE = "stream-arn";
    private static final long NUMBERS_PER_MILLI = 1_000_000L;

    private final String arn;
    private final Path dir;
    private final MediaStoreSettings.Store settings;
    private final long maxRecordBytes;
    private final StreamExecutor executor;
    private final FragmentIndex index = new FragmentIndex();
    private final NavigableMap<Long, SegmentFile> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong lastNumber = new AtomicLong();
    private SegmentFile active;
    private int nextHeaderId;
    private volatile boolean deleted;

    StreamFragments(String arn, Path dir, MediaStoreSettings.Store settings, long maxRecordBytes, Executor pool) {
        this.arn = arn;
        this.dir = dir;
        this.settings = settings;
        this.maxRecordBytes = maxRecordBytes;
        this.executor = new StreamExecutor(pool);
    }

    /** Reads an existing folder: every segment in order, the last one verified record by record. Blocking. */
    void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> SegmentFile.sequenceOf(p) >= 0)
                    .sorted((a, b) -> Long.compare(SegmentFile.sequenceOf(a), SegmentFile.sequenceOf(b))).toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            boolean last = i == files.size() - 1;
            SegmentOrdinal.read(file).ifPresent(index::continueFrom);
            SegmentFile segment = SegmentFile.recover(file, SegmentFile.sequenceOf(file), maxRecordBytes, last,
                    (seg, offset, bytes, fields, header) -> {
                        index.add(new FragmentIndex.Entry(fields.info(), seg, offset, bytes, header,
                                index.nextOrdinal()));
                        lastNumber.accumulateAndGet(fields.info().number(), Math::max);
                        nextHeaderId = Math.max(nextHeaderId, fields.headerId() + 1);
                    });
            if (segment.isEmpty()) {
                segment.delete();
            } else {
                segments.put(segment.sequence(), segment);
            }
        }
        LOG.info("stream {}: recovered {} fragments in {} segments", arn, index.size(), segments.size());
    }

    String arn() {
        return arn;
    }

    FragmentIndex index() {
        return index;
    }

    Executor executor() {
        return executor;
    }

    boolean deleted() {
        return deleted;
    }

    long nextNumber(long nowMillis) {
        return lastNumber.updateAndGet(last -> Math.max(last + 1, nowMillis * NUMBERS_PER_MILLI));
    }

    /**
     * Writes and fsyncs {@code fragment} (its header first when this segment lacks it); completes once durable. A
     * fragment the stream already holds byte for byte ({@link ResentFragment}) is not written again: the append
     * completes with the stored fragment's info, whose number is not {@code fragment}'s.
     */
    CompletableFuture<FragmentInfo> append(IncomingFragment fragment) {
        return CompletableFuture.supplyAsync(() -> {
            if (deleted) {
                throw new IllegalStateException("stream " + arn + " was deleted");
            }
            try {
                return appendNow(fragment);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    private FragmentInfo appendNow(IncomingFragment fragment) throws IOException {
        Optional<FragmentInfo> stored = ResentFragment.storedAs(index, fragment);
        if (stored.isPresent()) {
            LOG.info("stream {}: fragment {} (producer time {}) is fragment {} sent again; not stored twice", arn,
                    fragment.number(), fragment.producerTimestampMillis(), stored.get().number());
            return stored.get();
        }
        SegmentFile segment = activeSegment(fragment.serverTimestampMillis());
        long mark = segment.size();
        try {
            int headerId = segment.headerId(fragment.header());
            if (headerId < 0) {
                headerId = nextHeaderId++;
                segment.appendHeader(headerId, fragment.header());
            }
            long offset = segment.appendFragment(fragment, headerId);
            segment.force();
            int recordBytes = (int) (segment.size() - offset);
            FragmentInfo info = new FragmentInfo(fragment.number(), fragment.producerTimestampMillis(),
                    fragment.serverTimestampMillis(), fragment.durationMillis(), fragment.payloadLength(),
                    fragment.clusterTimecode());
            index.add(new FragmentIndex.Entry(info, segment, offset, recordBytes, fragment.header(),
                    index.nextOrdinal()));
            lastNumber.accumulateAndGet(fragment.number(), Math::max);
            return info;
        } catch (IOException | RuntimeException e) {
            segment.abandon(mark);
            active = null;
            if (segment.isEmpty()) {
                discard(segment);
            }
            throw e;
        }
    }

    /**
     * Removes a segment that holds no fragment after a failed first write, rather than leave one more empty file
     * (and its ordinal file) behind for every attempt while the disk is full; retention never drops empty segments.
     */
    private void discard(SegmentFile segment) {
        segments.remove(segment.sequence(), segment);
        try {
            segment.delete();
        } catch (IOException e) {
            LOG.warn("stream {}: cannot remove the empty segment {}; start-up recovery will", arn, segment.path(), e);
        }
    }

    /** The segment to append to, rolling over when the current one is full or old. */
    private SegmentFile activeSegment(long nowMillis) throws IOException {
        if (active != null && (active.size() >= settings.segmentMaxBytes()
                || !active.isEmpty() && nowMillis - active.firstServerMillis() >= settings.segmentMaxAge().toMillis())) {
            active.seal();
            active = null;
        }
        if (active == null) {
            ensureFolder();
            long sequence = segments.isEmpty() ? 1 : segments.lastKey() + 1;
            active = SegmentFile.create(dir, sequence, index.nextOrdinal());
            segments.put(sequence, active);
        }
        return active;
    }

    /**
     * Creates the stream's folder and the file naming it, durably, before its first segment. Both must survive a
     * power cut as surely as the first PERSISTED fragment in it: start-up knows a folder's stream from that file only,
     * and one that a power cut left empty names no stream of the registry, so its fragments would be removed. The
     * name file is checked rather than the folder, so a folder left without one (a full disk at the stream's first
     * fragment) gets it at the next.
     */
    private void ensureFolder() throws IOException {
        Path arnFile = dir.resolve(ARN_FILE);
        if (Files.isRegularFile(arnFile)) {
            return;
        }
        Files.createDirectories(dir);
        Durability.writeDurably(arnFile, arn.getBytes(StandardCharsets.UTF_8));
        Durability.forceDirectory(dir.getParent());
    }

    /** Drops every segment whose newest fragment arrived before {@code cutoffServerMillis}. */
    CompletableFuture<Integer> dropBefore(long cutoffServerMillis) {
        return CompletableFuture.supplyAsync(() -> {
            int dropped = 0;
            for (SegmentFile segment : new ArrayList<>(segments.values())) {
                if (segment.isEmpty() || segment.lastServerMillis() >= cutoffServerMillis) {
                    continue;
                }
                if (segment == active) {
                    active = null;
                }
                segments.remove(segment.sequence());
                index.removeSegment(segment);
                try {
                    segment.delete();
                } catch (IOException e) {
                    LOG.warn("stream {}: cannot delete expired segment {}", arn, segment.path(), e);
                }
                dropped++;
            }
            return dropped;
        }, executor);
    }

    /** Removes the stream's folder; later appends fail. */
    CompletableFuture<Void> delete() {
        deleted = true;
        return CompletableFuture.runAsync(() -> {
            for (SegmentFile segment : segments.values()) {
                index.removeSegment(segment);
                segment.close();
            }
            segments.clear();
            active = null;
            try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                LOG.warn("stream {}: cannot remove {}", arn, dir, e);
            }
        }, executor);
    }

    /** Closes the files (at shutdown, after the executor has drained). */
    void close() {
        segments.values().forEach(SegmentFile::close);
    }
}
