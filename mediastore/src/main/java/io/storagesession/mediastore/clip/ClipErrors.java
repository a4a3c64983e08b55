package io.storagesession.mediastore.clip;

import io.storagesession.api.http.ApiException;

/**
 * The KVS errors only GetClip answers, as {@link ApiException}s (KVS-WIRE.md §1 "Error responses"). Names and statuses
 * are those of the GetClip API reference ("Errors"): all 400. The errors every KVS API shares
 * (InvalidArgumentException, SerializationException, ResourceNotFoundException, ClientLimitExceededException,
 * InternalFailure) are {@link ApiException}'s own, and NotAuthorizedException (401) is the operation's access-denied
 * error ({@code ApiOperation.signaling}).
 */
final class ClipErrors {
    private static final int BAD_REQUEST = 400;

    private ClipErrors() {
    }

    /** "A streaming session was requested for a stream that does not retain data (DataRetentionInHours of 0)". */
    static ApiException noDataRetention(String message) {
        return new ApiException(BAD_REQUEST, "NoDataRetentionException", message);
    }

    /** "The type of the media ... could not be determined from the codec IDs of the tracks". */
    static ApiException unsupportedMediaType(String message) {
        return new ApiException(BAD_REQUEST, "UnsupportedStreamMediaTypeException", message);
    }

    /** "No codec private data was found in at least one of tracks of the video stream". */
    static ApiException missingCodecPrivateData(String message) {
        return new ApiException(BAD_REQUEST, "MissingCodecPrivateDataException", message);
    }

    /**
     * "The codec private data in at least one of the tracks of the video stream is not valid for this operation";
     * also a clip whose codec private data or tracks change between its fragments ("CPD changes aren't supported
     * between the target fragments of the resulting clip ... otherwise an error will be returned").
     */
    static ApiException invalidCodecPrivateData(String message) {
        return new ApiException(BAD_REQUEST, "InvalidCodecPrivateDataException", message);
    }

    /** "One or more frames in the requested clip could not be parsed based on the specified codec". */
    static ApiException invalidMediaFrame(String message) {
        return new ApiException(BAD_REQUEST, "InvalidMediaFrameException", message);
    }
}
