package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the STUN codec ({@link Stun}) that the TURN server, the TURN client and the storage
 * session's ICE agent read every message with, and of the attribute readers on top of it ({@link ResponseFields}).
 * The contract of decoding: any bytes are refused by {@link Stun#scan} or framed exactly (length, magic cookie,
 * attributes inside the message, FINGERPRINT right and last, RFC 8489 §5, §14), never an exception; every attribute
 * of a framed message is read inside it; checking MESSAGE-INTEGRITY leaves the message as it was. The round trip:
 * a message built by {@link StunWriter} from fuzzed fields and signed, and a Data indication written in place
 * (RFC 8656 §11.4), scan and read back as written, and verify only under their key. Without {@code JAZZER_FUZZ} only
 * the seeds under {@code StunFuzzTestInputs} run (README "Fuzzing").
 */
class StunFuzzTest {
    private static final byte[] KEY = "fuzz-short-term-password".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another-password".getBytes(StandardCharsets.UTF_8);
    private static final int[] ATTRIBUTES = {Stun.ATTR_USERNAME, Stun.ATTR_MESSAGE_INTEGRITY, Stun.ATTR_ERROR_CODE,
        Stun.ATTR_CHANNEL_NUMBER, Stun.ATTR_LIFETIME, Stun.ATTR_XOR_PEER_ADDRESS, Stun.ATTR_DATA, Stun.ATTR_REALM,
        Stun.ATTR_NONCE, Stun.ATTR_XOR_RELAYED_ADDRESS, Stun.ATTR_REQUESTED_TRANSPORT, Stun.ATTR_XOR_MAPPED_ADDRESS,
        Stun.ATTR_PRIORITY, Stun.ATTR_USE_CANDIDATE, Stun.ATTR_FINGERPRINT};
    private static final int[] METHODS = {Stun.BINDING, Stun.ALLOCATE, Stun.REFRESH, Stun.SEND, Stun.DATA,
        Stun.CREATE_PERMISSION, Stun.CHANNEL_BIND};
    private static final int[] CLASSES = {Stun.CLASS_REQUEST, Stun.CLASS_INDICATION, Stun.CLASS_SUCCESS,
        Stun.CLASS_ERROR};
    /** ERROR-CODE's class is 3 bits (RFC 8489 §14.8): at most 7 × 100 + 255. */
    private static final int MAX_ERROR_CODE = 955;
    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    /** Keeps a fuzzed DATA attribute within the writer's 2048-byte message. */
    private static final int MAX_DATA = 1024;
    private static final int ALIGNMENT = 3;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void messageDecoding(byte[] m) {
        int len = m.length;
        if (len > 0) {
            int first = m[0] & 0xFF;
            assertThat(Stun.isStun(first) && Stun.isChannelData(first)).isFalse();
        }
        Stun.Scan scan = Stun.scan(m, len);
        int integrity = Stun.integrityOffset(m, len);
        if (scan == null) {
            assertThat(integrity).isEqualTo(Stun.MALFORMED);
            return;
        }
        assertThat(integrity).isEqualTo(scan.integrityOffset());
        assertThat(scan.type()).isEqualTo(Stun.u16(m, 0));
        assertThat(Stun.HEADER + scan.length()).isEqualTo(len);
        assertThat(Stun.type(Stun.method(scan.type()), Stun.messageClass(scan.type()))).isEqualTo(scan.type());
        for (int type : ATTRIBUTES) {
            int at = Stun.find(m, len, type);
            if (at >= 0) {
                assertThat(at).isBetween(Stun.HEADER, len - Integer.BYTES);
                assertThat(Stun.u16(m, at)).isEqualTo(type);
                assertThat(ResponseFields.value(m, len, type)).hasSize(Stun.u16(m, at + 2));
            }
            ResponseFields.xorAddress(m, len, type);
            assertThat(ResponseFields.u32(m, len, type)).isGreaterThanOrEqualTo(-1);
        }
        assertThat(ResponseFields.errorCode(m, len)).isBetween(0, MAX_ERROR_CODE);
        assertThat(ResponseFields.errorReason(m, len)).isNotNull();
        if (integrity >= 0) {
            byte[] before = m.clone();
            boolean valid = Stun.integrityValid(m, integrity, KEY);
            assertThat(Stun.integrityValidWith(m, integrity, Stun.integrityKey(KEY))).isEqualTo(valid);
            assertThat(m).isEqualTo(before);
        }
    }

    /**
     * The input gives the method, the class, the transaction id, the peer's address family, address and port, a
     * LIFETIME, then the DATA; missing bytes read as zero.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void signedRoundTrip(byte[] fields) throws UnknownHostException {
        ByteBuffer in = ByteBuffer.wrap(fields);
        int method = METHODS[Math.floorMod(next(in, 1)[0], METHODS.length)];
        int messageClass = CLASSES[Math.floorMod(next(in, 1)[0], CLASSES.length)];
        byte[] transactionId = next(in, StunWriter.TRANSACTION_ID_LENGTH);
        byte[] ip = next(in, (next(in, 1)[0] & 1) == 0 ? IPV4_BYTES : IPV6_BYTES);
        int port = ByteBuffer.wrap(next(in, Short.BYTES)).getShort() & 0xFFFF;
        int lifetime = ByteBuffer.wrap(next(in, Integer.BYTES)).getInt();
        byte[] data = next(in, Math.min(in.remaining(), MAX_DATA));
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByAddress(ip), port);

        byte[] m = StunWriter.message(method, messageClass, transactionId)
                .xorAddress(Stun.ATTR_XOR_PEER_ADDRESS, ip, port)
                .u32(Stun.ATTR_LIFETIME, lifetime)
                .attribute(Stun.ATTR_DATA, data)
                .sign(KEY);
        Stun.Scan scan = Stun.scan(m, m.length);
        assertThat(scan).isNotNull();
        assertThat(Stun.method(scan.type())).isEqualTo(method);
        assertThat(Stun.messageClass(scan.type())).isEqualTo(messageClass);
        assertThat(Arrays.copyOfRange(m, Stun.HEADER - StunWriter.TRANSACTION_ID_LENGTH, Stun.HEADER))
                .isEqualTo(transactionId);
        assertThat(scan.integrityOffset()).isPositive();
        assertThat(Stun.integrityValid(m, scan.integrityOffset(), KEY)).isTrue();
        assertThat(Stun.integrityValid(m, scan.integrityOffset(), OTHER_KEY)).isFalse();
        assertThat(ResponseFields.xorAddress(m, m.length, Stun.ATTR_XOR_PEER_ADDRESS)).isEqualTo(peer);
        assertThat(ResponseFields.u32(m, m.length, Stun.ATTR_LIFETIME)).isEqualTo(Integer.toUnsignedLong(lifetime));
        assertThat(ResponseFields.value(m, m.length, Stun.ATTR_DATA)).isEqualTo(data);

        dataIndicationRoundTrip(peer, data, lifetime);
    }

    /** A Data indication written in front of its payload reads back the peer and the payload. */
    private static void dataIndicationRoundTrip(InetSocketAddress peer, byte[] data, long counter) {
        int header = Stun.dataIndicationHeader(peer);
        ByteBuffer buf = ByteBuffer.allocate(header + data.length + ALIGNMENT);
        buf.put(header, data);
        int total = Stun.writeDataIndication(buf, 0, peer, data.length, counter);
        byte[] m = Arrays.copyOf(buf.array(), total);
        Stun.Scan scan = Stun.scan(m, m.length);
        assertThat(scan).isNotNull();
        assertThat(Stun.method(scan.type())).isEqualTo(Stun.DATA);
        assertThat(Stun.messageClass(scan.type())).isEqualTo(Stun.CLASS_INDICATION);
        assertThat(ResponseFields.xorAddress(m, m.length, Stun.ATTR_XOR_PEER_ADDRESS)).isEqualTo(peer);
        assertThat(ResponseFields.value(m, m.length, Stun.ATTR_DATA)).isEqualTo(data);
    }

    /** The next {@code n} bytes of the input, zeros past its end. */
    private static byte[] next(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out, 0, Math.min(n, in.remaining()));
        return out;
    }
}
