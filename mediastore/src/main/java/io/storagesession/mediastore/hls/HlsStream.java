package io.storagesession.mediastore.hls;

/**
 * A stream as GetHLSStreamingSessionURL resolves it from StreamName or StreamARN.
 *
 * @param name                 StreamName
 * @param arn                  StreamARN; the key of every other {@link HlsSource} call
 * @param dataRetentionInHours 0 means nothing is stored, which KVS answers with {@code NoDataRetentionException}
 */
public record HlsStream(String name, String arn, int dataRetentionInHours) {
}
