package io.storagesession.api.registry;

import java.time.Instant;

/** A Kinesis video stream as KVS describes it ({@code StreamInfo}). Immutable; changes bump {@code version}. */
public record Stream(String name, String arn, String deviceName, String mediaType, String kmsKeyId, String version,
                     String status, Instant creationTime, int dataRetentionInHours) {
}
