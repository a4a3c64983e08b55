package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bouncy Castle's view of the association's datagrams: receives come from the {@link DatagramQueue}, sends go to the
 * {@link PacketPath}. During the handshake a receive waits for the queue, but never past the handshake deadline, and
 * the peer's final flight is put in order ({@link FlightOrder}).
 * Afterwards the transport is {@linkplain #stopWaiting() non-blocking}: an empty queue ends the record layer's receive
 * loop with {@link Drained} instead of a wait or a spin, so records can be processed on whichever thread delivered
 * them.
 */
final class QueueTransport implements DatagramTransport {
    private static final Logger LOG = LoggerFactory.getLogger(QueueTransport.class);

    /**
     * Thrown from a non-blocking receive on an empty queue. An {@link InterruptedIOException} because that is the one
     * kind Bouncy Castle's record layer passes up without failing the connection. Preallocated, without a stack trace.
     */
    static final class Drained extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        Drained() {
            super("no queued DTLS datagram");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final DatagramQueue queue;
    private final PacketPath path;
    private final int sendLimit;
    private final int handshakeTimeoutMillis;
    private final long deadlineNanos;
    private final Drained drained = new Drained();
    private final FlightOrder flightOrder;
    private volatile boolean nonBlocking;
    /** Handshake traffic, for the message of a handshake that failed: what we took, refused, sent, failed to send. */
    private volatile int taken;
    private volatile int refused;
    private volatile int sent;
    private volatile int unsent;
    private volatile boolean closed;

    QueueTransport(DatagramQueue queue, PacketPath path, int sendLimit, int handshakeTimeoutMillis,
            boolean server) {
        this.queue = queue;
        this.flightOrder = new FlightOrder(server, queue.slotBytes());
        this.path = path;
        this.sendLimit = sendLimit;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(handshakeTimeoutMillis);
    }

    @Override
    public int getReceiveLimit() {
        return queue.slotBytes();
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /** From now on receives never wait: the handshake is over and records are processed as they are delivered. */
    void stopWaiting() {
        nonBlocking = true;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (nonBlocking) {
            int received = closed ? DatagramQueue.EMPTY : queue.poll(buf, off, len, 0);
            if (received >= 0) {
                return received;
            }
            throw drained;
        }
        if (closed) {
            // Bouncy Castle closed us after the peer's close_notify: waiting on would only end at the deadline.
            throw new IOException("DTLS transport closed");
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMillis <= 0) {
            throw new TlsTimeoutException("no DTLS handshake within " + handshakeTimeoutMillis + " ms");
        }
        int released = flightOrder.release(buf, off, len);
        if (released >= 0) {
            return released;
        }
        // Bouncy Castle reads a wait of zero as "forever"; we never wait past the deadline.
        long wait = waitMillis == 0 ? remainingMillis : Math.min(waitMillis, remainingMillis);
        int received = queue.poll(buf, off, len, wait);
        if (received == DatagramQueue.CLOSED) {
            throw new IOException("DTLS endpoint closed");
        }
        if (received > 0 && !flightOrder.admit(buf, off, received)) {
            refused++;
            return DatagramQueue.EMPTY;
        }
        if (received > 0) {
            taken++;
        }
        return received;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        try {
            path.send(buf, off, len);
            sent++;
        } catch (IOException | RuntimeException e) {
            unsent++;
            // A datagram that could not leave is a lost datagram; DTLS retransmits (RFC 6347 §4.2.4).
            LOG.debug("DTLS datagram of {} bytes not sent: {}", len, e.toString());
        }
    }

    /** The handshake's datagrams so far, e.g. {@code took 1, held back 0, sent 3, failed to send 0}. */
    String traffic() {
        return "took " + taken + ", held back " + refused + ", sent " + sent + ", failed to send " + unsent
                + "; last held back: " + flightOrder.lastRefusal();
    }

    /** Called by Bouncy Castle once the record layer is done (after a close_notify or a failure), and by us. */
    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
