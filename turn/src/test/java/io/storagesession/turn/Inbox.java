package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link RelayReceiver} for tests: keeps each datagram as text with the address it came from. */
final class Inbox implements RelayReceiver {
    /** One received datagram. */
    record Datagram(String text, InetSocketAddress from) {
    }

    private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();

    @Override
    public void received(ByteBuffer payload, InetSocketAddress from) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        queue.add(new Datagram(new String(bytes, StandardCharsets.UTF_8), from));
    }

    /** The next datagram within {@code millis}, or null. */
    Datagram next(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    int size() {
        return queue.size();
    }

    static boolean send(RelayTransport from, String text, RelayTransport to) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return from.send(bytes, 0, bytes.length, to.address());
    }
}
