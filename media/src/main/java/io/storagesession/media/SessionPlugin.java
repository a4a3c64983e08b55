package io.storagesession.media;

/**
 * Anything that lives as long as one session and runs on its media clock: the media planes, which also take the
 * participants' packets, and the recorder, which reads only what the planes publish (the master stream, the mix).
 * Called on the session's executor, one call at a time.
 */
public interface SessionPlugin {
    /**
     * The session's media clock: called every {@code storage-session.media.tick-interval} (20 ms, one Opus frame) on
     * the session executor, so an audio mix is paced without a thread of its own.
     *
     * @param nanoTime the session clock's {@link System#nanoTime()}-style reading at this tick
     */
    default void tick(long nanoTime) {
    }

    /** The session ended; release everything. */
    void close();
}
