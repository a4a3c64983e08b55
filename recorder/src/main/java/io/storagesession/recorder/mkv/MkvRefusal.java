package io.storagesession.recorder.mkv;

/**
 * Thrown when the caller asks the writer for MKV that KVS would reject (KVS-WIRE.md §4 ErrorIds, §5 rules). Nothing
 * was written for the refused call, so the caller can correct itself (start a new fragment, drop the frame) and go on.
 */
public final class MkvRefusal extends RuntimeException {
    /** Why, with the PutMedia ErrorId KVS would have answered had the bytes been sent (0: no specific one). */
    public enum Reason {
        /** A fragment must start with a video keyframe (KVS-WIRE.md §5); KVS answers 4006 invalid MKV. */
        FIRST_FRAME_NOT_VIDEO_KEYFRAME(4006),
        /** A track's timecodes, or cluster timecodes, went backwards (4004). */
        TIMECODE_BACKWARDS(4004),
        /** The frame's time relative to its cluster does not fit SimpleBlock's signed 16 bits: start a new fragment. */
        RELATIVE_TIMECODE_OUT_OF_RANGE(4006),
        /** A declared track has no frame in the fragment being closed (4011). */
        TRACK_WITHOUT_FRAME(4011),
        /** A frame for a track the header did not declare (4010). */
        UNKNOWN_TRACK(4010),
        /** Fragment metadata breaks KVS' tag limits (4009). */
        BAD_TAG(4009),
        /** A frame was written with no fragment started. */
        NO_FRAGMENT(0);

        private final int kvsErrorId;

        Reason(int kvsErrorId) {
            this.kvsErrorId = kvsErrorId;
        }

        public int kvsErrorId() {
            return kvsErrorId;
        }
    }

    private final Reason reason;

    public MkvRefusal(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
