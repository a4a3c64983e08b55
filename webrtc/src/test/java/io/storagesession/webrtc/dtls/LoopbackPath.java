package io.storagesession.webrtc.dtls;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One direction of an in-memory link: what one endpoint sends is copied and delivered to the other on this link's
 * own thread, as an ICE socket reader would. A filter may drop datagrams to simulate loss.
 */
final class LoopbackPath implements PacketPath, AutoCloseable {
    private final ExecutorService thread;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile DtlsEndpoint target;
    private volatile Predicate<byte[]> drop = datagram -> false;
    private volatile byte[][] injectBeforeEach = new byte[0][];
    private volatile Predicate<byte[]> holdBack = datagram -> false;
    private byte[] held;
    private boolean heldOnce;

    LoopbackPath(String name) {
        thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    void connectTo(DtlsEndpoint endpoint) {
        target = endpoint;
    }

    void dropWhen(Predicate<byte[]> filter) {
        drop = filter;
    }

    /** Holds back the first datagram that matches and delivers it right after the next one: a reordering. */
    synchronized void holdBackOnce(Predicate<byte[]> filter) {
        holdBack = filter;
    }

    /** Delivers these datagrams ahead of every real one. */
    void injectBeforeEach(byte[]... datagrams) {
        injectBeforeEach = datagrams;
    }

    int sent() {
        return sent.get();
    }

    @Override
    public synchronized void send(byte[] buf, int off, int len) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        sent.incrementAndGet();
        if (drop.test(copy)) {
            return;
        }
        if (!heldOnce && holdBack.test(copy)) {
            heldOnce = true;
            held = copy;
            return;
        }
        deliverLater(copy);
        if (held != null) {
            deliverLater(held);
            held = null;
        }
    }

    private void deliverLater(byte[] copy) {
        byte[][] garbage = injectBeforeEach;
        thread.execute(() -> {
            DtlsEndpoint endpoint = target;
            if (endpoint != null) {
                for (byte[] g : garbage) {
                    endpoint.deliver(g, 0, g.length);
                }
                endpoint.deliver(copy, 0, copy.length);
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
