package io.storagesession.mediastore.archive;

/**
 * A stream as GetHLSStreamingSessionURL resolves it from StreamName or StreamARN.
 *
 * @param name                 StreamName
 * @param arn                  StreamARN; the key of every other {@link ArchiveSource} call
 * @param dataRetentionInHours 0 means nothing is stored, which KVS answers with {@code NoDataRetentionException}
 */
public record ArchivedStream(String name, String arn, int dataRetentionInHours) {
}
