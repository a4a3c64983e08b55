package io.storagesession.webrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association (RFC 6347) with one WebRTC peer, over the ICE-selected {@link PacketPath}, whose only
 * product is a pair of SRTP keys (DTLS-SRTP, RFC 5764). The role follows the SDP answer (RFC 5763 §5): server when
 * the remote answered {@code a=setup:active}, client when it answered {@code passive}.
 *
 * <p>Threads: {@link #deliver} is called by whoever reads the socket and only queues the datagram while the handshake
 * runs; {@link #handshake()} blocks a worker thread (never an event loop) until the keys are exported or the
 * configured timeout passes. After the handshake there is no thread of our own: records delivered later (a
 * retransmitted final flight, a close_notify, an alert) are run through Bouncy Castle's record layer on the
 * delivering thread, which may answer through the {@link PacketPath} and may call {@code onRemoteClose}.
 */
public final class DtlsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);
    /** RFC 7983 §7: a first byte from 20 to 63 marks a DTLS record among STUN, TURN channel and RTP/RTCP packets. */
    private static final int DTLS_FIRST_BYTE_MIN = 20;
    private static final int DTLS_FIRST_BYTE_MAX = 63;
    /** Receive slots hold any datagram an Ethernet path can carry, whatever MTU the peer itself chose. */
    private static final int MIN_RECEIVE_DATAGRAM_BYTES = 1500;
    /** Bouncy Castle reads zero as "wait forever"; our transport never waits after the handshake anyway. */
    private static final int NO_WAIT_MILLIS = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DtlsCertificate certificate;
    private final boolean server;
    private final PacketPath path;
    private final DtlsSettings settings;
    private final Runnable onRemoteClose;
    private final DatagramQueue queue;
    private final DtlsSrtpNegotiation negotiation;
    private final AtomicBoolean handshakeStarted = new AtomicBoolean();
    private final AtomicBoolean remoteCloseReported = new AtomicBoolean();
    private final AtomicLong rejected = new AtomicLong();
    /** Bouncy Castle's record layer is run by one thread at a time once established. */
    private final ReentrantLock recordLock = new ReentrantLock();
    private final Object stateLock = new Object();
    private QueueTransport transport;
    private volatile DTLSTransport established;
    private volatile boolean closed;
    private volatile boolean remoteClosed;
    private volatile short lastAlertReceived = -1;
    private byte[] applicationData;

    /**
     * @param remoteFingerprint the {@code a=fingerprint} of the remote SDP; the peer's certificate must match it
     * @param server true to act as DTLS server (remote {@code a=setup:active}), false as client ({@code passive})
     * @param onRemoteClose run once, on the delivering thread, when the established association ends from the
     *     peer's side: its close_notify, a fatal alert, or a record-layer failure. Not run for {@link #close()}
     */
    public DtlsEndpoint(DtlsCertificate certificate, RemoteFingerprint remoteFingerprint, boolean server,
            PacketPath path, DtlsSettings settings, Runnable onRemoteClose) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.server = server;
        this.path = Objects.requireNonNull(path, "path");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onRemoteClose = Objects.requireNonNull(onRemoteClose, "onRemoteClose");
        this.negotiation = new DtlsSrtpNegotiation(
                Objects.requireNonNull(remoteFingerprint, "remoteFingerprint"), settings.srtpProfiles());
        this.queue = new DatagramQueue(settings.receiveQueueCapacity(),
                Math.max(settings.mtu(), MIN_RECEIVE_DATAGRAM_BYTES));
    }

    /** RFC 7983 §7 demultiplexing: whether a received datagram is a DTLS record (first byte 20–63). */
    public static boolean isDtlsRecord(byte[] buf, int off, int len) {
        if (len <= 0) {
            return false;
        }
        int first = buf[off] & 0xFF;
        return first >= DTLS_FIRST_BYTE_MIN && first <= DTLS_FIRST_BYTE_MAX;
    }

    /**
     * Hands over one received DTLS datagram, from any thread. Copies it, so {@code buf} may be reused at once. Never
     * waits for room: a full queue drops the datagram, as does one that is not made of plausible records
     * ({@link RecordScreen}). After the handshake the queued records are processed here.
     */
    public void deliver(byte[] buf, int off, int len) {
        if (!isDtlsRecord(buf, off, len) || !RecordScreen.passes(buf, off, len)) {
            rejected.incrementAndGet();
            return;
        }
        queue.offer(buf, off, len);
        if (established != null) {
            processQueued();
        }
    }

    /**
     * Runs the handshake to completion on the calling thread and returns the SRTP keys oriented to this side. After
     * a failure the endpoint is of no further use; {@link #close()} it.
     *
     * @throws IOException saying why: timeout, fingerprint mismatch, no common SRTP profile, an alert from the peer,
     *     or {@link #close()} — never later than the configured handshake timeout
     * @throws IllegalStateException when called twice
     */
    public SrtpKeys handshake() throws IOException {
        if (!handshakeStarted.compareAndSet(false, true)) {
            throw new IllegalStateException("handshake() runs once per endpoint");
        }
        QueueTransport datagrams = new QueueTransport(queue, path, settings.mtu(), settings.handshakeTimeoutMillis(),
                server);
        synchronized (stateLock) {
            if (closed) {
                throw new IOException("DTLS handshake as " + role() + " not started: the endpoint is closed");
            }
            transport = datagrams;
        }
        DTLSTransport dtls;
        try {
            dtls = server ? acceptAsServer(datagrams) : connectAsClient(datagrams);
        } catch (IOException | RuntimeException e) {
            datagrams.close();
            throw new IOException("DTLS handshake as " + role() + " failed: " + reason(e) + " (datagrams: "
                    + datagrams.traffic() + "; refused on arrival " + rejected.get() + ", queue overflow "
                    + queue.dropped() + ")", e);
        }
        synchronized (stateLock) {
            if (!closed) {
                applicationData = new byte[dtls.getReceiveLimit()];
                datagrams.stopWaiting();
                established = dtls;
            }
        }
        if (established == null) {
            throw new IOException("DTLS handshake as " + role() + " failed: the endpoint was closed");
        }
        LOG.debug("DTLS handshake as {} complete, SRTP profile {}", role(), negotiation.keys().profile());
        processQueued();
        return negotiation.keys();
    }

    /** Whether the handshake completed and neither side has closed since. */
    public boolean isEstablished() {
        return established != null && !closed && !remoteClosed;
    }

    public boolean isServer() {
        return server;
    }

    /** Arrays the receive queue holds now: none once the handshake is over and its records are processed. */
    int heldDatagramArrays() {
        return queue.allocatedSlots();
    }

    /** Received datagrams not processed: not DTLS, not whole records, too long, queue full, or after close. */
    public long droppedDatagrams() {
        return rejected.get() + queue.dropped();
    }

    /**
     * Ends the association: sends close_notify when established (RFC 5246 §7.2.1), makes a running
     * {@link #handshake()} fail at once, and drops whatever arrives later. Idempotent.
     */
    @Override
    public void close() {
        DTLSTransport dtls;
        QueueTransport datagrams;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            dtls = established;
            datagrams = transport;
        }
        if (dtls != null && !remoteClosed) {
            recordLock.lock();
            try {
                dtls.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("DTLS close_notify not sent: {}", e.toString());
            } finally {
                recordLock.unlock();
            }
        }
        if (datagrams != null) {
            datagrams.close();
        }
        queue.close();
    }

    private DTLSTransport acceptAsServer(QueueTransport datagrams) throws IOException {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // No HelloVerifyRequest cookie round trip: ICE connectivity checks already proved the address (RFC 8445 §7).
        protocol.setVerifyRequests(false);
        return protocol.accept(new DtlsServerPeer(new DtlsCrypto(RANDOM), certificate, negotiation,
                this::alertReceived, settings.handshakeTimeoutMillis()), datagrams);
    }

    private DTLSTransport connectAsClient(QueueTransport datagrams) throws IOException {
        return new DTLSClientProtocol().connect(new DtlsClientPeer(new DtlsCrypto(RANDOM), certificate,
                negotiation, this::alertReceived, settings.handshakeTimeoutMillis()), datagrams);
    }

    /** Called by the Bouncy Castle peer on the thread running the record layer. */
    private void alertReceived(short level, short description) {
        if (established == null) {
            lastAlertReceived = description;
        } else if (level == AlertLevel.fatal || description == AlertDescription.close_notify) {
            remoteClosed = true;
        }
    }

    /**
     * Runs queued records through the established record layer. A thread that finds another one at it leaves the
     * work to that thread, which looks at the queue again after letting go of the lock, so nothing is stranded.
     */
    private void processQueued() {
        do {
            if (!recordLock.tryLock()) {
                return;
            }
            try {
                DTLSTransport dtls = established;
                if (dtls == null || closed || remoteClosed) {
                    return;
                }
                drain(dtls);
                queue.releaseIdleSlots();
            } finally {
                recordLock.unlock();
            }
            if (remoteClosed) {
                reportRemoteClose();
                return;
            }
        } while (!queue.isEmpty() && !closed);
    }

    private void drain(DTLSTransport dtls) {
        try {
            while (!remoteClosed) {
                // Application data has no consumer: WebRTC media goes over SRTP, and we open no data channel.
                dtls.receive(applicationData, 0, applicationData.length, NO_WAIT_MILLIS);
            }
        } catch (QueueTransport.Drained e) {
            // Nothing more queued.
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS association as {} ended: {}", role(), e.toString());
            remoteClosed = true;
        }
    }

    private void reportRemoteClose() {
        if (!remoteCloseReported.compareAndSet(false, true)) {
            return;
        }
        queue.close();
        try {
            onRemoteClose.run();
        } catch (RuntimeException e) {
            LOG.warn("onRemoteClose failed", e);
        }
    }

    private String reason(Exception e) {
        if (closed) {
            return "the endpoint was closed";
        }
        String recorded = negotiation.failure();
        if (recorded != null) {
            return recorded;
        }
        if (e instanceof TlsTimeoutException) {
            return "timed out after " + settings.handshakeTimeoutMillis() + " ms";
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return "the peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription());
        }
        if (lastAlertReceived >= 0) {
            return "the peer sent alert " + AlertDescription.getText(lastAlertReceived);
        }
        if (e instanceof TlsFatalAlert alert) {
            return "fatal alert " + alert.getMessage(); // Bouncy Castle's message: the alert, then any detail
        }
        return e.toString();
    }

    private String role() {
        return server ? "server" : "client";
    }
}
