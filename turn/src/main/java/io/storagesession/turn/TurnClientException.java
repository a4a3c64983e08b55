package io.storagesession.turn;

import java.io.IOException;

/**
 * Why a TURN client request failed: the server's ERROR-CODE (RFC 8489 §14.8; RFC 8656 §18 adds TURN's own, such as
 * 486 Allocation Quota Reached and 508 Insufficient Capacity) and reason phrase, or — with code
 * {@link #NO_ANSWER} — that no answer came within the retransmission schedule (RFC 8489 §6.2.1).
 */
public final class TurnClientException extends IOException {
    /** The code of a request that was never answered. */
    public static final int NO_ANSWER = 0;

    private final int errorCode;

    public TurnClientException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The server's ERROR-CODE, or {@link #NO_ANSWER}. */
    public int errorCode() {
        return errorCode;
    }
}
