package io.storagesession.bench.session.peer;

/**
 * Where a sender writes its next clear RTP packet: {@link #buffer()} from {@link #OFFSET} (room before it for the
 * ChannelData header, after it for the SRTP tag); {@link #sendRtp} protects and sends it. One buffer for the whole event
 * loop: a packet is written and sent before the next is begun.
 */
public interface PacketSink {
    /** Where the packet starts in {@link #buffer()}: after the 4-byte ChannelData header (RFC 8656 §12.4). */
    int OFFSET = 4;

    byte[] buffer();

    /** Protects (SRTP) and sends the {@code length} bytes written at {@link #OFFSET}. */
    void sendRtp(int length);
}
