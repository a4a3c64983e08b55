package io.storagesession.api.registry;

import io.storagesession.api.http.ApiException;

/**
 * The KVS errors the registry's rules produce, with the HTTP statuses the AWS SDK's service model gives them
 * (all 400 except {@code ResourceNotFoundException}, 404). Thrown by registry writes so the control plane answers
 * them unchanged.
 */
public final class RegistryErrors {
    private RegistryErrors() {
    }

    public static ApiException channelNotFound(String what) {
        return ApiException.resourceNotFound("The requested channel is not found or not active: " + what);
    }

    public static ApiException streamNotFound(String what) {
        return ApiException.resourceNotFound("The requested stream is not found or not active: " + what);
    }

    public static ApiException channelExists(String name) {
        return ApiException.resourceInUse("The signaling channel " + name + " already exists");
    }

    public static ApiException streamExists(String name) {
        return ApiException.resourceInUse("The stream " + name + " already exists");
    }

    public static ApiException versionMismatch(String given) {
        return ApiException.versionMismatch("The version " + given + " does not match the resource's current version");
    }

    public static ApiException channelLimit(int limit) {
        return new ApiException(400, "AccountChannelLimitExceededException",
                "This account may have at most " + limit + " signaling channels");
    }

    public static ApiException streamLimit(int limit) {
        return new ApiException(400, "AccountStreamLimitExceededException",
                "This account may have at most " + limit + " streams");
    }

    public static ApiException tagLimit(int limit) {
        return new ApiException(400, "TagsPerResourceExceededLimitException",
                "A resource may have at most " + limit + " tags");
    }

    public static ApiException noDataRetention(String streamArn) {
        return new ApiException(400, "NoDataRetentionException",
                "The stream " + streamArn + " has DataRetentionInHours 0; media storage needs a stream that retains data");
    }

    public static ApiException linked(String what) {
        return ApiException.resourceInUse(what);
    }
}
