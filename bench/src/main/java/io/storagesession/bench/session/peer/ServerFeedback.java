package io.storagesession.bench.session.peer;

import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpCompound;

/**
 * What a simulated participant acts on in the server's RTCP: keyframe requests (PLI, RFC 4585 §6.3.1; FIR, RFC 5104
 * §4.3.1, one request per FCI entry) and generic NACKs (RFC 4585 §6.2.1, each FCI entry's PID and the packets its BLP
 * marks), read out of a compound packet already parsed by {@link RtcpCompound} — which stops at the first packet that
 * is not version 2 or does not fit, keeping what came before. Feedback shorter than its common part is skipped. Never
 * reads outside the parsed packets and allocates nothing.
 */
final class ServerFeedback {
    private static final int NACK_ITEM = 4;
    /** A NACK item covers its packet id and the 16 after it (the BLP bitmask). */
    private static final int BLP_BITS = 16;
    private static final int FIR_ENTRY = 8;
    private static final int SEQUENCE_MASK = 0xFFFF;

    /** What a participant hears in RTCP. */
    interface Listener {
        /** A PLI or FIR for {@code mediaSsrc}: send a keyframe now. */
        void keyframeRequested(int mediaSsrc);

        /** A generic NACK: {@code sequence} of {@code mediaSsrc} was lost. */
        void nacked(int mediaSsrc, int sequence);
    }

    private ServerFeedback() {
    }

    /** Reports every PLI, FIR and NACK of the compound; returns how many RTCP packets it holds whole. */
    static int read(RtcpCompound compound, Listener listener) {
        for (int packet = 0; packet < compound.count(); packet++) {
            int type = compound.type(packet);
            if (compound.length(packet) >= RtcpCompound.FEEDBACK_HEADER
                    && (type == RtcpCompound.RTPFB || type == RtcpCompound.PSFB)) {
                feedback(compound, packet, type, listener);
            }
        }
        return compound.count();
    }

    private static void feedback(RtcpCompound compound, int packet, int type, Listener listener) {
        byte[] b = compound.buffer();
        int pos = compound.offset(packet);
        int end = pos + compound.length(packet);
        int fmt = compound.format(packet);
        int mediaSsrc = compound.mediaSsrc(packet);
        if (type == RtcpCompound.PSFB && fmt == RtcpCompound.FMT_PLI) {
            listener.keyframeRequested(mediaSsrc);
        } else if (type == RtcpCompound.PSFB && fmt == RtcpCompound.FMT_FIR) {
            for (int i = pos + RtcpCompound.FEEDBACK_HEADER; i + FIR_ENTRY <= end; i += FIR_ENTRY) {
                listener.keyframeRequested(Bytes.readInt(b, i));
            }
        } else if (type == RtcpCompound.RTPFB && fmt == RtcpCompound.FMT_NACK) {
            for (int i = pos + RtcpCompound.FEEDBACK_HEADER; i + NACK_ITEM <= end; i += NACK_ITEM) {
                int pid = Bytes.readShort(b, i);
                int blp = Bytes.readShort(b, i + 2);
                listener.nacked(mediaSsrc, pid);
                for (int bit = 0; bit < BLP_BITS; bit++) {
                    if ((blp & 1 << bit) != 0) {
                        listener.nacked(mediaSsrc, pid + bit + 1 & SEQUENCE_MASK);
                    }
                }
            }
        }
    }
}
