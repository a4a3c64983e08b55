package io.storagesession.mediastore.mkv;

/**
 * The PutMedia ErrorIds of KVS-WIRE.md §4 that this store answers, as the producer SDKs interpret them: an ERROR
 * acknowledgement with one of these ends the upload.
 */
public final class ErrorIds {
    /** The connection could not be read. */
    public static final int READ_ERROR = 4000;
    public static final int FRAGMENT_TOO_LARGE = 4001;
    public static final int FRAGMENT_TOO_LONG = 4002;
    public static final int TIMECODE_BACKWARDS = 4004;
    public static final int INVALID_MKV = 4006;
    public static final int INVALID_PRODUCER_TIMESTAMP = 4007;
    public static final int STREAM_NOT_ACTIVE = 4008;
    public static final int METADATA_LIMIT = 4009;
    public static final int TRACK_NOT_IN_TRACKS = 4010;
    public static final int TRACK_WITHOUT_FRAME = 4011;
    public static final int TOO_MANY_TRACKS = 4012;
    public static final int INTERNAL = 5000;
    public static final int PERSIST_FAILED = 5001;

    private ErrorIds() {
    }
}
