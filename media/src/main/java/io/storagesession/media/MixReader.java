package io.storagesession.media;

/**
 * A subscriber of the session's full audio mix — every participant that sends audio — once per tick: the recorder.
 * While one is subscribed the mixer produces the full mix even when no participant would hear exactly it. Called on
 * the session executor; arrays are lent for the call only.
 */
public interface MixReader {
    /** {@code masterTimestamp} when this tick plays nothing of the master's audio. */
    long NO_TIMESTAMP = -1;

    /**
     * One 20 ms frame of the full mix.
     *
     * @param nanoTime the tick's session clock
     * @param ntp      the master's NTP time (RFC 5905 64-bit format) of this frame, from the master's audio sender
     *                 reports: the timeline its video's reports use, so the recorder can put both tracks on absolute
     *                 timecodes in sync; {@code 0} before the master's first report
     * @param masterTimestamp the RTP timestamp of the master's frame this tick plays, or {@link #NO_TIMESTAMP}
     * @param pcm      960 samples of 48 kHz mono PCM (silence when nobody talks)
     * @param opus     the same frame as an Opus packet (RFC 6716) in {@code opus[off, off + len)}: the talker's own
     *                 payload when exactly one talks, otherwise the encoded mix
     */
    void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int off, int len);

    /**
     * An RTP packet of the master's audio as it arrived, before the mixer's checks: when each of its RTP timestamps
     * arrived places the mix frames that play it ({@code masterTimestamp} above).
     */
    default void masterAudio(byte[] packet, int off, int len) {
    }

    /**
     * Whether {@link #mixed}'s {@code pcm} is used. When it is not, a lone talker's frame is not decoded for the
     * recording (its Opus payload is all an {@code A_OPUS} track keeps) and {@code pcm} is silence.
     */
    default boolean needsPcm() {
        return true;
    }
}
