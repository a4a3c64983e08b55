package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordScreenTest {

    @Test
    void passesWholeRecordsIncludingSeveralHandshakeFragmentsInOneRecordAndSeveralRecordsInOneDatagram() {
        byte[] fragments = concat(fragment(1, 10, 0, 10), fragment(14, 0, 0, 0));
        byte[] datagram = concat(record(22, 0, fragments), record(20, 0, new byte[] {1}),
                record(22, 1, new byte[40]));
        assertThat(RecordScreen.passes(datagram, 0, datagram.length)).isTrue();
        byte[] alert = record(21, 0, new byte[] {2, 40});
        assertThat(RecordScreen.passes(alert, 0, alert.length)).isTrue();
        byte[] shifted = concat(new byte[3], alert);
        assertThat(RecordScreen.passes(shifted, 3, alert.length)).isTrue();
    }

    @Test
    void rejectsPartialRecordsAndMisframedPlaintext() {
        byte[] whole = record(22, 0, fragment(1, 10, 0, 10));
        assertThat(RecordScreen.passes(whole, 0, whole.length - 1)).as("truncated").isFalse();
        assertThat(RecordScreen.passes(whole, 0, 5)).as("header cut").isFalse();
        assertThat(RecordScreen.passes(whole, 0, 0)).isFalse();
        byte[] overlong = concat(whole, new byte[] {22});
        assertThat(RecordScreen.passes(overlong, 0, overlong.length)).as("trailing byte").isFalse();
        byte[] tls = whole.clone();
        tls[1] = 3;
        assertThat(RecordScreen.passes(tls, 0, tls.length)).as("TLS, not DTLS").isFalse();
        byte[] fragmentPastMessage = record(22, 0, fragment(1, 10, 5, 10));
        assertThat(RecordScreen.passes(fragmentPastMessage, 0, fragmentPastMessage.length)).isFalse();
        byte[] junkHandshake = record(22, 0, new byte[50]);
        assertThat(RecordScreen.passes(junkHandshake, 0, junkHandshake.length)).isFalse();
        byte[] plaintextAppData = record(23, 0, new byte[20]);
        assertThat(RecordScreen.passes(plaintextAppData, 0, plaintextAppData.length)).isFalse();
        byte[] badAlert = record(21, 0, new byte[] {7, 0});
        assertThat(RecordScreen.passes(badAlert, 0, badAlert.length)).isFalse();
        byte[] epochTwo = record(22, 2, new byte[40]);
        assertThat(RecordScreen.passes(epochTwo, 0, epochTwo.length)).as("we never renegotiate").isFalse();
        byte[] badChangeCipherSpec = record(20, 0, new byte[] {2});
        assertThat(RecordScreen.passes(badChangeCipherSpec, 0, badChangeCipherSpec.length)).isFalse();
    }

    private static byte[] record(int type, int epoch, byte[] body) {
        byte[] header = {(byte) type, (byte) 0xFE, (byte) 0xFD, (byte) (epoch >> 8), (byte) epoch, 0, 0, 0, 0, 0, 1,
            (byte) (body.length >> 8), (byte) body.length};
        return concat(header, body);
    }

    private static byte[] fragment(int type, int messageLength, int offset, int fragmentLength) {
        byte[] header = {(byte) type, 0, 0, (byte) messageLength, 0, 0, 0, 0, (byte) offset, 0, 0,
            (byte) fragmentLength};
        return concat(header, new byte[fragmentLength]);
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
