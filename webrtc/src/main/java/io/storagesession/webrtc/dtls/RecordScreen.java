package io.storagesession.webrtc.dtls;

/**
 * Screens received datagrams before they reach Bouncy Castle: each must be whole DTLS records (RFC 6347 §4.1), and
 * records of epoch 0 — which carry no MAC — must be framed as what they claim to be. This matters because Bouncy
 * Castle advances the epoch-0 replay window for any record that decodes, and the null cipher decodes anything: one
 * stray record with a high sequence number would make it discard the peer's real ClientHello or ServerHello as "old"
 * and the handshake would time out. Records of epoch 1 are left to the record layer, whose MAC check drops junk; no
 * record has a higher epoch, since we never renegotiate (each ChangeCipherSpec starts the next epoch, RFC 6347 §4.1).
 * A forged record framed correctly still gets through; that is the nature of DTLS 1.2 before the first Finished.
 */
final class RecordScreen {
    /** type(1) version(2) epoch(2) sequence_number(6) length(2). */
    private static final int RECORD_HEADER_LENGTH = 13;
    /** msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3), RFC 6347 §4.2.2. */
    private static final int HANDSHAKE_HEADER_LENGTH = 12;
    /** Every DTLS version (1.0 = 0xFEFF, 1.2 = 0xFEFD) starts with this byte. */
    private static final int DTLS_MAJOR_VERSION = 0xFE;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int CHANGE_CIPHER_SPEC_BODY = 1;
    private static final int ALERT_BODY_LENGTH = 2;
    private static final int ALERT_LEVEL_WARNING = 1;
    private static final int ALERT_LEVEL_FATAL = 2;
    /** Epoch 0 is the handshake in the clear, epoch 1 everything after the one ChangeCipherSpec. */
    private static final int LAST_EPOCH = 1;

    private RecordScreen() {
    }

    /** Whether the datagram is a sequence of whole records whose epoch-0 records are well framed. */
    static boolean passes(byte[] buf, int off, int len) {
        int position = off;
        int end = off + len;
        while (position < end) {
            if (end - position < RECORD_HEADER_LENGTH || (buf[position + 1] & 0xFF) != DTLS_MAJOR_VERSION) {
                return false;
            }
            int type = buf[position] & 0xFF;
            int epoch = uint16(buf, position + 3);
            int bodyLength = uint16(buf, position + 11);
            int body = position + RECORD_HEADER_LENGTH;
            if (bodyLength > end - body || epoch > LAST_EPOCH) {
                return false;
            }
            if (epoch == 0 && !plaintextFramed(type, buf, body, bodyLength)) {
                return false;
            }
            position = body + bodyLength;
        }
        return len > 0;
    }

    private static boolean plaintextFramed(int type, byte[] buf, int body, int length) {
        return switch (type) {
            case CHANGE_CIPHER_SPEC -> length == 1 && buf[body] == CHANGE_CIPHER_SPEC_BODY;
            case ALERT -> length == ALERT_BODY_LENGTH
                    && (buf[body] == ALERT_LEVEL_WARNING || buf[body] == ALERT_LEVEL_FATAL);
            case HANDSHAKE -> handshakeFragmentsFramed(buf, body, length);
            default -> false; // application data, heartbeats and the rest never travel unprotected
        };
    }

    /** A handshake record holds one or more fragments (RFC 6347 §4.2.3) that fill it exactly. */
    private static boolean handshakeFragmentsFramed(byte[] buf, int body, int length) {
        int position = body;
        int end = body + length;
        while (position < end) {
            if (end - position < HANDSHAKE_HEADER_LENGTH) {
                return false;
            }
            int messageLength = uint24(buf, position + 1);
            int fragmentOffset = uint24(buf, position + 6);
            int fragmentLength = uint24(buf, position + 9);
            position += HANDSHAKE_HEADER_LENGTH;
            if (fragmentLength > end - position || fragmentOffset + fragmentLength > messageLength) {
                return false;
            }
            position += fragmentLength;
        }
        return length > 0;
    }

    private static int uint16(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    private static int uint24(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 16) | ((buf[at + 1] & 0xFF) << 8) | (buf[at + 2] & 0xFF);
    }
}
