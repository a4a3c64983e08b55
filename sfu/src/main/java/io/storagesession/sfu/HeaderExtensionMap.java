package io.storagesession.sfu;

import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.RtpParameters;
import java.util.Arrays;
import java.util.Map;

/**
 * Rewrites the master's RTP header extensions (RFC 8285) for one viewer, in place: each element gets the id the
 * viewer answered for the same URI, and an element the viewer did not accept is overwritten with zero bytes, which
 * both the one-byte (§4.2) and the two-byte form (§4.3) define as padding — so the packet keeps its length and
 * nothing moves. Transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) are always
 * blanked: they number every packet on one transport, audio included, and the server neither keeps such a counter
 * per viewer nor reads the viewers' transport-cc feedback; without them libwebrtc falls back to REMB from
 * abs-send-time, which still works through the server. Built when a viewer or a master connects; the per-packet
 * path is a table lookup.
 */
final class HeaderExtensionMap {
    /** RFC 8285 §4.2: the "defined by profile" value of the one-byte form. */
    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3: the two-byte form's profile, 0x100 followed by 4 application bits. */
    private static final int TWO_BYTE_PROFILE = 0x1000;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** One-byte ids 1-14; 15 is reserved and stops parsing (§4.2). */
    private static final int ONE_BYTE_MAX_ID = 14;
    private static final int ONE_BYTE_STOP = 15;
    private static final int IDS = 256;
    private static final int FIXED_HEADER = 12;
    private static final int CSRC_BYTES = 4;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int EXTENSION_BIT = 0x10;
    private static final int EXTENSION_HEADER = 4;
    private static final int WORD = 4;
    private static final int NIBBLE = 4;
    private static final int LOW_NIBBLE = 0x0F;

    private final int[] viewerId = new int[IDS];

    /** Maps by URI from what the master answered to what the viewer answered. */
    void map(RtpParameters master, RtpParameters viewer) {
        Arrays.fill(viewerId, 0);
        for (Map.Entry<String, Integer> e : master.extensions().entrySet()) {
            Integer id = viewer.extensions().get(e.getKey());
            if (id != null && !e.getKey().equals(OfferCodecs.TRANSPORT_CC.uri()) && e.getValue() < IDS) {
                viewerId[e.getValue()] = id;
            }
        }
    }

    /**
     * Rewrites the extension block of the RTP packet at {@code buf[0..len)}, whose header was validated. Returns
     * false when an element overran the block; the rest of the block is then blanked, and the packet stays usable.
     */
    boolean rewrite(byte[] buf, int len) {
        if ((buf[0] & EXTENSION_BIT) == 0) {
            return true;
        }
        int at = FIXED_HEADER + (buf[0] & CSRC_COUNT_MASK) * CSRC_BYTES;
        int profile = Bytes.readShort(buf, at);
        int end = at + EXTENSION_HEADER + Bytes.readShort(buf, at + 2) * WORD;
        at += EXTENSION_HEADER;
        if (end > len) {
            return false;
        }
        if (profile == ONE_BYTE_PROFILE) {
            return oneByte(buf, at, end);
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return twoByte(buf, at, end);
        }
        return true;
    }

    private boolean oneByte(byte[] buf, int at, int end) {
        while (at < end) {
            int id = (buf[at] & 0xFF) >>> NIBBLE;
            if (id == 0) {
                at++;
                continue;
            }
            if (id == ONE_BYTE_STOP) {
                return true;
            }
            int elementEnd = at + 1 + (buf[at] & LOW_NIBBLE) + 1;
            if (elementEnd > end) {
                Arrays.fill(buf, at, end, (byte) 0);
                return false;
            }
            int mapped = viewerId[id];
            if (mapped == 0 || mapped > ONE_BYTE_MAX_ID) {
                Arrays.fill(buf, at, elementEnd, (byte) 0);
            } else {
                buf[at] = (byte) ((mapped << NIBBLE) | (buf[at] & LOW_NIBBLE));
            }
            at = elementEnd;
        }
        return true;
    }

    private boolean twoByte(byte[] buf, int at, int end) {
        while (at < end) {
            int id = buf[at] & 0xFF;
            if (id == 0) {
                at++;
                continue;
            }
            if (at + 1 >= end) {
                Arrays.fill(buf, at, end, (byte) 0);
                return false;
            }
            int elementEnd = at + 2 + (buf[at + 1] & 0xFF);
            if (elementEnd > end) {
                Arrays.fill(buf, at, end, (byte) 0);
                return false;
            }
            int mapped = viewerId[id];
            if (mapped == 0) {
                Arrays.fill(buf, at, elementEnd, (byte) 0);
            } else {
                buf[at] = (byte) mapped;
            }
            at = elementEnd;
        }
        return true;
    }
}
