package io.storagesession.turn;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One request of the TURN client and everything up to its final answer: retransmission over UDP with a doubling RTO
 * and a bounded number of transmissions (RFC 8489 §6.2.1), the long-term credential dance — a 401 to the first,
 * unauthenticated request gives REALM and NONCE (RFC 8489 §9.2.3), a 438 gives a fresh NONCE (§9.2.5), and the
 * request is sent again with a new transaction id — and the checks on responses (§9.2.5: MESSAGE-INTEGRITY under the
 * long-term key). Every path ends in exactly one outcome: the future of an Allocate never hangs.
 * Confined to the client I/O thread.
 */
final class ClientTransaction {
    static final SecureRandom RANDOM = new SecureRandom();

    /** A request ended with a success response (its integrity checked). */
    @FunctionalInterface
    interface Succeeded {
        void succeeded(byte[] m, int len);
    }

    /** A request was refused with {@code code} (RFC 8489 §14.8), or no answer came in time (code 0). */
    @FunctionalInterface
    interface Failed {
        void failed(int code, String reason);
    }

    private final TurnAllocation client;
    private final int method;
    private final Consumer<StunWriter> attributes;
    private final Succeeded succeeded;
    private final Failed failed;
    private final TurnClientSettings settings;
    private final byte[] transactionId = new byte[StunWriter.TRANSACTION_ID_LENGTH];
    private byte[] request;
    private boolean authenticated;
    private int transmissions;
    private long rtoNanos;
    private int staleNonces;
    private ClientTimers.Timer timer;
    private boolean done;

    ClientTransaction(TurnAllocation client, int method, Consumer<StunWriter> attributes, Succeeded succeeded,
                      Failed failed) {
        this.client = client;
        this.method = method;
        this.attributes = attributes;
        this.succeeded = succeeded;
        this.failed = failed;
        this.settings = client.clients.settings();
    }

    /** Sends the request, authenticated when the client already has credentials. */
    void start() {
        RANDOM.nextBytes(transactionId);
        StunWriter writer = StunWriter.request(method, transactionId);
        attributes.accept(writer);
        StunWriter.Credentials credentials = client.credentials();
        authenticated = credentials != null;
        request = writer.encode(credentials);
        transmissions = 0;
        rtoNanos = settings.initialRto().toNanos();
        transmit();
    }

    boolean answers(byte[] m) {
        return Arrays.equals(m, 8, 8 + StunWriter.TRANSACTION_ID_LENGTH, transactionId, 0,
                StunWriter.TRANSACTION_ID_LENGTH);
    }

    private void transmit() {
        transmissions++;
        client.transmit(request);
        long wait = transmissions < settings.maxTransmissions() ? rtoNanos
                : settings.initialRto().toNanos() * settings.lastWaitFactor();
        rtoNanos *= 2;
        timer = client.clients.timers().schedule(System.nanoTime() + wait, this::expired);
    }

    private void expired() {
        if (done) {
            return;
        }
        if (transmissions < settings.maxTransmissions()) {
            client.clients.stats().add(TurnClientStats.Count.RETRANSMISSIONS);
            transmit();
            return;
        }
        finish();
        failed.failed(TurnClientException.NO_ANSWER, "no answer to " + name(method) + " within "
                + settings.transactionTimeout().toMillis() + " ms (" + transmissions + " transmissions)");
    }

    /**
     * A response with this transaction's id, already scanned. Returns false when it was discarded (bad integrity),
     * so the transaction goes on waiting for the genuine one.
     */
    boolean onResponse(byte[] m, int len, Stun.Scan scan) {
        int messageClass = Stun.messageClass(scan.type());
        int code = messageClass == Stun.CLASS_ERROR ? ResponseFields.errorCode(m, len) : 0;
        boolean challenge = code == Stun.ERROR_UNAUTHORIZED || code == Stun.ERROR_STALE_NONCE;
        if (authenticated && !challenge && !integrityValid(m, scan)) {
            client.clients.stats().add(TurnClientStats.Count.BAD_INTEGRITY);
            return false;
        }
        if (Stun.method(scan.type()) != method) {
            client.clients.stats().add(TurnClientStats.Count.MALFORMED);
            return false;
        }
        if (messageClass == Stun.CLASS_SUCCESS) {
            finish();
            succeeded.succeeded(m, len);
            return true;
        }
        byte[] realm = ResponseFields.value(m, len, Stun.ATTR_REALM);
        byte[] nonce = ResponseFields.value(m, len, Stun.ATTR_NONCE);
        boolean retry = code == Stun.ERROR_UNAUTHORIZED && !authenticated
                || code == Stun.ERROR_STALE_NONCE && staleNonces++ < settings.maxStaleNonceRetries();
        if (retry && nonce != null && (realm != null || client.credentials() != null)) {
            timer.cancel();
            client.challenged(realm, nonce);
            start();
            return true;
        }
        finish();
        String reason = ResponseFields.errorReason(m, len);
        failed.failed(code, code == Stun.ERROR_UNAUTHORIZED && authenticated ? reason + " (credentials refused)"
                : code == Stun.ERROR_STALE_NONCE
                        ? reason + " (nonce still stale after " + settings.maxStaleNonceRetries() + " retries)"
                        : reason);
        return true;
    }

    private boolean integrityValid(byte[] m, Stun.Scan scan) {
        StunWriter.Credentials credentials = client.credentials();
        return scan.integrityOffset() != Stun.Scan.NONE && credentials != null
                && Stun.integrityValid(m, scan.integrityOffset(), credentials.key());
    }

    /** Ends the transaction without an outcome (its client is closing). */
    void cancel() {
        finish();
    }

    private void finish() {
        done = true;
        if (timer != null) {
            timer.cancel();
        }
        client.finished(this);
    }

    boolean isDone() {
        return done;
    }

    static String name(int method) {
        return switch (method) {
            case Stun.ALLOCATE -> "Allocate";
            case Stun.REFRESH -> "Refresh";
            case Stun.CREATE_PERMISSION -> "CreatePermission";
            case Stun.CHANNEL_BIND -> "ChannelBind";
            default -> "method " + method;
        };
    }
}
