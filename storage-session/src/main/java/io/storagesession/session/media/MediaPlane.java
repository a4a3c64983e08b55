package io.storagesession.session.media;

/**
 * What a session does with its participants' media: the seam the mixer (forwarding, audio mixes) and the recorder
 * consume. One instance per session; every method is called on the session's executor, one at a time, so an
 * implementation needs no locks. Packet buffers are lent for the duration of the call only.
 */
public interface MediaPlane {
    /** A participant's DTLS-SRTP path is up; {@code out} reaches it until {@link #disconnected}. */
    void connected(ParticipantId participant, MediaOut out);

    /** The participant's path is gone (closed, replaced by a newer join, failed). */
    void disconnected(ParticipantId participant);

    /** A decrypted RTP packet of {@code kind} from the participant (RFC 3550 header and payload). */
    void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len);

    /** A decrypted compound RTCP packet from the participant (SR, RR, SDES, feedback). */
    void rtcp(ParticipantId from, byte[] buf, int off, int len);

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

    /** Ignores everything: the default until a mixer or recorder is wired in. */
    MediaPlane NONE = new MediaPlane() {
        @Override
        public void connected(ParticipantId participant, MediaOut out) {
        }

        @Override
        public void disconnected(ParticipantId participant) {
        }

        @Override
        public void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len) {
        }

        @Override
        public void rtcp(ParticipantId from, byte[] buf, int off, int len) {
        }

        @Override
        public void close() {
        }
    };
}
