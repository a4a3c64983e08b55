package io.storagesession.api.registry;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every signaling channel and Kinesis video stream this server knows, with their tags and the channel→stream media
 * storage links.
 *
 * <p>Reads come from memory: immutable {@link Channel}/{@link Stream} records in concurrent maps, so
 * {@link ChannelLookup} and the other getters never block and are safe on an event loop. Writes go through one
 * dedicated writer thread (a Vert.x worker executor of size 1): it checks KVS's rules against the in-memory state
 * (unique names, {@code CurrentVersion}, account limits, tag limits, storage links), writes the change to the
 * database in one transaction and only then publishes the new records. A single writer makes those checks
 * race-free without locks, and the event loop only ever waits on a {@link Future}.
 *
 * <p>The database is embedded H2 ({@code jdbc:h2:file:<dataDir>/metadata}): pure Java, so nothing native has to be
 * extracted or match the platform; MVCC, so a write never stalls on a reader; and a single file in the data
 * directory, which is all a self-hosted server should ask its operator to back up.
 */
public final class Registry implements ChannelLookup, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    /** The name of the shared one-thread worker pool that serialises writes. */
    public static final String WRITER_POOL = "registry";
    /** The status every resource reports: creation and updates complete at once here. */
    public static final String ACTIVE = "ACTIVE";
    /** The only channel type KVS storage sessions support. */
    public static final String SINGLE_MASTER = "SINGLE_MASTER";

    private final RegistrySettings settings;
    private final Arns arns;
    private final MetadataStore store;
    private final WorkerExecutor writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final NavigableMap<String, Channel> channelsByName = new ConcurrentSkipListMap<>();
    private final Map<String, Channel> channelsByArn = new ConcurrentHashMap<>();
    private final NavigableMap<String, Stream> streamsByName = new ConcurrentSkipListMap<>();
    private final Map<String, Stream> streamsByArn = new ConcurrentHashMap<>();
    private final Map<String, SortedMap<String, String>> tags = new ConcurrentHashMap<>();
    /** Stream ARN → ARN of the channel whose media storage configuration names it. */
    private final Map<String, String> linkedChannelByStream = new ConcurrentHashMap<>();
    private final List<Consumer<Stream>> streamDeletionListeners = new CopyOnWriteArrayList<>();

    private Registry(Vertx vertx, RegistrySettings settings, MetadataStore store) {
        this.settings = settings;
        this.arns = new Arns(settings);
        this.store = store;
        this.writer = vertx.createSharedWorkerExecutor(WRITER_POOL, 1);
    }

    /**
     * Opens the database in {@code dataDir} (created when missing) and loads every record into memory. Blocks: call
     * it at startup, before serving.
     */
    public static Registry open(Vertx vertx, Path dataDir, RegistrySettings settings) {
        try {
            Files.createDirectories(dataDir);
            MetadataStore store = MetadataStore.open(dataDir);
            Registry registry = new Registry(vertx, settings, store);
            registry.load();
            return registry;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the metadata database in " + dataDir, e);
        }
    }

    private void load() throws Exception {
        for (Channel ch : store.loadChannels()) {
            publish(ch);
        }
        for (Stream st : store.loadStreams()) {
            publish(st);
        }
        store.loadTags().forEach((arn, t) -> tags.put(arn, Collections.unmodifiableSortedMap(new TreeMap<>(t))));
        LOG.info("registry loaded {} channels and {} streams", channelsByArn.size(), streamsByArn.size());
        reportMissingStorageStreams();
    }

    /**
     * A channel's media storage may name a stream that is gone (its record removed while the server was stopped):
     * the server runs on, and each such channel is named once at start with what its joins will answer.
     */
    private void reportMissingStorageStreams() {
        for (Channel ch : channelsByArn.values()) {
            if (ch.storageStreamArn() != null && !streamsByArn.containsKey(ch.storageStreamArn())) {
                LOG.warn("channel {}: its media storage configuration names stream {}, which does not exist; "
                        + "JoinStorageSession answers ResourceNotFoundException until UpdateMediaStorageConfiguration "
                        + "names an existing stream", ch.name(), ch.storageStreamArn());
            }
        }
    }

    public Arns arns() {
        return arns;
    }

    public RegistrySettings settings() {
        return settings;
    }

    @Override
    public Optional<Channel> channelByArn(String channelArn) {
        return channelArn == null ? Optional.empty() : Optional.ofNullable(channelsByArn.get(channelArn));
    }

    @Override
    public Optional<Stream> streamByArn(String streamArn) {
        return streamArn == null ? Optional.empty() : Optional.ofNullable(streamsByArn.get(streamArn));
    }

    public Optional<Channel> channelByName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(channelsByName.get(name));
    }

    public Optional<Stream> streamByName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(streamsByName.get(name));
    }

    /** The channel whose media storage configuration links this stream, if any. */
    public Optional<Channel> channelLinkedTo(String streamArn) {
        return channelByArn(linkedChannelByStream.get(streamArn));
    }

    /** A resource's tags, sorted by key; empty when it has none or does not exist. */
    public SortedMap<String, String> tagsOf(String resourceArn) {
        return tags.getOrDefault(resourceArn, Collections.emptySortedMap());
    }

    /**
     * Up to {@code limit} channels in name order whose names start with {@code prefix} (null: any) and come after
     * {@code afterName} (null: from the first).
     */
    public List<Channel> channels(String prefix, String afterName, int limit) {
        return NamePages.page(channelsByName, prefix, afterName, limit);
    }

    /** As {@link #channels} for streams. */
    public List<Stream> streams(String prefix, String afterName, int limit) {
        return NamePages.page(streamsByName, prefix, afterName, limit);
    }

    /** CreateSignalingChannel: a new SINGLE_MASTER channel, ACTIVE at once, with its ARN built from the creation time. */
    public Future<Channel> createChannel(String name, int messageTtlSeconds, Instant creationTime, Map<String, String> tagMap) {
        return write(() -> {
            if (channelsByName.containsKey(name)) {
                throw RegistryErrors.channelExists(name);
            }
            if (channelsByName.size() >= settings.maxChannels()) {
                throw RegistryErrors.channelLimit(settings.maxChannels());
            }
            checkTagCount(tagMap.size());
            Channel ch = new Channel(name, arns.channelArn(name, creationTime), SINGLE_MASTER, ACTIVE, creationTime,
                    Versions.next(), messageTtlSeconds, null, false);
            store.putChannels(List.of(ch), tagMap);
            publish(ch);
            publishTags(ch.arn(), tagMap);
            return ch;
        });
    }

    /** UpdateSignalingChannel: a new message TTL, only from the current version. */
    public Future<Channel> updateChannel(String channelArn, String currentVersion, int messageTtlSeconds) {
        return write(() -> {
            Channel ch = currentChannel(channelArn, currentVersion);
            Channel updated = new Channel(ch.name(), ch.arn(), ch.type(), ch.status(), ch.creationTime(),
                    Versions.next(), messageTtlSeconds, ch.storageStreamArn(), ch.storageEnabled());
            store.putChannels(List.of(updated), null);
            publish(updated);
            return updated;
        });
    }

    /**
     * DeleteSignalingChannel. A channel whose media storage configuration still names a stream is refused with
     * {@code ResourceInUseException}: its storage session may be recording, so the link must be removed first.
     *
     * @param currentVersion null to delete whatever the version (CurrentVersion is optional in KVS)
     */
    public Future<Channel> deleteChannel(String channelArn, String currentVersion) {
        return write(() -> {
            Channel ch = currentChannel(channelArn, currentVersion);
            if (ch.storageStreamArn() != null) {
                throw RegistryErrors.linked("The channel " + ch.arn() + " is mapped to the stream "
                        + ch.storageStreamArn() + "; update its media storage configuration first");
            }
            store.delete(ch.arn());
            channelsByArn.remove(ch.arn());
            channelsByName.remove(ch.name());
            tags.remove(ch.arn());
            return ch;
        });
    }

    /**
     * UpdateMediaStorageConfiguration: links the channel to {@code streamArn} (null: unlinks it) with storage
     * enabled or not. KVS rules: the stream must exist, must retain data ({@code NoDataRetentionException}
     * otherwise) and may be mapped to one channel only ({@code ResourceInUseException}).
     */
    public Future<Channel> updateMediaStorage(String channelArn, String streamArn, boolean enabled) {
        return write(() -> {
            Channel ch = currentChannel(channelArn, null);
            if (streamArn != null) {
                Stream st = streamsByArn.get(streamArn);
                if (st == null) {
                    throw RegistryErrors.streamNotFound(streamArn);
                }
                if (st.dataRetentionInHours() <= 0) {
                    throw RegistryErrors.noDataRetention(streamArn);
                }
                String other = linkedChannelByStream.get(streamArn);
                if (other != null && !other.equals(ch.arn())) {
                    throw RegistryErrors.linked("The stream " + streamArn + " is already mapped to the channel " + other);
                }
            }
            Channel updated = new Channel(ch.name(), ch.arn(), ch.type(), ch.status(), ch.creationTime(),
                    Versions.next(), ch.messageTtlSeconds(), streamArn, enabled);
            store.putChannels(List.of(updated), null);
            publish(updated);
            return updated;
        });
    }

    /** CreateStream: a new stream, ACTIVE at once. */
    public Future<Stream> createStream(StreamSpec spec, Instant creationTime, Map<String, String> tagMap) {
        return write(() -> {
            if (streamsByName.containsKey(spec.name())) {
                throw RegistryErrors.streamExists(spec.name());
            }
            if (streamsByName.size() >= settings.maxStreams()) {
                throw RegistryErrors.streamLimit(settings.maxStreams());
            }
            checkTagCount(tagMap.size());
            Stream st = new Stream(spec.name(), arns.streamArn(spec.name(), creationTime), spec.deviceName(),
                    spec.mediaType(), spec.kmsKeyId(), Versions.next(), ACTIVE, creationTime, spec.dataRetentionInHours());
            store.putStream(st, tagMap);
            publish(st);
            publishTags(st.arn(), tagMap);
            return st;
        });
    }

    /**
     * Calls {@code listener} with every stream DeleteStream removes, on the registry's writer thread, after the
     * deletion is stored and published (the media store drops the stream's fragments then). Listeners must not block
     * for long: they delay every later registry write.
     */
    public void onStreamDeleted(Consumer<Stream> listener) {
        streamDeletionListeners.add(listener);
    }

    /** DeleteStream; refused with {@code ResourceInUseException} while a channel's media storage maps it. */
    public Future<Stream> deleteStream(String streamArn, String currentVersion) {
        return write(() -> {
            Stream st = currentStream(streamArn, currentVersion);
            String channel = linkedChannelByStream.get(st.arn());
            if (channel != null) {
                throw RegistryErrors.linked("The stream " + st.arn() + " is mapped to the channel " + channel
                        + "; update the channel's media storage configuration first");
            }
            store.delete(st.arn());
            streamsByArn.remove(st.arn());
            streamsByName.remove(st.name());
            tags.remove(st.arn());
            for (Consumer<Stream> listener : streamDeletionListeners) {
                try {
                    listener.accept(st);
                } catch (RuntimeException e) {
                    LOG.warn("a stream deletion listener failed for {}", st.arn(), e);
                }
            }
            return st;
        });
    }

    /**
     * UpdateDataRetention: adds {@code changeInHours} (negative to decrease) to the stream's retention, only from
     * the current version; the result must stay within 0..{@link KvsLimits#MAX_DATA_RETENTION_HOURS}.
     */
    public Future<Stream> changeDataRetention(String streamArn, String currentVersion, int changeInHours) {
        return write(() -> {
            Stream st = currentStream(streamArn, currentVersion);
            long hours = (long) st.dataRetentionInHours() + changeInHours;
            if (hours < 0 || hours > KvsLimits.MAX_DATA_RETENTION_HOURS) {
                throw ApiException.invalidArgument("The data retention would become " + hours
                        + " hours; it must stay within 0.." + KvsLimits.MAX_DATA_RETENTION_HOURS);
            }
            Stream updated = new Stream(st.name(), st.arn(), st.deviceName(), st.mediaType(), st.kmsKeyId(),
                    Versions.next(), st.status(), st.creationTime(), (int) hours);
            store.putStream(updated, null);
            publish(updated);
            return updated;
        });
    }

    /** TagResource / TagStream: adds or overwrites tags of an existing channel or stream. */
    public Future<SortedMap<String, String>> tag(String resourceArn, Map<String, String> added) {
        return write(() -> {
            requireResource(resourceArn);
            SortedMap<String, String> next = new TreeMap<>(tagsOf(resourceArn));
            next.putAll(added);
            checkTagCount(next.size());
            store.replaceTags(resourceArn, next);
            return publishTags(resourceArn, next);
        });
    }

    /** UntagResource / UntagStream: removes tags by key; unknown keys are ignored, as in KVS. */
    public Future<SortedMap<String, String>> untag(String resourceArn, Collection<String> keys) {
        return write(() -> {
            requireResource(resourceArn);
            SortedMap<String, String> next = new TreeMap<>(tagsOf(resourceArn));
            next.keySet().removeAll(keys);
            store.replaceTags(resourceArn, next);
            return publishTags(resourceArn, next);
        });
    }

    private void requireResource(String arn) {
        if (!channelsByArn.containsKey(arn) && !streamsByArn.containsKey(arn)) {
            throw ApiException.resourceNotFound("The resource " + arn + " is not found");
        }
    }

    private Channel currentChannel(String arn, String currentVersion) {
        Channel ch = channelsByArn.get(arn);
        if (ch == null) {
            throw RegistryErrors.channelNotFound(arn);
        }
        if (currentVersion != null && !currentVersion.equals(ch.version())) {
            throw RegistryErrors.versionMismatch(currentVersion);
        }
        return ch;
    }

    private Stream currentStream(String arn, String currentVersion) {
        Stream st = streamsByArn.get(arn);
        if (st == null) {
            throw RegistryErrors.streamNotFound(arn);
        }
        if (currentVersion != null && !currentVersion.equals(st.version())) {
            throw RegistryErrors.versionMismatch(currentVersion);
        }
        return st;
    }

    private static void checkTagCount(int count) {
        if (count > KvsLimits.MAX_TAGS_PER_RESOURCE) {
            throw RegistryErrors.tagLimit(KvsLimits.MAX_TAGS_PER_RESOURCE);
        }
    }

    private void publish(Channel ch) {
        Channel previous = channelsByArn.put(ch.arn(), ch);
        channelsByName.put(ch.name(), ch);
        if (previous != null && previous.storageStreamArn() != null) {
            linkedChannelByStream.remove(previous.storageStreamArn(), ch.arn());
        }
        if (ch.storageStreamArn() != null) {
            linkedChannelByStream.put(ch.storageStreamArn(), ch.arn());
        }
    }

    private void publish(Stream st) {
        streamsByArn.put(st.arn(), st);
        streamsByName.put(st.name(), st);
    }

    private SortedMap<String, String> publishTags(String arn, Map<String, String> tagMap) {
        SortedMap<String, String> frozen = Collections.unmodifiableSortedMap(new TreeMap<>(tagMap));
        if (frozen.isEmpty()) {
            tags.remove(arn);
        } else {
            tags.put(arn, frozen);
        }
        return frozen;
    }

    private <T> Future<T> write(Callable<T> work) {
        if (closed.get()) {
            return Future.failedFuture(new IllegalStateException("the registry is closed"));
        }
        return writer.executeBlocking(work, true);
    }

    /**
     * Waits (up to {@code close-timeout}) for queued writes, then closes the database. Blocks: call it at shutdown,
     * not on an event loop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.executeBlocking(() -> {
                store.close();
                return null;
            }, true).toCompletionStage().toCompletableFuture()
                    .get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeStoreNow();
        } catch (Exception e) {
            LOG.warn("registry writes did not finish within {}; closing the database anyway", settings.closeTimeout(), e);
            closeStoreNow();
        } finally {
            writer.close();
        }
    }

    private void closeStoreNow() {
        try {
            store.close();
        } catch (Exception e) {
            LOG.warn("closing the metadata database failed", e);
        }
    }
}
