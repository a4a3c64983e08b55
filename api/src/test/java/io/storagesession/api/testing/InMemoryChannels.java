package io.storagesession.api.testing;

import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.ChannelLookup;
import io.storagesession.api.registry.Stream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A channel registry for tests: channels are put, changed and removed by hand. */
public final class InMemoryChannels implements ChannelLookup {
    public static final String ACCOUNT = "123456789012";
    private static final long CREATED_MS = 1_700_000_000_000L;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<String> removedStreams = ConcurrentHashMap.newKeySet();
    private final String region;

    public InMemoryChannels(String region) {
        this.region = region;
    }

    public InMemoryChannels() {
        this("us-west-2");
    }

    /** Creates a channel whose media storage names {@code streamArn} (may be null) with the given Status. */
    public Channel addChannel(String name, String streamArn, boolean storageEnabled) {
        String arn = "arn:aws:kinesisvideo:" + region + ":" + ACCOUNT + ":channel/" + name + "/" + CREATED_MS;
        Channel channel = new Channel(name, arn, "SINGLE_MASTER", "ACTIVE", Instant.ofEpochMilli(CREATED_MS), "1", 60,
                streamArn, storageEnabled);
        channels.put(arn, channel);
        return channel;
    }

    /** Creates a channel without media storage and the given message TTL; returns it. */
    public Channel create(String name, int messageTtlSeconds) {
        String arn = "arn:aws:kinesisvideo:" + region + ":" + ACCOUNT + ":channel/" + name + "/" + CREATED_MS;
        Channel channel = new Channel(name, arn, "SINGLE_MASTER", "ACTIVE", Instant.ofEpochMilli(CREATED_MS), "1",
                messageTtlSeconds, null, false);
        channels.put(arn, channel);
        return channel;
    }

    /** Links a stream and sets the media storage Status, as UpdateMediaStorageConfiguration does. */
    public Channel setStorage(String channelArn, boolean enabled) {
        return channels.computeIfPresent(channelArn, (arn, c) -> new Channel(c.name(), c.arn(), c.type(), c.status(),
                c.creationTime(), c.version() + "+", c.messageTtlSeconds(),
                "arn:aws:kinesisvideo:" + region + ":" + ACCOUNT + ":stream/" + c.name() + "-stream/" + CREATED_MS,
                enabled));
    }

    public void delete(String channelArn) {
        channels.remove(channelArn);
    }

    @Override
    public Optional<Channel> channelByArn(String channelArn) {
        return Optional.ofNullable(channels.get(channelArn));
    }

    /** Every stream a channel's media storage names exists, unless {@link #removeStream} took it away. */
    @Override
    public Optional<Stream> streamByArn(String streamArn) {
        if (streamArn == null || removedStreams.contains(streamArn) || channels.values().stream()
                .noneMatch(c -> streamArn.equals(c.storageStreamArn()))) {
            return Optional.empty();
        }
        return Optional.of(new Stream(streamArn.substring(streamArn.indexOf('/') + 1, streamArn.lastIndexOf('/')),
                streamArn, null, null, null, "1", "ACTIVE", Instant.ofEpochMilli(CREATED_MS), 0));
    }

    /** The stream is gone while channels' media storage may still name it. */
    public void removeStream(String streamArn) {
        removedStreams.add(streamArn);
    }
}
