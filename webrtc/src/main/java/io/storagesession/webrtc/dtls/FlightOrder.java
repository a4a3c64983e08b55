package io.storagesession.webrtc.dtls;

import java.util.Arrays;

/**
 * Puts the peer's final flight back in order for Bouncy Castle during the handshake, which takes records only from its
 * current read epoch and switches epoch the moment a ChangeCipherSpec arrives (RFC 6347 §4.1 lets it discard other
 * epochs). Two things then go wrong on a real network, and this class prevents both:
 *
 * <ul>
 *   <li>Server side: if the client's ChangeCipherSpec overtakes its CertificateVerify (or anything before it), or that
 *       message is lost, every later epoch-0 record is discarded, retransmissions included, and the handshake can
 *       never complete. So a datagram carrying the ChangeCipherSpec goes on only once every handshake message up to
 *       and including CertificateVerify has gone on complete; otherwise it is dropped and the client's retransmission
 *       of the flight (RFC 6347 §4.2.4) brings it again. Our server always demands a client certificate, so a
 *       successful handshake always has a CertificateVerify. Only the final flight counts — the messages after the
 *       client's last ClientHello: Bouncy Castle answered that ClientHello, so it had all of it, even when its
 *       fragments came in an order this class could not follow (Chromium's DTLS 1.3-capable ClientHello of about
 *       1.4 kB comes in two fragments, and a relay may swap them; counting it made every later flight wait for a
 *       fragment that was never going to be sent again).</li>
 *   <li>Both sides: a Finished (epoch 1) that overtakes its ChangeCipherSpec would be discarded and cost a
 *       retransmission round of a second or more. The latest such datagram is held and handed over right after the
 *       ChangeCipherSpec.</li>
 * </ul>
 *
 * Datagrams reach it already screened by {@link RecordScreen}. Not thread-safe: the handshake thread alone calls it.
 */
final class FlightOrder {
    private static final int RECORD_HEADER_LENGTH = 13;
    private static final int HANDSHAKE_HEADER_LENGTH = 12;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;
    private static final int CERTIFICATE_VERIFY = 15;
    private static final int CLIENT_HELLO = 1;
    /** A client's messages up to CertificateVerify number four or five (RFC 6347 §4.2.2 message_seq). */
    private static final int TRACKED_MESSAGES = 16;
    private static final int UNKNOWN = -1;

    private final boolean server;
    private final int slotBytes;
    /** Per message_seq: the message length, or UNKNOWN before any fragment was seen. */
    private int[] messageLength = filled(UNKNOWN);
    /** Per message_seq: how many bytes from offset 0 have gone on without a gap. */
    private int[] passedPrefix = filled(0);
    private int lowestSequence = TRACKED_MESSAGES;
    private int certificateVerifySequence = UNKNOWN;
    /** The message_seq of the client's last ClientHello (a second one follows a HelloVerifyRequest, RFC 6347 §4.2.1). */
    private int clientHelloSequence = UNKNOWN;
    private boolean changeCipherSpecPassed;
    private byte[] held;
    private int heldLength;
    /** What the last refused ChangeCipherSpec datagram held and what was missing, for a failed handshake's message. */
    private String lastRefusal = "none";

    FlightOrder(boolean server, int slotBytes) {
        this.server = server;
        this.slotBytes = slotBytes;
    }

    /** Whether to hand this datagram to the record layer now; if not, it was dropped or held. */
    boolean admit(byte[] buf, int off, int len) {
        if (!changeCipherSpecPassed && len >= RECORD_HEADER_LENGTH && uint16(buf, off + 3) > 0) {
            hold(buf, off, len);
            return false;
        }
        int[] lengthsBefore = messageLength.clone();
        int[] prefixBefore = passedPrefix.clone();
        int lowestBefore = lowestSequence;
        int verifyBefore = certificateVerifySequence;
        int helloBefore = clientHelloSequence;
        int position = off;
        int end = off + len;
        while (end - position >= RECORD_HEADER_LENGTH) {
            int type = buf[position] & 0xFF;
            int epoch = uint16(buf, position + 3);
            int bodyLength = uint16(buf, position + 11);
            int body = position + RECORD_HEADER_LENGTH;
            if (epoch == 0 && type == HANDSHAKE) {
                noteFragments(buf, body, Math.min(bodyLength, end - body));
            } else if (epoch == 0 && type == CHANGE_CIPHER_SPEC) {
                if (server && !certificateVerifyPassed()) {
                    lastRefusal = describe(buf, off, len);
                    messageLength = lengthsBefore;
                    passedPrefix = prefixBefore;
                    lowestSequence = lowestBefore;
                    certificateVerifySequence = verifyBefore;
                    clientHelloSequence = helloBefore;
                    return false;
                }
                changeCipherSpecPassed = true;
            }
            position = body + bodyLength;
        }
        return true;
    }

    /** The last ChangeCipherSpec held back and why, e.g. {@code records [22/0 11#1 …]; seen #0 100/100 …}. */
    String lastRefusal() {
        return lastRefusal;
    }

    /** The datagram's records (type/epoch, handshake type#seq offset+length) and the messages seen so far. */
    private String describe(byte[] buf, int off, int len) {
        StringBuilder b = new StringBuilder("records [");
        int position = off;
        int end = off + len;
        while (end - position >= RECORD_HEADER_LENGTH) {
            int type = buf[position] & 0xFF;
            int bodyLength = uint16(buf, position + 11);
            b.append(' ').append(type).append('/').append(uint16(buf, position + 3));
            if (type == HANDSHAKE && uint16(buf, position + 3) == 0) {
                int at = position + RECORD_HEADER_LENGTH;
                int bodyEnd = Math.min(end, at + bodyLength);
                while (bodyEnd - at >= HANDSHAKE_HEADER_LENGTH) {
                    b.append(' ').append(buf[at] & 0xFF).append('#').append(uint16(buf, at + 4)).append(' ')
                            .append(uint24(buf, at + 6)).append('+').append(uint24(buf, at + 9)).append('/')
                            .append(uint24(buf, at + 1));
                    at += HANDSHAKE_HEADER_LENGTH + uint24(buf, at + 9);
                }
            }
            position += RECORD_HEADER_LENGTH + bodyLength;
        }
        b.append(" ]; lowest #").append(lowestSequence).append(", CertificateVerify #")
                .append(certificateVerifySequence).append(", seen");
        for (int sequence = 0; sequence < TRACKED_MESSAGES; sequence++) {
            if (messageLength[sequence] != UNKNOWN) {
                b.append(" #").append(sequence).append(' ').append(passedPrefix[sequence]).append('/')
                        .append(messageLength[sequence]);
            }
        }
        return b.toString();
    }

    /** The held datagram, copied into {@code buf}, once its ChangeCipherSpec has gone on; otherwise -1. */
    int release(byte[] buf, int off, int len) {
        if (!changeCipherSpecPassed || heldLength == 0) {
            return -1;
        }
        int length = Math.min(heldLength, len);
        System.arraycopy(held, 0, buf, off, length);
        heldLength = 0;
        return length;
    }

    private void hold(byte[] buf, int off, int len) {
        if (len > slotBytes) {
            return;
        }
        if (held == null) {
            held = new byte[slotBytes];
        }
        System.arraycopy(buf, off, held, 0, len);
        heldLength = len;
    }

    private void noteFragments(byte[] buf, int body, int length) {
        int position = body;
        int end = body + length;
        while (end - position >= HANDSHAKE_HEADER_LENGTH) {
            int type = buf[position] & 0xFF;
            int sequence = uint16(buf, position + 4);
            int fragmentOffset = uint24(buf, position + 6);
            int fragmentLength = uint24(buf, position + 9);
            if (sequence < TRACKED_MESSAGES) {
                lowestSequence = Math.min(lowestSequence, sequence);
                messageLength[sequence] = uint24(buf, position + 1);
                if (fragmentOffset <= passedPrefix[sequence]) {
                    passedPrefix[sequence] = Math.max(passedPrefix[sequence], fragmentOffset + fragmentLength);
                }
                if (type == CERTIFICATE_VERIFY) {
                    certificateVerifySequence = sequence;
                } else if (type == CLIENT_HELLO) {
                    clientHelloSequence = Math.max(clientHelloSequence, sequence);
                }
            }
            position += HANDSHAKE_HEADER_LENGTH + fragmentLength;
        }
    }

    private boolean certificateVerifyPassed() {
        if (certificateVerifySequence == UNKNOWN) {
            return false;
        }
        int first = Math.max(lowestSequence, clientHelloSequence + 1);
        for (int sequence = first; sequence <= certificateVerifySequence; sequence++) {
            if (messageLength[sequence] == UNKNOWN || passedPrefix[sequence] < messageLength[sequence]) {
                return false;
            }
        }
        return true;
    }

    private static int[] filled(int value) {
        int[] array = new int[TRACKED_MESSAGES];
        Arrays.fill(array, value);
        return array;
    }

    private static int uint16(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    private static int uint24(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 16) | ((buf[at + 1] & 0xFF) << 8) | (buf[at + 2] & 0xFF);
    }
}
