package io.storagesession.webrtc;

import io.storagesession.codecs.rtp.Demux;
import io.storagesession.webrtc.dtls.PacketPath;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.srtp.PacketBuffer;
import io.storagesession.webrtc.srtp.SrtpDrop;
import io.storagesession.webrtc.srtp.SrtpSession;
import java.io.IOException;

/**
 * SRTP and SRTCP for one connected participant (RFC 3711, keys from DTLS-SRTP RFC 5764): decrypts what arrives,
 * tells RTP from RTCP (RFC 5761), and encrypts what the media
 * plane sends. Used only on the session executor; its buffers are reused, so nothing is allocated per packet.
 */
final class SecureMedia implements AutoCloseable {
    private final SrtpSession srtp;
    private final PacketBuffer inbound = new PacketBuffer(0);
    private final PacketBuffer outbound = new PacketBuffer(0);
    private final Received received = new Received();

    SecureMedia(SrtpKeys keys) {
        this.srtp = new SrtpSession(keys);
    }

    /**
     * Decrypts a received datagram in place. The result says why it must be dropped (not authentic, replayed,
     * malformed) or what it is; either way it is reused, valid until the next call.
     */
    Received unprotect(byte[] data, int offset, int length) {
        Demux.Kind kind = Demux.classify(data, offset, length);
        inbound.wrap(data, offset, length);
        if (kind == Demux.Kind.RTCP) {
            int plain = srtp.unprotectRtcp(inbound);
            return plain > 0 ? received.set(true, plain) : received.drop(plain);
        }
        if (kind != Demux.Kind.RTP) {
            return received.drop(MediaDrop.NOT_RTP);
        }
        int plain = srtp.unprotectRtp(inbound);
        if (plain <= 0) {
            return received.drop(plain);
        }
        return received.set(false, plain);
    }

    /** Encrypts RTP or RTCP and sends it; false when it was dropped or could not be sent. */
    boolean send(boolean rtcp, byte[] buf, int off, int len, PacketPath path) {
        outbound.wrap(buf, off, len);
        int protectedLength = rtcp ? srtp.protectRtcp(outbound) : srtp.protectRtp(outbound);
        if (protectedLength <= 0) {
            return false;
        }
        try {
            path.send(outbound.getBuffer(), outbound.getOffset(), protectedLength);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        srtp.close();
    }

    /** The last packet {@link #unprotect} let through (reused: valid until the next call). */
    static final class Received {
        private boolean rtcp;
        private int length;

        private MediaDrop dropped;

        private Received drop(int srtpCode) {
            return drop(srtpCode == 0 ? MediaDrop.SRTP_INVALID : MediaDrop.of(SrtpDrop.of(srtpCode)));
        }

        private Received drop(MediaDrop reason) {
            this.dropped = reason;
            return this;
        }

        private Received set(boolean isRtcp, int plainLength) {
            this.dropped = null;
            this.rtcp = isRtcp;
            this.length = plainLength;
            return this;
        }

        /** Why the datagram was dropped; null when it decrypted. */
        MediaDrop dropped() {
            return dropped;
        }

        boolean rtcp() {
            return rtcp;
        }

        int length() {
            return length;
        }
    }
}
