package io.storagesession.api.registry;

/**
 * Limits that AWS defines for Kinesis Video Streams resources (API reference and service model), enforced the same
 * way here so that a client that works against this server also stays within what AWS accepts.
 */
public final class KvsLimits {
    /** Tags per channel or stream (TagResource / TagStream: "up to 50 tags"). */
    public static final int MAX_TAGS_PER_RESOURCE = 50;
    /** Longest data retention of a stream: 87,600 hours (10 years). */
    public static final int MAX_DATA_RETENTION_HOURS = 87_600;
    /** Longest channel or stream name (pattern {@code [a-zA-Z0-9_.-]+}). */
    public static final int MAX_NAME_LENGTH = 256;

    private KvsLimits() {
    }
}
