package io.storagesession.api.registry;

import java.time.Instant;

/**
 * A signaling channel as KVS describes it ({@code ChannelInfo}), plus its media storage configuration.
 * Immutable: every change produces a new record with a new {@code version}.
 *
 * @param storageStreamArn the stream linked by UpdateMediaStorageConfiguration, or null
 * @param storageEnabled   true when the media storage configuration's Status is ENABLED
 */
public record Channel(String name, String arn, String type, String status, Instant creationTime, String version,
                      int messageTtlSeconds, String storageStreamArn, boolean storageEnabled) {

    /** Ingestion is on when Status is ENABLED and a stream is linked, as the KVS SDKs decide it. */
    public boolean ingestionEnabled() {
        return storageEnabled && storageStreamArn != null;
    }
}
