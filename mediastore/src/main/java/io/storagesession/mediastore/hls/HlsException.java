package io.storagesession.mediastore.hls;

/**
 * A KVS-shaped error (KVS-WIRE.md §1 "Error responses"): HTTP status, {@code x-amzn-ErrorType} and a body
 * {@code {"__type","message"}}. The HLS routes answer it themselves; the GetHLSStreamingSessionURL wiring turns it into
 * the API layer's own exception with the same status, type and message (see {@link HlsApiRegistry}).
 *
 * <p>Names and statuses are those of the kinesis-video-archived-media service model (GetHLSStreamingSessionURL's
 * errors); the HLS resources (playlists, fragments) answer the same set.
 */
public final class HlsException extends RuntimeException {
    private final int status;
    private final String type;

    public HlsException(int status, String type, String message) {
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

    public static HlsException invalidArgument(String message) {
        return new HlsException(400, "InvalidArgumentException", message);
    }

    /** A malformed JSON field type, as the AWS JSON protocol answers it. */
    public static HlsException serialization(String message) {
        return new HlsException(400, "SerializationException", message);
    }

    /**
     * No stream, or no fragment where the session needs one: KVS answers 404 for ON_DEMAND/LIVE_REPLAY without fragments
     * in range and LIVE without a fragment in the last 30 s (service model, ResourceNotFoundException).
     */
    public static HlsException resourceNotFound(String message) {
        return new HlsException(404, "ResourceNotFoundException", message);
    }

    /**
     * A session token that is missing its signature, altered, forged or expired. The service model documents
     * NotAuthorizedException as "Status Code: 403 ... or the token has expired", and KVS answers an expired HLS token
     * with 403 ("Streaming session token is expired", aws-samples/amazon-kinesis-video-streams-media-viewer#5).
     */
    public static HlsException notAuthorized(String message) {
        return new HlsException(403, "NotAuthorizedException", message);
    }

    /** A codec KVS HLS cannot carry in the asked container (Opus in MPEG-TS; service model, 400). */
    public static HlsException unsupportedMediaType(String message) {
        return new HlsException(400, "UnsupportedStreamMediaTypeException", message);
    }

    public static HlsException noDataRetention(String message) {
        return new HlsException(400, "NoDataRetentionException", message);
    }

    public static HlsException internal() {
        return new HlsException(500, "InternalFailure", "The request processing has failed because of an unknown error.");
    }
}
