package io.storagesession.webrtc.dtls;

import java.util.EnumSet;
import java.util.List;

/**
 * Tunables of one DTLS association.
 *
 * @param handshakeTimeoutMillis how long {@link DtlsEndpoint#handshake()} may take in all before it fails, including
 *     the wait for the peer's first flight
 * @param mtu the largest datagram we send; Bouncy Castle fragments handshake messages to fit (RFC 6347 §4.1.1). 1200
 *     leaves room for TURN and IPv6 headers, as libwebrtc does
 * @param receiveQueueCapacity how many received datagrams may wait for the handshake thread; more are dropped, which
 *     DTLS treats as loss (RFC 6347 §4.2.4)
 * @param srtpProfiles the SRTP protection profiles to offer (client) or accept (server), most preferred first
 */
public record DtlsSettings(int handshakeTimeoutMillis, int mtu, int receiveQueueCapacity,
        List<SrtpProfile> srtpProfiles) {
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MTU = 1200;
    public static final int DEFAULT_RECEIVE_QUEUE_CAPACITY = 32;
    /** GCM first: one AES pass authenticates and encrypts, and its tag is checked before decrypting (RFC 7714). */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES =
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    /** RFC 791: every IPv4 host accepts 576-byte datagrams; less cannot carry a certificate flight sensibly. */
    private static final int MIN_MTU = 576;
    /** The largest UDP payload over IPv4. */
    private static final int MAX_MTU = 65_507;

    public DtlsSettings {
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutMillis must be positive: " + handshakeTimeoutMillis);
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("mtu must be in [" + MIN_MTU + ", " + MAX_MTU + "]: " + mtu);
        }
        if (receiveQueueCapacity <= 0) {
            throw new IllegalArgumentException("receiveQueueCapacity must be positive: " + receiveQueueCapacity);
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is needed");
        }
        if (EnumSet.copyOf(srtpProfiles).size() != srtpProfiles.size()) {
            throw new IllegalArgumentException("SRTP profiles listed twice: " + srtpProfiles);
        }
    }

    /** Ten seconds, 1200-byte datagrams, 32 queued datagrams, GCM preferred over AES-CM. */
    public static DtlsSettings defaults() {
        return new DtlsSettings(DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, DEFAULT_MTU, DEFAULT_RECEIVE_QUEUE_CAPACITY,
                DEFAULT_SRTP_PROFILES);
    }

    public DtlsSettings withHandshakeTimeoutMillis(int millis) {
        return new DtlsSettings(millis, mtu, receiveQueueCapacity, srtpProfiles);
    }

    public DtlsSettings withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsSettings(handshakeTimeoutMillis, mtu, receiveQueueCapacity, profiles);
    }

    public DtlsSettings withReceiveQueueCapacity(int capacity) {
        return new DtlsSettings(handshakeTimeoutMillis, mtu, capacity, srtpProfiles);
    }
}
