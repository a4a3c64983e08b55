package io.storagesession.mediastore;

import io.storagesession.api.http.ApiException;

/**
 * The KVS errors the playback APIs of the stored media answer beyond those every KVS API shares, as
 * {@link ApiException}s (KVS-WIRE.md §1 "Error responses": status, {@code x-amzn-ErrorType}, body
 * {@code {"__type","message"}}). Names and statuses are those of the kinesis-video-archived-media service model and
 * API reference ("Errors" of GetHLSStreamingSessionURL, GetDASHStreamingSessionURL, GetClip, GetImages), and the HLS
 * and DASH resources (playlists, manifests, fragments) answer the same set. One place for all of them, so that GetClip,
 * HLS, DASH and GetImages refuse the same media with the same error.
 *
 * <p>The errors every KVS API shares (InvalidArgumentException, SerializationException, ResourceNotFoundException,
 * ClientLimitExceededException, InternalFailure) are {@link ApiException}'s own; NotAuthorizedException (401) for a
 * SigV4 caller is an operation's access-denied error ({@code ApiOperation.signaling}).
 */
public final class ArchiveErrors {
    private static final int BAD_REQUEST = 400;
    private static final int FORBIDDEN = 403;

    private ArchiveErrors() {
    }

    /**
     * A session token that is missing its signature, altered, forged or expired. The service model documents
     * NotAuthorizedException as "Status Code: 403 ... or the token has expired", and KVS answers an expired HLS token
     * with 403 ("Streaming session token is expired", aws-samples/amazon-kinesis-video-streams-media-viewer#5).
     */
    public static ApiException notAuthorized(String message) {
        return new ApiException(FORBIDDEN, "NotAuthorizedException", message);
    }

    /**
     * "A streaming session was requested for a stream that does not retain data (that is, has a
     * DataRetentionInHours of 0)".
     */
    public static ApiException noDataRetention(String message) {
        return new ApiException(BAD_REQUEST, "NoDataRetentionException", message);
    }

    /**
     * "The type of the media ... could not be determined from the codec IDs of the tracks", or media the session
     * cannot carry: Opus in MPEG-TS, a DASH stream without video.
     */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(BAD_REQUEST, "UnsupportedStreamMediaTypeException", message);
    }

    /** "No codec private data was found in at least one of tracks of the video stream". */
    public static ApiException missingCodecPrivateData(String message) {
        return new ApiException(BAD_REQUEST, "MissingCodecPrivateDataException", message);
    }

    /**
     * "The codec private data in at least one of the tracks of the video stream is not valid for this operation";
     * GetClip also answers it for a clip whose codec private data or tracks change between its fragments ("CPD changes
     * aren't supported between the target fragments of the resulting clip ... otherwise an error will be returned").
     */
    public static ApiException invalidCodecPrivateData(String message) {
        return new ApiException(BAD_REQUEST, "InvalidCodecPrivateDataException", message);
    }

    /** "One or more frames in the requested clip could not be parsed based on the specified codec". */
    public static ApiException invalidMediaFrame(String message) {
        return new ApiException(BAD_REQUEST, "InvalidMediaFrameException", message);
    }
}
