package io.storagesession.mixer;

/**
 * Receives the master's video as the forwarder has repaired it, for the recorder: every packet the
 * forwarder accepted — RTX already unwrapped to the original packet (RFC 4588 §4), duplicates and foreign SSRCs
 * already dropped — and the master's video sender reports (RFC 3550 §6.4.1), whose NTP times put the recording on
 * the master's wallclock. One stream abstraction with the viewers as its other consumers, so the recorder neither
 * parses RTCP nor unwraps RTX again. Called on the session executor; buffers are lent for the call only.
 */
public interface RecordingVideo {
    /** An accepted RTP packet of the master's H.264 stream, in arrival order (not yet reordered). */
    void masterVideo(byte[] packet, int off, int len, long nanoTime);

    /**
     * A sender report of the master's video stream {@code ssrc}: {@code ntp} (RFC 5905 64-bit) is the time of
     * {@code rtpTimestamp}. A mapping holds for its SSRC only (a new master path brings a new one).
     */
    void masterSenderReport(int ssrc, long ntp, int rtpTimestamp);

    /**
     * A new master stream: a new participant path, or its RTP sequence restarted (RFC 3550 A.1). Reordering state of
     * the old sequence no longer applies.
     */
    void masterRestarted();

    RecordingVideo NONE = new RecordingVideo() {
        @Override
        public void masterVideo(byte[] packet, int off, int len, long nanoTime) {
        }

        @Override
        public void masterSenderReport(int ssrc, long ntp, int rtpTimestamp) {
        }

        @Override
        public void masterRestarted() {
        }
    };
}
