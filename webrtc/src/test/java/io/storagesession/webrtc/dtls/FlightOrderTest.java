package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlightOrderTest {
    private static final int SLOT = 1500;
    private static final byte[] CLIENT_HELLO = handshake(1, 0, 40);
    private static final byte[] CERTIFICATE = handshake(11, 1, 300);
    private static final byte[] CLIENT_KEY_EXCHANGE = handshake(16, 2, 33);
    private static final byte[] CERTIFICATE_VERIFY = handshake(15, 3, 72);
    private static final byte[] CHANGE_CIPHER_SPEC = record(20, 0, new byte[] {1});
    private static final byte[] FINISHED = record(22, 1, new byte[48]);

    @Test
    void serverLetsTheChangeCipherSpecPassOnlyAfterEveryMessageUpToCertificateVerify() {
        FlightOrder order = new FlightOrder(true, SLOT);
        assertThat(admit(order, CLIENT_HELLO)).isTrue();
        assertThat(admit(order, CERTIFICATE)).isTrue();
        assertThat(admit(order, CHANGE_CIPHER_SPEC)).as("nothing after the certificate yet").isFalse();
        assertThat(admit(order, CERTIFICATE_VERIFY)).isTrue();
        assertThat(admit(order, CHANGE_CIPHER_SPEC)).as("the key exchange is still missing").isFalse();
        assertThat(admit(order, CLIENT_KEY_EXCHANGE)).isTrue();
        assertThat(admit(order, CHANGE_CIPHER_SPEC)).isTrue();
        assertThat(admit(order, FINISHED)).isTrue();
    }

    @Test
    void aDroppedDatagramLeavesNoTraceOfTheMessagesItCarried() {
        FlightOrder order = new FlightOrder(true, SLOT);
        admit(order, CLIENT_HELLO);
        admit(order, CERTIFICATE);
        assertThat(admit(order, concat(CLIENT_KEY_EXCHANGE, CHANGE_CIPHER_SPEC))).isFalse();
        assertThat(admit(order, CERTIFICATE_VERIFY)).isTrue();
        assertThat(admit(order, CHANGE_CIPHER_SPEC)).as("the key exchange went nowhere").isFalse();
        assertThat(admit(order, concat(CLIENT_KEY_EXCHANGE, CERTIFICATE_VERIFY, CHANGE_CIPHER_SPEC, FINISHED)))
                .as("the whole flight in one datagram").isTrue();
    }

    @Test
    void anEpochOneDatagramAheadOfTheChangeCipherSpecIsHeldAndReleasedAfterIt() {
        FlightOrder order = new FlightOrder(false, SLOT);
        byte[] out = new byte[SLOT];
        assertThat(admit(order, FINISHED)).isFalse();
        assertThat(order.release(out, 0, out.length)).as("still waiting for the ChangeCipherSpec").isEqualTo(-1);
        assertThat(admit(order, CHANGE_CIPHER_SPEC)).as("the client does not gate it").isTrue();
        assertThat(order.release(out, 0, out.length)).isEqualTo(FINISHED.length);
        assertThat(out).startsWith(FINISHED);
        assertThat(order.release(out, 0, out.length)).isEqualTo(-1);
        assertThat(admit(order, FINISHED)).isTrue();
    }

    /**
     * Chromium's ClientHello (about 1.4 kB) comes in two fragments; when the relay swaps them, the second is seen
     * before the first and never again, since the server answered the reassembled hello. The final flight must pass.
     */
    @Test
    void aClientHelloWhoseFragmentsCameOutOfOrderDoesNotHoldUpTheFinalFlight() {
        FlightOrder order = new FlightOrder(true, SLOT);
        assertThat(admit(order, fragment(1, 0, 1400, 1000, 400))).isTrue();
        assertThat(admit(order, fragment(1, 0, 1400, 0, 1000))).isTrue();
        assertThat(admit(order, concat(CERTIFICATE, CLIENT_KEY_EXCHANGE, CERTIFICATE_VERIFY, CHANGE_CIPHER_SPEC,
                FINISHED))).isTrue();
    }

    @Test
    void aFinalFlightMessageSeenOnlyInPartStillHoldsBackTheChangeCipherSpec() {
        FlightOrder order = new FlightOrder(true, SLOT);
        admit(order, CLIENT_HELLO);
        admit(order, fragment(11, 1, 300, 100, 200));
        assertThat(admit(order, concat(CLIENT_KEY_EXCHANGE, CERTIFICATE_VERIFY, CHANGE_CIPHER_SPEC))).isFalse();
        admit(order, fragment(11, 1, 300, 0, 100));
        assertThat(admit(order, concat(fragment(11, 1, 300, 100, 200), CLIENT_KEY_EXCHANGE, CERTIFICATE_VERIFY,
                CHANGE_CIPHER_SPEC))).as("the retransmitted flight fills the gap").isTrue();
    }

    private static boolean admit(FlightOrder order, byte[] datagram) {
        return order.admit(datagram, 0, datagram.length);
    }

    private static byte[] handshake(int type, int sequence, int length) {
        byte[] body = new byte[12 + length];
        body[0] = (byte) type;
        body[3] = (byte) length;
        body[2] = (byte) (length >> 8);
        body[5] = (byte) sequence;
        body[11] = (byte) length;
        body[10] = (byte) (length >> 8);
        return record(22, 0, body);
    }

    /** One fragment of a handshake message (RFC 6347 §4.2.2): {@code length} bytes at {@code offset} of {@code total}. */
    private static byte[] fragment(int type, int sequence, int total, int offset, int length) {
        byte[] body = new byte[12 + length];
        body[0] = (byte) type;
        body[2] = (byte) (total >> 8);
        body[3] = (byte) total;
        body[5] = (byte) sequence;
        body[7] = (byte) (offset >> 8);
        body[8] = (byte) offset;
        body[10] = (byte) (length >> 8);
        body[11] = (byte) length;
        return record(22, 0, body);
    }

    private static byte[] record(int type, int epoch, byte[] body) {
        byte[] header = {(byte) type, (byte) 0xFE, (byte) 0xFD, 0, (byte) epoch, 0, 0, 0, 0, 0, 1,
            (byte) (body.length >> 8), (byte) body.length};
        return concat(header, body);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
