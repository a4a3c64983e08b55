package io.storagesession.codecs.h264;

/**
 * Where {@link VideoJitterBuffer} delivers the stream: payloads strictly in sequence order, and a note wherever
 * sequence numbers were given up, so the next stage knows that what follows does not continue what came before.
 */
public interface RtpPayloadSink {
    /**
     * The next packet's payload (RTP header and padding removed; never empty). The bytes are only valid during the
     * call: the buffer is reused.
     */
    void payload(int timestamp, boolean marker, byte[] buf, int off, int len);

    /** This many sequence numbers, just before the next payload, will never be delivered. */
    void lost(int packets);

    /**
     * The sender's sequence restarted (RFC 3550 A.1: a jump confirmed by the next packet), as when its encoder was
     * recreated: what follows is a new stream, and its timestamps need not continue the old ones.
     */
    void restarted();
}
