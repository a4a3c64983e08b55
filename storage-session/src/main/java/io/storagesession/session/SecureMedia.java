package io.storagesession.session;

import io.storagesession.session.dtls.PacketPath;
import io.storagesession.session.dtls.SrtpKeys;
import io.storagesession.session.media.MediaKind;
import io.storagesession.session.srtp.PacketBuffer;
import io.storagesession.session.srtp.SrtpSession;
import io.storagesession.session.transport.Demux;
import io.storagesession.session.transport.Rtp;
import java.io.IOException;

/**
 * SRTP and SRTCP for one connected participant (RFC 3711, keys from DTLS-SRTP RFC 5764): decrypts what arrives,
 * tells RTP from RTCP (RFC 5761) and audio from video (by the offer's payload types), and encrypts what the media
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

    /** Decrypts a received datagram in place; null when it must be dropped (not authentic, replayed, malformed). */
    Received unprotect(byte[] data, int length) {
        Demux.Kind kind = Demux.classify(data, 0, length);
        inbound.wrap(data, 0, length);
        if (kind == Demux.Kind.RTCP) {
            int plain = srtp.unprotectRtcp(inbound);
            return plain > 0 ? received.set(true, null, plain) : null;
        }
        if (kind != Demux.Kind.RTP) {
            return null;
        }
        int plain = srtp.unprotectRtp(inbound);
        if (plain <= 0) {
            return null;
        }
        return received.set(false, Negotiation.kindOf(Rtp.payloadType(data, 0)), plain);
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
        private MediaKind kind;
        private int length;

        private Received set(boolean isRtcp, MediaKind mediaKind, int plainLength) {
            this.rtcp = isRtcp;
            this.kind = mediaKind;
            this.length = plainLength;
            return this;
        }

        boolean rtcp() {
            return rtcp;
        }

        MediaKind kind() {
            return kind;
        }

        int length() {
            return length;
        }
    }
}
