package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import java.nio.ByteBuffer;

/**
 * The answering side of the data round trip: sends every message straight back, so the offerer can compare what it
 * gets with what it sent and know both relay directions carried it.
 */
final class DataChannelEcho implements RTCDataChannelObserver {
    private final RTCDataChannel channel;

    private DataChannelEcho(RTCDataChannel channel) {
        this.channel = channel;
    }

    static void attach(RTCDataChannel channel) {
        channel.registerObserver(new DataChannelEcho(channel));
    }

    @Override
    public void onMessage(RTCDataChannelBuffer message) {
        byte[] copy = new byte[message.data.remaining()];
        message.data.get(copy);
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(copy), message.binary));
        } catch (Exception e) {
            throw new IllegalStateException("echo failed", e);
        }
    }

    @Override
    public void onStateChange() {
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
    }
}
