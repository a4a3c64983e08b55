package io.storagesession.codecs;

/**
 * The caller's timeline for an encoder fed in chunks: the first chunk's timestamp anchors it, each later chunk is
 * expected where the previous one ended. A forward jump up to a limit is reported as a gap to fill with silence (so
 * output timestamps stay the caller's); a bigger jump or a step back is refused before anything is taken.
 */
final class ChunkTimeline {
    private final long maxGap;
    private boolean anchored;
    private long anchor;
    private long next;

    ChunkTimeline(long maxGap) {
        this.maxGap = maxGap;
    }

    /**
     * Checks a chunk that starts at {@code pts}.
     *
     * @return the samples of silence to insert before it (0 when it follows on)
     * @throws IllegalArgumentException when it steps back or jumps beyond the limit
     */
    long gapBefore(long pts) {
        if (!anchored) {
            anchored = true;
            anchor = pts;
            next = pts;
            return 0;
        }
        if (pts < next || pts - next > maxGap || pts - next < 0) { // the last: an overflowing difference
            throw new IllegalArgumentException("chunk at sample " + pts + " where " + next + " was expected"
                    + (pts < next ? ": the timeline steps back" : ": a gap beyond codecs.aac.max-gap (" + maxGap
                    + " samples)") + "; flush and start a new encoder");
        }
        return pts - next;
    }

    /** Records that a chunk of {@code samples} starting at {@code pts} was taken (after its gap, if any). */
    void taken(long pts, int samples) {
        next = pts + samples;
    }

    /** The timestamp of the first sample taken. */
    long anchor() {
        return anchor;
    }
}
