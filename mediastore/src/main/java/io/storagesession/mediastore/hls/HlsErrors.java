package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;

/**
 * The KVS errors only HLS playback answers, as {@link ApiException}s (KVS-WIRE.md §1 "Error responses": status,
 * {@code x-amzn-ErrorType}, body {@code {"__type","message"}}). Names and statuses are those of the
 * kinesis-video-archived-media service model (GetHLSStreamingSessionURL's errors); the HLS resources (playlists,
 * fragments) answer the same set. The errors every KVS API shares (InvalidArgumentException, SerializationException,
 * ResourceNotFoundException — which KVS answers for ON_DEMAND/LIVE_REPLAY without fragments in range and LIVE without
 * a fragment in the last 30 s — and InternalFailure) are {@link ApiException}'s own.
 */
public final class HlsErrors {
    private static final int BAD_REQUEST = 400;
    private static final int FORBIDDEN = 403;

    private HlsErrors() {
    }

    /**
     * A session token that is missing its signature, altered, forged or expired. The service model documents
     * NotAuthorizedException as "Status Code: 403 ... or the token has expired", and KVS answers an expired HLS token
     * with 403 ("Streaming session token is expired", aws-samples/amazon-kinesis-video-streams-media-viewer#5).
     */
    static ApiException notAuthorized(String message) {
        return new ApiException(FORBIDDEN, "NotAuthorizedException", message);
    }

    /** A codec KVS HLS cannot carry in the asked container (Opus in MPEG-TS; service model, 400). */
    static ApiException unsupportedMediaType(String message) {
        return new ApiException(BAD_REQUEST, "UnsupportedStreamMediaTypeException", message);
    }

    /** A stream with DataRetentionInHours 0 has nothing to play (service model, 400). */
    public static ApiException noDataRetention(String message) {
        return new ApiException(BAD_REQUEST, "NoDataRetentionException", message);
    }
}
