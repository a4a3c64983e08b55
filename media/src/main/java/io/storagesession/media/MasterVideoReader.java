package io.storagesession.media;

import io.storagesession.codecs.SenderReportClock;

/**
 * A subscriber of the session's master video stream (MediaMTX's stream readers): the viewers' forwarding and the
 * recorder. The stream has already done what every subscriber needs once — RTX unwrapped to the original packet (RFC
 * 4588 §4), duplicates and foreign SSRCs dropped, lost packets NACKed (RFC 4585 §6.2.1), the master's sender reports
 * (RFC 3550 §6.4.1) read — so no subscriber parses RTCP or unwraps RTX again. Called on the session executor, in
 * subscription order; buffers are lent for the call only.
 */
public interface MasterVideoReader {
    /**
     * A master path is up: a new stream begins (a reconnecting master is a new one). {@code master} reaches it, and
     * tells what it answered; the call comes before any of its packets. Unless overridden, it is a restart.
     */
    default void masterConnected(MediaOut master) {
        masterRestarted();
    }

    /** The master's path is gone; nothing more of this stream comes. */
    default void masterDisconnected() {
    }

    /**
     * A new master stream: its RTP sequence restarted (RFC 3550 A.1), or (by default) a new master path. Reordering
     * state of the old sequence no longer applies. A restart of the sequence comes just before the packet that
     * restarted it.
     */
    default void masterRestarted() {
    }

    /** An accepted RTP packet of the master's H.264 stream, in arrival order (not yet reordered). */
    void masterVideo(byte[] packet, int off, int len, long nanoTime);

    /**
     * A sender report of the master's video stream updated the stream's one clock (RFC 3550 §6.4.1): its mapping
     * holds for {@link SenderReportClock#ssrc()} only (a new master path brings a new one). The clock stays the
     * stream's: a subscriber may keep the reference to read it, never update or forget it.
     */
    default void masterSenderReport(SenderReportClock clock) {
    }
}
