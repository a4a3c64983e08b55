package io.storagesession.bench.turn;

import io.storagesession.turn.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * One STUN request of the load generator's TURN client, with a fresh random transaction id (RFC 8489 §6) so its
 * answer can be matched. Built by the turn module's {@link StunWriter}; {@link #encode} signs it with the long-term
 * credentials of the server's 401 challenge (RFC 8489 §9.2), which is how a TURN server authenticates every request
 * after it. Used only while setting allocations up (never per relayed packet), so it favours clarity over avoiding
 * allocation.
 */
public final class StunRequest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TRANSACTION_ID_LENGTH = 12;

    private final byte[] transactionId = new byte[TRANSACTION_ID_LENGTH];
    private final StunWriter writer;

    public StunRequest(int method) {
        RANDOM.nextBytes(transactionId);
        writer = StunWriter.request(method, transactionId);
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public StunRequest attribute(int type, byte[] value) {
        writer.attribute(type, value);
        return this;
    }

    public StunRequest attribute(int type, String value) {
        return attribute(type, value.getBytes(StandardCharsets.UTF_8));
    }

    public StunRequest intAttribute(int type, int value) {
        writer.u32(type, value);
        return this;
    }

    public StunRequest xorAddress(int type, InetSocketAddress address) {
        writer.xorAddress(type, address);
        return this;
    }

    /**
     * The request's bytes with FINGERPRINT; with credentials, USERNAME, REALM and NONCE are added and
     * MESSAGE-INTEGRITY before the FINGERPRINT.
     */
    public byte[] encode(StunWriter.Credentials credentials) {
        return writer.encode(credentials);
    }
}
