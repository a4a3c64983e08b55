package io.storagesession.api.http;

/**
 * An error answered in the shape every KVS API uses (KVS-WIRE.md §1 "Error responses"): the HTTP status,
 * {@code x-amzn-ErrorType: <type>} and a body {@code {"__type":"<type>","message":"…"}}.
 * Thrown anywhere below a route and turned into a response by {@link ApiResponses}.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;

    public ApiException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static ApiException invalidArgument(String message) {
        return new ApiException(400, "InvalidArgumentException", message);
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException(404, "ResourceNotFoundException", message);
    }

    public static ApiException resourceInUse(String message) {
        return new ApiException(400, "ResourceInUseException", message);
    }

    public static ApiException clientLimitExceeded(String message) {
        return new ApiException(400, "ClientLimitExceededException", message);
    }

    public static ApiException accountLimitExceeded(String message) {
        return new ApiException(400, "AccountChannelLimitExceededException", message);
    }

    public static ApiException versionMismatch(String message) {
        return new ApiException(400, "VersionMismatchException", message);
    }

    public static ApiException serialization(String message) {
        return new ApiException(400, "SerializationException", message);
    }

    /** The generic 5xx; the message never carries internal detail. */
    public static ApiException internal() {
        return new ApiException(500, "InternalFailure", "The request processing has failed because of an unknown error.");
    }

    /** Unknown operation or path, as API Gateway-fronted AWS services answer. */
    public static ApiException unknownOperation(String path) {
        return new ApiException(404, "UnknownOperationException", "No operation at " + path);
    }
}
