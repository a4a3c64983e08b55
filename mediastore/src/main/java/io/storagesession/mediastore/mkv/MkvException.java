package io.storagesession.mediastore.mkv;

/**
 * Input the store refuses, with the PutMedia ErrorId (KVS-WIRE.md §4, {@link ErrorIds}) that tells the producer why.
 * Thrown by the parser and the fragment rules; never carries a stack trace (it is expected, hostile input).
 */
public final class MkvException extends Exception {
    private final int errorId;

    public MkvException(int errorId, String message) {
        super(message, null, false, false);
        this.errorId = errorId;
    }

    public static MkvException invalid(String message) {
        return new MkvException(ErrorIds.INVALID_MKV, message);
    }

    public int errorId() {
        return errorId;
    }
}
