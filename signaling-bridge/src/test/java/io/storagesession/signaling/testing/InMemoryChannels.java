package io.storagesession.signaling.testing;

import io.storagesession.signaling.registry.Channel;
import io.storagesession.signaling.registry.ChannelLookup;
import io.storagesession.signaling.registry.Stream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A ChannelLookup over maps the test fills, for testing consumers of the registry in isolation. */
public final class InMemoryChannels implements ChannelLookup {
    public final Map<String, Channel> channels = new ConcurrentHashMap<>();
    public final Map<String, Stream> streams = new ConcurrentHashMap<>();

    public Channel addChannel(String name, String streamArn, boolean storageEnabled) {
        Instant created = Instant.now();
        String arn = "arn:aws:kinesisvideo:us-west-2:000000000000:channel/" + name + "/" + created.toEpochMilli();
        Channel channel = new Channel(name, arn, "SINGLE_MASTER", "ACTIVE", created, "v1", 60, streamArn, storageEnabled);
        channels.put(arn, channel);
        return channel;
    }

    @Override
    public Optional<Channel> channelByArn(String channelArn) {
        return Optional.ofNullable(channels.get(channelArn));
    }

    @Override
    public Optional<Stream> streamByArn(String streamArn) {
        return Optional.ofNullable(streams.get(streamArn));
    }
}
