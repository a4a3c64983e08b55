package io.storagesession.mediastore.store;

import io.storagesession.mediastore.MediaStoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable fragment store: per stream, append-only segment files of CRC-checked records (layout in
 * {@link RecordCodec}) and an in-memory index by fragment number and by producer and server timestamp.
 *
 * <p><b>Durability.</b> {@link #append} completes only after {@code FileChannel.force} returned, so a PERSISTED
 * acknowledgement (KVS-WIRE.md §4) is never sent for a fragment a crash can lose. At {@link #open} every stream's
 * last segment is read record by record and cut at the first torn or corrupt record; every fragment that was
 * PERSISTED before the crash is listed and readable again.
 *
 * <p><b>Threads.</b> Disk work runs on a small pool of I/O threads, each stream's changes in order on its own serial
 * executor; the index is read lock-free from any thread. Methods named {@code *Async} or returning futures never
 * block; {@link #readMedia} and {@link #read} block and belong on a worker thread.
 *
 * <p><b>Read-side API</b> (for GetMedia, ListFragments and archived media):
 * <ul>
 *   <li>{@link #list(String, TimestampKind, long, long, int)} — fragments of a stream in a producer- or server-time
 *       range, in time order ({@link FragmentInfo}: number, timestamps, duration, size);</li>
 *   <li>{@link #read(String, long)} — one fragment parsed: its stream header's tracks ({@code TrackInfo}: codec ID,
 *       CodecPrivate, width/height, sample rate/channels) and its frames ({@link StoredFrame}: track, absolute
 *       timestamp in ms, keyframe flag, bytes);</li>
 *   <li>{@link #readMedia(String, long)} — the raw header and payload bytes, as GetMedia sends them;</li>
 *   <li>{@link #onPersisted} — a callback per new fragment of a stream, for live readers.</li>
 * </ul>
 * Streams are identified by ARN; each has a folder named by a hash of it, so no stream name can reach outside the
 * store's directory and a re-created stream of the same name starts empty.
 */
public final class FragmentStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentStore.class);
    /** Hex digits of the ARN's SHA-256 used as folder name: 128 bits, no collision in practice. */
    private static final int FOLDER_NAME_HEX_DIGITS = 32;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Path root;
    private final MediaStoreSettings.Store settings;
    private final long maxRecordBytes;
    private final ExecutorService io;
    private final Map<String, StreamFragments> streams = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<FragmentInfo>>> listeners = new ConcurrentHashMap<>();
    private final StoreDisk disk;

    private FragmentStore(Path root, MediaStoreSettings.Store settings, long maxRecordBytes, ExecutorService io) {
        this.root = root;
        this.settings = settings;
        this.maxRecordBytes = maxRecordBytes;
        this.io = io;
        this.disk = new StoreDisk(root, settings.minFreeBytes());
    }

    /**
     * Opens (creating when missing) the store in {@code root} and recovers every stream in it. Blocks: call at
     * start-up.
     *
     * @param maxFragmentBytes the largest fragment PutMedia accepts; larger records are corrupt by definition
     */
    public static FragmentStore open(Path root, MediaStoreSettings.Store settings, long maxFragmentBytes)
            throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            Durability.forceDirectory(root.toAbsolutePath().getParent());
        }
        FragmentStore store = new FragmentStore(root, settings,
                maxFragmentBytes + RecordCodec.FRAGMENT_FIELDS, Executors.newFixedThreadPool(settings.ioThreads(),
                        threads()));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path arnFile = dir.resolve(StreamFragments.ARN_FILE);
                if (!Files.isRegularFile(arnFile)) {
                    LOG.warn("{} names no stream; left alone", dir);
                    continue;
                }
                String arn = Files.readString(arnFile, StandardCharsets.UTF_8).trim();
                StreamFragments stream = store.newStream(arn, dir);
                stream.recover();
                store.streams.put(arn, stream);
            }
        }
        store.disk.sample();
        return store;
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "media-store-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private StreamFragments newStream(String arn, Path dir) {
        return new StreamFragments(arn, dir, settings, maxRecordBytes, io);
    }

    private StreamFragments stream(String arn) {
        return streams.computeIfAbsent(arn, a -> newStream(a, root.resolve(folderName(a))));
    }

    /** The ARNs of every stream with a folder in the store. */
    public Set<String> streamArns() {
        return Set.copyOf(streams.keySet());
    }

    /** The next fragment number of a stream (monotonic; see {@link StreamFragments}). */
    public long nextFragmentNumber(String arn, long nowMillis) {
        return stream(arn).nextNumber(nowMillis);
    }

    /**
     * Stores {@code fragment} durably; completes (on an I/O thread) once it is on stable storage, with its info. When
     * the stream already holds the same fragment byte for byte — a producer's resend after its PERSISTED
     * acknowledgement was lost — nothing is written and the future completes with the stored fragment's info, whose
     * number differs from {@code fragment}'s; listeners are not told again.
     */
    public CompletableFuture<FragmentInfo> append(String arn, IncomingFragment fragment) {
        StreamFragments stream = stream(arn);
        return stream.append(fragment).whenComplete((info, error) -> {
            if (error != null) {
                disk.appendFailed(error);
            } else if (info.number() == fragment.number()) {
                disk.wrote();
            }
        }).thenApply(info -> {
            if (info.number() != fragment.number()) {
                return info;
            }
            for (Consumer<FragmentInfo> l : listeners.getOrDefault(arn, List.of())) {
                try {
                    l.accept(info);
                } catch (RuntimeException e) {
                    LOG.warn("a fragment listener of {} failed", arn, e);
                }
            }
            return info;
        });
    }

    /**
     * Calls {@code listener} (on an I/O thread; it must not block) with every fragment of {@code arn} persisted from
     * now on; running the returned action stops it.
     */
    public Runnable onPersisted(String arn, Consumer<FragmentInfo> listener) {
        List<Consumer<FragmentInfo>> list = listeners.computeIfAbsent(arn, a -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> {
            list.remove(listener);
            listeners.computeIfPresent(arn, (a, l) -> l.isEmpty() ? null : l);
        };
    }

    /** Up to {@code limit} fragments with a {@code kind} timestamp in {@code [fromMillis, toMillis]}, in time order. */
    public List<FragmentInfo> list(String arn, TimestampKind kind, long fromMillis, long toMillis, int limit) {
        return list(arn, kind, fromMillis, toMillis, Long.MIN_VALUE, Long.MIN_VALUE, limit);
    }

    /** As {@link #list(String, TimestampKind, long, long, int)}, continuing after a page's last fragment. */
    public List<FragmentInfo> list(String arn, TimestampKind kind, long fromMillis, long toMillis, long afterMillis,
                                   long afterNumber, int limit) {
        StreamFragments s = streams.get(arn);
        return s == null ? List.of() : s.index().range(kind, fromMillis, toMillis, afterMillis, afterNumber, limit);
    }

    /**
     * As {@link #list(String, TimestampKind, long, long, int)}, with each fragment's ordinal and stream header; the
     * {@code limit} keeps the oldest fragments of the range, or the newest when {@code newest}.
     */
    public List<IndexedFragment> indexed(String arn, TimestampKind kind, long fromMillis, long toMillis, int limit,
                                         boolean newest) {
        StreamFragments s = streams.get(arn);
        if (s == null) {
            return List.of();
        }
        List<FragmentIndex.Entry> entries = newest ? s.index().newest(kind, fromMillis, toMillis, limit)
                : s.index().entries(kind, fromMillis, toMillis, Long.MIN_VALUE, Long.MIN_VALUE, limit);
        return entries.stream().map(FragmentStore::indexed).toList();
    }

    /** One fragment with its ordinal and stream header; empty when not (or no longer) stored. */
    public Optional<IndexedFragment> indexed(String arn, long number) {
        return entry(arn, number).map(FragmentStore::indexed);
    }

    private static IndexedFragment indexed(FragmentIndex.Entry e) {
        return new IndexedFragment(e.info(), e.ordinal(), e.header());
    }

    /** {@link #read} on an I/O thread. */
    public CompletableFuture<Optional<StoredFragment>> readAsync(String arn, long number) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return read(arn, number);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, io);
    }

    public Optional<FragmentInfo> find(String arn, long number) {
        return entry(arn, number).map(FragmentIndex.Entry::info);
    }

    public Optional<FragmentInfo> first(String arn) {
        StreamFragments s = streams.get(arn);
        return s == null ? Optional.empty() : s.index().first().map(FragmentIndex.Entry::info);
    }

    public Optional<FragmentInfo> last(String arn) {
        StreamFragments s = streams.get(arn);
        return s == null ? Optional.empty() : s.index().last().map(FragmentIndex.Entry::info);
    }

    /** The stored fragment with the smallest number greater than {@code number}. */
    public Optional<FragmentInfo> after(String arn, long number) {
        StreamFragments s = streams.get(arn);
        return s == null ? Optional.empty() : s.index().after(number).map(FragmentIndex.Entry::info);
    }

    /** The fragment containing {@code millis} on the {@code kind} clock, else the first after it. */
    public Optional<FragmentInfo> containing(String arn, TimestampKind kind, long millis) {
        StreamFragments s = streams.get(arn);
        return s == null ? Optional.empty() : s.index().containing(kind, millis).map(FragmentIndex.Entry::info);
    }

    /** The header and payload bytes of one fragment; empty when it is not (or no longer) stored. Blocks. */
    public Optional<FragmentMedia> readMedia(String arn, long number) throws IOException {
        Optional<FragmentIndex.Entry> found = entry(arn, number);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        FragmentIndex.Entry e = found.get();
        try {
            return Optional.of(new FragmentMedia(e.info(), e.header(), e.segment().readPayload(e.offset(),
                    e.recordBytes())));
        } catch (NoSuchFileException | java.nio.channels.ClosedChannelException gone) {
            return Optional.empty();
        }
    }

    /** {@link #readMedia} on an I/O thread. */
    public CompletableFuture<Optional<FragmentMedia>> readMediaAsync(String arn, long number) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readMedia(arn, number);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, io);
    }

    /**
     * One fragment parsed into its tracks and frames (for archived media: HLS, DASH, GetClip, GetImages); empty when
     * not stored. Blocks.
     */
    public Optional<StoredFragment> read(String arn, long number) throws IOException {
        Optional<FragmentMedia> media = readMedia(arn, number);
        if (media.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StoredFragment.parse(media.get()));
    }

    /** Drops a stream's fragments older than its retention: {@code cutoffServerMillis} on the server clock. */
    public CompletableFuture<Integer> dropBefore(String arn, long cutoffServerMillis) {
        StreamFragments s = streams.get(arn);
        return s == null ? CompletableFuture.completedFuture(0) : s.dropBefore(cutoffServerMillis);
    }

    /** Removes every fragment of a stream (DeleteStream). */
    public CompletableFuture<Void> delete(String arn) {
        StreamFragments s = streams.remove(arn);
        return s == null ? CompletableFuture.completedFuture(null) : s.delete();
    }

    /** Whether a stream's folder is being or has been deleted (appends to it fail). */
    public boolean isDeleted(String arn) {
        StreamFragments s = streams.get(arn);
        return s != null && s.deleted();
    }

    private Optional<FragmentIndex.Entry> entry(String arn, long number) {
        StreamFragments s = streams.get(arn);
        return s == null ? Optional.empty() : s.index().get(number);
    }

    /**
     * What is wrong with the store's disk now, if anything: free space below {@code min-free-space} at the last
     * {@link #checkDisk}, or a failed write since the last one that succeeded (see {@link StoreDisk}).
     */
    public Optional<String> diskProblem() {
        return disk.problem();
    }

    /** Samples the free space of the store's disk. Blocks briefly (statvfs): call off the event loops. */
    public void checkDisk() {
        disk.sample();
    }

    /** The name of a stream's folder under the store's directory (a hash of its ARN), for operators and tests. */
    public static String folderName(String arn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, FOLDER_NAME_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Waits for queued writes (bounded), then closes every file. */
    @Override
    public void close() {
        io.shutdown();
        try {
            if (!io.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("media store writes did not finish within {} s", CLOSE_WAIT_SECONDS);
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
        }
        streams.values().forEach(StreamFragments::close);
    }
}
