package io.storagesession.webrtc.srtp;

import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.dtls.SrtpProfile;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP (RFC 3711; RFC 7714 for AES-GCM) for one peer, both directions, keyed by one DTLS-SRTP handshake:
 * what we send is protected with the local key and salt, what the peer sends is unprotected with the remote ones
 * (RFC 5764 §4.2). All four methods work in place on a {@link PacketBuffer} and return the new length, or a negative
 * {@link SrtpDrop} code when the packet must be dropped — they never throw on what a peer sends, and on a drop the
 * buffer's content is unspecified.
 *
 * <p>Session keys are derived once per direction and protocol ({@link KeyDerivation}: with a key derivation rate of 0
 * they do not depend on the SSRC), so a new SSRC costs only its {@link SrtpStream} — at most {@code maxSsrcs} per
 * direction and protocol; a receive stream is kept only once a packet authenticated on it, so a peer spraying forged
 * SSRCs cannot crowd out real streams. Past the cap new SSRCs are dropped. With room in the buffer for the trailer,
 * nothing is allocated per packet: AES runs in OpenSSL through {@link OpenSslAccess} (the JDK's AES when that is not
 * usable) and HMAC-SHA1 on the JDK's SHA-1 ({@link HmacSha1}).
 *
 * <p>The sending side keeps no replay window: an SFU resends packets it already sent (a NACKed packet retransmitted
 * as it was, RFC 4585 §6.2.1). The receiver's window (RFC 3711 §3.3.2) is where replays are stopped.
 *
 * <p>Not thread-safe, by design: the owning session's executor is the only caller, as for everything else of one peer.
 */
public final class SrtpSession implements AutoCloseable {
    /** Enough for the master's and viewers' audio, video, RTX and FEC streams, with room to spare. */
    public static final int DEFAULT_MAX_SSRCS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);
    private static final int RTP_VERSION = 2;
    private static final int VERSION_SHIFT = 6;
    /** RFC 3550 §5.1: the fixed RTP header; the sequence number is its second half-word, the SSRC its third word. */
    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTP_SEQUENCE_OFFSET = 2;
    private static final int RTP_SSRC_OFFSET = 8;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int EXTENSION_BIT = 0x10;
    /** RFC 3550 §5.3.1: the extension header is a profile word and a length in 32-bit words. */
    private static final int EXTENSION_HEADER_LENGTH = 4;
    private static final int EXTENSION_LENGTH_OFFSET = 2;
    /** RFC 3550 §6.4.1: the common RTCP header and the sender's SSRC. */
    private static final int RTCP_HEADER_LENGTH = SrtpTransform.RTCP_CLEAR_LENGTH;
    private static final int RTCP_SSRC_OFFSET = 4;
    private static volatile boolean preferOpenSsl = true;

    private final SrtpProfile profile;
    private final SrtpTransform rtpOut;
    private final SrtpTransform rtpIn;
    private final SrtpTransform rtcpOut;
    private final SrtpTransform rtcpIn;
    private final SsrcContexts<SrtpStream> rtpSent;
    private final SsrcContexts<SrtpStream> rtpReceived;
    private final SsrcContexts<SrtpStream> rtcpSent;
    private final SsrcContexts<SrtpStream> rtcpReceived;
    /** A fresh stream for an SSRC not seen yet; it joins a table only once a packet on it authenticated. */
    private SrtpStream candidate = new SrtpStream();
    private final long[] drops = new long[SrtpDrop.values().length];
    private boolean closed;

    public SrtpSession(SrtpKeys keys) {
        this(keys, DEFAULT_MAX_SSRCS);
    }

    public SrtpSession(SrtpKeys keys, int maxSsrcs) {
        this(keys, maxSsrcs, usesOpenSsl());
    }

    /** With the AES implementation chosen by the caller; {@code openSsl} requires {@link OpenSslAccess#available()}. */
    SrtpSession(SrtpKeys keys, int maxSsrcs, boolean openSsl) {
        if (maxSsrcs <= 0) {
            throw new IllegalArgumentException("maxSsrcs must be positive: " + maxSsrcs);
        }
        profile = keys.profile();
        rtpOut = SrtpTransform.create(profile, keys.localKey(), keys.localSalt(), false, true, openSsl);
        rtpIn = SrtpTransform.create(profile, keys.remoteKey(), keys.remoteSalt(), false, false, openSsl);
        rtcpOut = SrtpTransform.create(profile, keys.localKey(), keys.localSalt(), true, true, openSsl);
        rtcpIn = SrtpTransform.create(profile, keys.remoteKey(), keys.remoteSalt(), true, false, openSsl);
        rtpSent = new SsrcContexts<>(maxSsrcs);
        rtpReceived = new SsrcContexts<>(maxSsrcs);
        rtcpSent = new SsrcContexts<>(maxSsrcs);
        rtcpReceived = new SsrcContexts<>(maxSsrcs);
    }

    /**
     * Chooses the AES implementation of sessions created from now on: {@code OpenSSL} (the natives jitsi-srtp
     * bundles, reached without per-packet garbage; the JDK's AES where they do not load) or {@code JDK} (the JDK's
     * AES, intrinsified, with a little garbage per packet); empty means OpenSSL.
     */
    public static void useAesImplementation(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "", "openssl" -> preferOpenSsl = true;
            case "jdk" -> preferOpenSsl = false;
            default -> throw new IllegalArgumentException("unknown AES implementation \"" + name
                    + "\": use OpenSSL or JDK");
        }
        if (preferOpenSsl && !OpenSslAccess.available()) {
            LOG.warn("OpenSSL's AES is not usable here; SRTP uses the JDK's");
        } else {
            LOG.info("SRTP runs AES in {}", preferOpenSsl ? "OpenSSL" : "the JDK");
        }
    }

    /** Whether sessions created now run AES in OpenSSL. */
    public static boolean usesOpenSsl() {
        return preferOpenSsl && OpenSslAccess.available();
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link #protectRtp} adds: the authentication tag. Leave this much room after each packet. */
    public int rtpOverhead() {
        return rtpOut.rtpTrailer();
    }

    /** Bytes {@link #protectRtcp} adds: the SRTCP index and the authentication tag. */
    public int rtcpOverhead() {
        return rtcpOut.rtcpTrailer();
    }

    /** Encrypts and authenticates an outgoing RTP packet in place; returns its new length or a drop code. */
    public int protectRtp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        int headerLength = rtpHeaderLength(packet);
        if (headerLength < 0 || headerLength > packet.getLength()) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTP_SSRC_OFFSET);
        SrtpStream stream = sendStream(rtpSent, ssrc);
        if (stream == null) {
            return drop(SrtpDrop.TOO_MANY_SSRCS);
        }
        long index = stream.estimateIndex(readShort(packet, RTP_SEQUENCE_OFFSET));
        if (index < 0) {
            return drop(SrtpDrop.REPLAYED);
        }
        packet.grow(rtpOverhead());
        int length;
        try {
            length = rtpOut.protectRtp(packet.getBuffer(), packet.getOffset(), packet.getLength(), headerLength,
                    ssrc, index);
        } catch (RuntimeException e) {
            return cryptoError("protecting RTP", e);
        }
        stream.accept(index);
        packet.setLength(length);
        return length;
    }

    /** Authenticates, replay-checks and decrypts an incoming SRTP packet in place; returns the RTP length. */
    public int unprotectRtp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        int headerLength = rtpHeaderLength(packet);
        if (headerLength < 0 || headerLength + rtpIn.rtpTrailer() > packet.getLength()) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTP_SSRC_OFFSET);
        SrtpStream stream = receiveStream(rtpReceived, ssrc);
        if (stream == null) {
            return drop(SrtpDrop.TOO_MANY_SSRCS);
        }
        long index = stream.estimateIndex(readShort(packet, RTP_SEQUENCE_OFFSET));
        if (index < 0 || stream.isReplay(index)) {
            return drop(SrtpDrop.REPLAYED);
        }
        int length;
        try {
            length = rtpIn.unprotectRtp(packet.getBuffer(), packet.getOffset(), packet.getLength(), headerLength,
                    ssrc, index);
        } catch (RuntimeException e) {
            return cryptoError("unprotecting RTP", e);
        }
        if (length < 0) {
            return drop(SrtpDrop.AUTH_FAILED);
        }
        accepted(rtpReceived, ssrc, stream, index);
        packet.setLength(length);
        return length;
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
        SrtpStream stream = sendStream(rtcpSent, ssrc);
        if (stream == null) {
            return drop(SrtpDrop.TOO_MANY_SSRCS);
        }
        packet.grow(rtcpOverhead());
        int length;
        try {
            length = rtcpOut.protectRtcp(packet.getBuffer(), packet.getOffset(), packet.getLength(), ssrc,
                    stream.nextRtcpIndex());
        } catch (RuntimeException e) {
            return cryptoError("protecting RTCP", e);
        }
        packet.setLength(length);
        return length;
    }

    /** Authenticates, replay-checks and decrypts an incoming SRTCP packet in place; returns the RTCP length. */
    public int unprotectRtcp(PacketBuffer packet) {
        if (closed) {
            return drop(SrtpDrop.CLOSED);
        }
        if (!isVersion2(packet, RTCP_HEADER_LENGTH + rtcpIn.rtcpTrailer())) {
            return drop(SrtpDrop.INVALID_PACKET);
        }
        int ssrc = readInt(packet, RTCP_SSRC_OFFSET);
        SrtpStream stream = receiveStream(rtcpReceived, ssrc);
        if (stream == null) {
            return drop(SrtpDrop.TOO_MANY_SSRCS);
        }
        int flaggedIndex = readInt(packet, packet.getLength() - rtcpIn.rtcpIndexFromEnd());
        long index = flaggedIndex & ~SrtpTransform.ENCRYPTED_FLAG;
        if (stream.isReplay(index)) {
            return drop(SrtpDrop.REPLAYED);
        }
        int length;
        try {
            length = rtcpIn.unprotectRtcp(packet.getBuffer(), packet.getOffset(), packet.getLength(), ssrc,
                    flaggedIndex);
        } catch (RuntimeException e) {
            return cryptoError("unprotecting RTCP", e);
        }
        if (length < 0) {
            return drop(SrtpDrop.AUTH_FAILED);
        }
        accepted(rtcpReceived, ssrc, stream, index);
        packet.setLength(length);
        return length;
    }

    /** How many packets were dropped for this reason so far. */
    public long drops(SrtpDrop reason) {
        return drops[reason.ordinal()];
    }

    /** Forgets every stream and frees the ciphers; later calls return {@link SrtpDrop#CLOSED}. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rtpOut.close();
        rtpIn.close();
        rtcpOut.close();
        rtcpIn.close();
        rtpSent.clear();
        rtpReceived.clear();
        rtcpSent.clear();
        rtcpReceived.clear();
    }

    /** The stream we send on this SSRC, new if need be; null when the table is full. */
    private static SrtpStream sendStream(SsrcContexts<SrtpStream> table, int ssrc) {
        SrtpStream stream = table.get(ssrc);
        if (stream == null && !table.isFull()) {
            stream = new SrtpStream();
            table.put(ssrc, stream);
        }
        return stream;
    }

    /** The stream the peer sends on this SSRC, or the reset candidate for a new one; null when the table is full. */
    private SrtpStream receiveStream(SsrcContexts<SrtpStream> table, int ssrc) {
        SrtpStream stream = table.get(ssrc);
        if (stream != null) {
            return stream;
        }
        return table.isFull() ? null : candidate.reset();
    }

    /** Moves the window past an authenticated packet; a candidate stream becomes the SSRC's for good. */
    private void accepted(SsrcContexts<SrtpStream> table, int ssrc, SrtpStream stream, long index) {
        stream.accept(index);
        if (stream == candidate) {
            table.put(ssrc, stream);
            candidate = new SrtpStream();
        }
    }

    /** A cipher that failed on its own (OpenSSL refusing a call): the packet is dropped, the session goes on. */
    private int cryptoError(String what, RuntimeException e) {
        LOG.debug("SRTP {} failed: {}", what, e.toString());
        return drop(SrtpDrop.CRYPTO_ERROR);
    }

    private int drop(SrtpDrop reason) {
        drops[reason.ordinal()]++;
        return reason.code();
    }

    /**
     * RFC 3550 §5.1 and §5.3.1: the fixed header, the CSRCs and, when the X bit is set, the extension header and its
     * words — or -1 if the packet is not version 2 or too short to hold them.
     */
    private static int rtpHeaderLength(PacketBuffer packet) {
        if (!isVersion2(packet, RTP_HEADER_LENGTH)) {
            return -1;
        }
        byte[] b = packet.getBuffer();
        int first = b[packet.getOffset()];
        int length = RTP_HEADER_LENGTH + Integer.BYTES * (first & CSRC_COUNT_MASK);
        if ((first & EXTENSION_BIT) != 0) {
            if (length + EXTENSION_HEADER_LENGTH > packet.getLength()) {
                return -1;
            }
            length += EXTENSION_HEADER_LENGTH
                    + Integer.BYTES * readShort(packet, length + EXTENSION_LENGTH_OFFSET);
        }
        return length;
    }

    /** At least {@code minLength} bytes and version 2 in the top bits of the first byte (RFC 3550 §5.1, §6.4.1). */
    private static boolean isVersion2(PacketBuffer packet, int minLength) {
        return packet.getLength() >= minLength
                && (packet.getBuffer()[packet.getOffset()] & 0xFF) >>> VERSION_SHIFT == RTP_VERSION;
    }

    private static int readShort(PacketBuffer packet, int at) {
        byte[] b = packet.getBuffer();
        int i = packet.getOffset() + at;
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int readInt(PacketBuffer packet, int at) {
        byte[] b = packet.getBuffer();
        int i = packet.getOffset() + at;
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }
}
