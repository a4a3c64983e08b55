package io.storagesession.session.srtp;

import io.storagesession.session.dtls.SrtpKeys;
import io.storagesession.session.dtls.SrtpProfile;
import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.utils.SrtpPacketUtils;
import org.jitsi.utils.logging2.LoggerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP (RFC 3711) for one peer, both directions, keyed by one DTLS-SRTP handshake: what we send is
 * protected with the local key and salt, what the peer sends is unprotected with the remote ones (RFC 5764 §4.2). All
 * four methods work in place on a {@link PacketBuffer} and return the new length, or a negative {@link SrtpDrop}
 * code when the packet must be dropped — they never throw on what a peer sends, and on a drop the buffer's content is
 * unspecified.
 *
 * <p>Crypto contexts are derived per SSRC on first use and kept, at most {@code maxSsrcs} per direction and per
 * protocol; a receive context is kept only once a packet authenticated with it, so a peer spraying forged SSRCs
 * cannot crowd out real streams. Past the cap new SSRCs are dropped. With enough room in the buffer our code
 * allocates nothing per packet; jitsi-srtp itself still allocates a little inside its ciphers (a GCM parameter spec,
 * an HMAC result).
 *
 * <p>Not thread-safe, by design: the owning session's executor is the only caller, as for everything else of one peer.
 */
public final class SrtpSession implements AutoCloseable {
    /** Enough for the master's and viewers' audio, video, RTX and FEC streams, with room to spare. */
    public static final int DEFAULT_MAX_SSRCS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);
    private static final org.jitsi.utils.logging2.Logger JITSI_LOGGER = new LoggerImpl(SrtpSession.class.getName());
    private static final int RTP_VERSION = 2;
    private static final int VERSION_SHIFT = 6;
    /** RFC 3550 §5.1: the fixed RTP header; the SSRC is its last word. */
    private static final int RTP_HEADER_LENGTH = SrtpPacketUtils.FIXED_HEADER_SIZE;
    private static final int RTP_SSRC_OFFSET = 8;
    /** RFC 3550 §6.4.1: the common RTCP header and the sender's SSRC. */
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int RTCP_SSRC_OFFSET = 4;
    /** RFC 3711 §3.4: the E flag and 31-bit SRTCP index that follow every SRTCP payload. */
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final SrtpProfile profile;
    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final SsrcContexts<SrtpCryptoContext> rtpOut;
    private final SsrcContexts<SrtpCryptoContext> rtpIn;
    private final SsrcContexts<SrtcpCryptoContext> rtcpOut;
    private final SsrcContexts<SrtcpCryptoContext> rtcpIn;
    private final long[] drops = new long[SrtpDrop.values().length];
    private boolean closed;

    public SrtpSession(SrtpKeys keys) {
        this(keys, DEFAULT_MAX_SSRCS);
    }

    public SrtpSession(SrtpKeys keys, int maxSsrcs) {
        if (maxSsrcs <= 0) {
            throw new IllegalArgumentException("maxSsrcs must be positive: " + maxSsrcs);
        }
        profile = keys.profile();
        sender = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), sendPolicy(profile),
                sendPolicy(profile), JITSI_LOGGER);
        receiver = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), policy(profile),
                policy(profile), JITSI_LOGGER);
        rtpOut = new SsrcContexts<>(maxSsrcs);
        rtpIn = new SsrcContexts<>(maxSsrcs);
        rtcpOut = new SsrcContexts<>(maxSsrcs);
        rtcpIn = new SsrcContexts<>(maxSsrcs);
    }

    /**
     * RFC 3711 §8.2 and RFC 7714 §14.2 parameters. jitsi-srtp's policy is mutable, so each use gets its own.
     * AES-CM: 128-bit key, 112-bit salt, HMAC-SHA1 with a 160-bit key cut to an 80-bit tag, for SRTP and SRTCP alike.
     * GCM: 128-bit key, 96-bit salt, GCM's own 128-bit tag and no separate authentication.
     */
    private static SrtpPolicy policy(SrtpProfile profile) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.keyLength(),
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, profile.authKeyLength(), profile.authTagLength(),
                    profile.saltLength());
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(),
                    SrtpPolicy.NULL_AUTHENTICATION, profile.authKeyLength(), profile.authTagLength(),
                    profile.saltLength());
        };
    }

    /**
     * As {@link #policy}, without jitsi-srtp's replay check on the sending side: an SFU resends packets it already
     * sent (a NACKed packet retransmitted as it was, RFC 4585 §6.2.1), which that check refuses once the packet is
     * not the newest. The receiver's replay window (RFC 3711 §3.3.2) is where replays are stopped.
     */
    private static SrtpPolicy sendPolicy(SrtpProfile profile) {
        SrtpPolicy policy = policy(profile);
        policy.setSendReplayEnabled(false);
        return policy;
    }

    /**
     * Pins jitsi-srtp's AES implementation instead of letting it time the candidates once per process, which picks
     * SunJCE over OpenSSL now and then on a busy machine: ten times the garbage per packet and a third less
     * throughput. {@code name} is one of jitsi-srtp's factory names (OpenSSL, SunJCE, BouncyCastle, SunPKCS11);
     * empty restores the timing. An implementation that cannot load falls back to the others.
     */
    public static void useAesImplementation(String name) {
        Aes.setFactoryClassName(name.isEmpty() ? null : name);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link #protectRtp} adds: the authentication tag. Leave this much room after each packet. */
    public int rtpOverhead() {
        return profile.authTagLength();
    }

    /** Bytes {@link #protectRtcp} adds: the SRTCP index and the authentication tag. */
    public int rtcpOverhead() {
        return SRTCP_INDEX_LENGTH + profile.authTagLength();
    }

    /** Encrypts and authenticates an outgoing RTP packet in place; returns its new length or a drop code. */
    public int protectRtp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        if (!isVersion2(packet, RTP_HEADER_LENGTH) || !SrtpPacketUtils.validatePacketLength(packet, 0)) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTP_SSRC_OFFSET);
        try {
            SrtpCryptoContext context = rtpOut.get(ssrc);
            if (context == null) {
                if (rtpOut.isFull()) {
                    return drop(SrtpDrop.TOO_MANY_SSRCS);
                }
                context = sender.deriveContext(ssrc, 0);
                rtpOut.put(ssrc, context);
            }
            // GCM writes its tag past the payload without asking the buffer for room, so make it first.
            packet.grow(rtpOverhead());
            return result(context.transformPacket(packet), packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoError("protecting RTP", e);
        }
    }

    /** Authenticates, replay-checks and decrypts an incoming SRTP packet in place; returns the RTP length. */
    public int unprotectRtp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        if (!isVersion2(packet, RTP_HEADER_LENGTH)) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTP_SSRC_OFFSET);
        try {
            SrtpCryptoContext context = rtpIn.get(ssrc);
            boolean fresh = context == null;
            if (fresh) {
                if (rtpIn.isFull()) {
                    return drop(SrtpDrop.TOO_MANY_SSRCS);
                }
                context = receiver.deriveContext(ssrc, 0);
            }
            SrtpErrorStatus status = context.reverseTransformPacket(packet, false);
            if (fresh && status == SrtpErrorStatus.OK) {
                rtpIn.put(ssrc, context);
            }
            return result(status, packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoError("unprotecting RTP", e);
        }
    }

    /** Encrypts and authenticates an outgoing (compound) RTCP packet in place; returns its new length. */
    public int protectRtcp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        if (!isVersion2(packet, RTCP_HEADER_LENGTH)) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTCP_SSRC_OFFSET);
        try {
            SrtcpCryptoContext context = rtcpOut.get(ssrc);
            if (context == null) {
                if (rtcpOut.isFull()) {
                    return drop(SrtpDrop.TOO_MANY_SSRCS);
                }
                context = sender.deriveControlContext(ssrc);
                rtcpOut.put(ssrc, context);
            }
            packet.grow(rtcpOverhead());
            return result(context.transformPacket(packet), packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoError("protecting RTCP", e);
        }
    }

    /** Authenticates, replay-checks and decrypts an incoming SRTCP packet in place; returns the RTCP length. */
    public int unprotectRtcp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        if (!isVersion2(packet, RTCP_HEADER_LENGTH + SRTCP_INDEX_LENGTH + profile.authTagLength())) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTCP_SSRC_OFFSET);
        try {
            SrtcpCryptoContext context = rtcpIn.get(ssrc);
            boolean fresh = context == null;
            if (fresh) {
                if (rtcpIn.isFull()) {
                    return drop(SrtpDrop.TOO_MANY_SSRCS);
                }
                context = receiver.deriveControlContext(ssrc);
            }
            SrtpErrorStatus status = context.reverseTransformPacket(packet);
            if (fresh && status == SrtpErrorStatus.OK) {
                rtcpIn.put(ssrc, context);
            }
            return result(status, packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoError("unprotecting RTCP", e);
        }
    }

    /** How many packets were dropped for this reason so far. */
    public long drops(SrtpDrop reason) {
        return drops[reason.ordinal()];
    }

    /** Forgets every context and wipes the master keys; later calls return {@link SrtpDrop#CLOSED}. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sender.close();
        receiver.close();
        rtpOut.clear();
        rtpIn.clear();
        rtcpOut.clear();
        rtcpIn.clear();
    }

    private int result(SrtpErrorStatus status, PacketBuffer packet) {
        return switch (status) {
            case OK -> packet.getLength();
            case AUTH_FAIL -> drop(SrtpDrop.AUTH_FAILED);
            case REPLAY_FAIL, REPLAY_OLD -> drop(SrtpDrop.REPLAYED);
            case INVALID_PACKET -> drop(SrtpDrop.INVALID_PACKET);
            case FAIL -> drop(SrtpDrop.CRYPTO_ERROR);
        };
    }

    private int cryptoError(String what, Exception e) {
        LOG.debug("SRTP {} failed: {}", what, e.toString());
        return drop(SrtpDrop.CRYPTO_ERROR);
    }

    private int drop(SrtpDrop reason) {
        drops[reason.ordinal()]++;
        return reason.code();
    }

    /** At least {@code minLength} bytes and version 2 in the top bits of the first byte (RFC 3550 §5.1, §6.4.1). */
    private static boolean isVersion2(PacketBuffer packet, int minLength) {
        return packet.getLength() >= minLength
                && (packet.getBuffer()[packet.getOffset()] & 0xFF) >>> VERSION_SHIFT == RTP_VERSION;
    }

    private static int readInt(PacketBuffer packet, int at) {
        byte[] b = packet.getBuffer();
        int i = packet.getOffset() + at;
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }
}
