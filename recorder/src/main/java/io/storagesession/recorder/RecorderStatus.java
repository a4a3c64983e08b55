package io.storagesession.recorder;

/**
 * What a channel's recorder is doing, for operators (the console's live page): its state, the fragments it handed to
 * PutMedia and those the store acknowledged as PERSISTED (KVS-WIRE.md §4), over every recording of the session, and
 * the last problem it met.
 *
 * @param lastError the last delivery failure, fragment loss or recording stall of the session, or null; kept after a
 *                  recovery, so that an operator sees what happened
 */
public record RecorderStatus(State state, long fragmentsSent, long fragmentsAcked, String lastError) {
    /** A channel without a recorder: no session, recording off, or no stream linked to the channel. */
    public static final RecorderStatus NO_RECORDER = new RecorderStatus(State.NONE, 0, 0, null);

    public enum State {
        /** The master's video is being written into fragments. */
        RECORDING,
        /**
         * The master is connected but its video cannot be written until a keyframe comes: none yet, one lost, or the
         * last fragment was cut at its longest (the recorder asks for one, RFC 4585 §6.3.1).
         */
        WAITING_FOR_KEYFRAME,
        /** The session has a recorder and no master to record. */
        IDLE,
        /** No recorder for that channel. */
        NONE
    }
}
