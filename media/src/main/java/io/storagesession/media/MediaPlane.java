package io.storagesession.media;

import io.storagesession.codecs.rtp.RtcpCompound;

/**
 * What a session does with its participants' media: the seam the transport calls and the SFU and the mixer implement
 * (the recorder subscribes to what they publish instead). One instance per session; every method is called on the
 * session's executor, one at a time, so an implementation needs no locks. Packet buffers are lent for the duration of
 * the call only.
 */
public interface MediaPlane extends SessionPlugin {
    /** A participant's DTLS-SRTP path is up; {@code out} reaches it until {@link #disconnected}. */
    void connected(ParticipantId participant, MediaOut out);

    /** The participant's path is gone (closed, replaced by a newer join, failed). */
    void disconnected(ParticipantId participant);

    /** A decrypted RTP packet of {@code kind} from the participant (RFC 3550 header and payload). */
    void rtp(ParticipantId from, MediaKind kind, byte[] buf, int off, int len);

    /**
     * A decrypted compound RTCP packet from the participant (SR, RR, SDES, feedback), parsed once by the transport
     * and read by every plane; lent for the call only.
     */
    void rtcp(ParticipantId from, RtcpCompound rtcp);

    /** Ignores everything: the default until an SFU or mixer is wired in. */
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
        public void rtcp(ParticipantId from, RtcpCompound rtcp) {
        }

        @Override
        public void close() {
        }
    };
}
