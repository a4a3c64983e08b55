package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The offering side of the data round trip: waits for the channel to open (DTLS and SCTP done over the relay), sends,
 * and hands back what the echo returned.
 */
final class DataChannelProbe implements RTCDataChannelObserver {
    private final RTCDataChannel channel;
    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    private DataChannelProbe(RTCDataChannel channel) {
        this.channel = channel;
    }

    static DataChannelProbe attach(RTCDataChannel channel) {
        DataChannelProbe probe = new DataChannelProbe(channel);
        channel.registerObserver(probe);
        return probe;
    }

    /** Sends {@code payload} once the channel is open and returns the echo, or fails after {@code timeout}. */
    byte[] roundTrip(byte[] payload, boolean binary, Duration timeout) throws Exception {
        NativeCalls.await(open, "data channel open", timeout);
        channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(payload), binary));
        byte[] echo = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (echo == null) {
            throw new AssertionError("no echo of a " + payload.length + "-byte message within " + timeout);
        }
        return echo;
    }

    @Override
    public void onStateChange() {
        if (channel.getState() == RTCDataChannelState.OPEN) {
            open.complete(null);
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer message) {
        byte[] copy = new byte[message.data.remaining()];
        message.data.get(copy);
        received.add(copy);
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
    }
}
