package io.storagesession.api.registry;

/**
 * What CreateStream asks for, already validated by the caller.
 *
 * @param kmsKeyId             the key id the stream reports; never null (the caller substitutes KVS's default)
 * @param dataRetentionInHours 0 means the stream keeps no data (KVS's default)
 */
public record StreamSpec(String name, String deviceName, String mediaType, String kmsKeyId, int dataRetentionInHours) {
}
