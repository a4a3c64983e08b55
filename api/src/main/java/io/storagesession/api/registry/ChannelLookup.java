package io.storagesession.api.registry;

import java.util.Optional;

/**
 * Synchronous, non-blocking reads of channel and stream metadata, for the hot paths (signaling connects, joins,
 * GetIceServerConfig). The registry keeps every record in memory and writes through to its database, so these
 * lookups never touch the disk and are safe on an event loop.
 */
public interface ChannelLookup {
    Optional<Channel> channelByArn(String channelArn);

    Optional<Stream> streamByArn(String streamArn);
}
