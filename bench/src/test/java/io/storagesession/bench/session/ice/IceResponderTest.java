package io.storagesession.bench.session.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.bench.turn.StunResponse;
import io.storagesession.turn.Stun;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The controlled agent accepts only authentic checks for its ufrag and answers them with a success that carries the
 * mapped address, a MESSAGE-INTEGRITY keyed with its password and a valid FINGERPRINT; hostile bytes give null.
 */
class IceResponderTest {
    private static final String UFRAG = "peer";
    private static final String PWD = "0123456789abcdefghijkl";
    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 50_123);

    /** A check as ice4j sends it: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT. */
    static byte[] check(String username, String password, boolean useCandidate) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 1).putShort((short) 0).putInt(Stun.MAGIC_COOKIE).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12});
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) Stun.ATTR_USERNAME).putShort((short) user.length).put(user);
        b.position(b.position() + ((user.length + 3 & ~3) - user.length));
        b.putShort((short) BindingRequest.ATTR_PRIORITY).putShort((short) 4).putInt(1_000);
        b.putShort((short) BindingRequest.ATTR_ICE_CONTROLLING).putShort((short) 8).putLong(42);
        if (useCandidate) {
            b.putShort((short) BindingRequest.ATTR_USE_CANDIDATE).putShort((short) 0);
        }
        int integrity = b.position();
        b.putShort(2, (short) (integrity - 20 + 24));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(b.array(), 0, integrity);
        b.putShort((short) Stun.ATTR_MESSAGE_INTEGRITY).putShort((short) 20).put(mac.doFinal());
        b.putShort(2, (short) (b.position() - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putShort((short) Stun.ATTR_FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue()
                ^ 0x5354554E);
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void answersAnAuthenticNomination() throws Exception {
        IceResponder responder = new IceResponder(UFRAG, PWD);
        byte[] request = check(UFRAG + ":server", PWD, true);
        BindingRequest check = responder.authentic(request, 0, request.length);
        assertThat(check).isNotNull();
        assertThat(check.useCandidate()).isTrue();

        ByteBuffer out = ByteBuffer.allocate(200);
        out.position(4);
        responder.answer(check, FROM, out);
        byte[] answer = Arrays.copyOfRange(out.array(), 4, out.position());
        assertThat(answer).hasSize(IceResponder.ANSWER_LENGTH);
        StunResponse parsed = StunResponse.parse(ByteBuffer.wrap(answer));
        assertThat(parsed.isSuccess()).isTrue();
        assertThat(parsed.mappedAddress()).isEqualTo(FROM);
        assertThat(parsed.answers(check.transactionId())).isTrue();
        CRC32 crc = new CRC32();
        crc.update(answer, 0, answer.length - 8);
        assertThat(ByteBuffer.wrap(answer, answer.length - 4, 4).getInt()).isEqualTo((int) crc.getValue()
                ^ 0x5354554E);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(PWD.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        byte[] signed = Arrays.copyOf(answer, answer.length - 8 - 24);
        ByteBuffer.wrap(signed).putShort(2, (short) (signed.length - 20 + 24));
        assertThat(Arrays.copyOfRange(answer, answer.length - 8 - 20, answer.length - 8))
                .isEqualTo(mac.doFinal(signed));
    }

    @Test
    void refusesWrongPasswordWrongUfragAndNoIntegrity() throws Exception {
        IceResponder responder = new IceResponder(UFRAG, PWD);
        byte[] wrongPassword = check(UFRAG + ":server", "not-the-password-at-all", false);
        byte[] wrongUfrag = check("other:server", PWD, false);
        assertThat(responder.authentic(wrongPassword, 0, wrongPassword.length)).isNull();
        assertThat(responder.authentic(wrongUfrag, 0, wrongUfrag.length)).isNull();
        byte[] tampered = check(UFRAG + ":server", PWD, false);
        tampered[30] ^= 1;
        assertThat(responder.authentic(tampered, 0, tampered.length)).isNull();
        assertThat(responder.refused()).isEqualTo(3);
    }

    @Test
    void hostileBytesGiveNull() throws Exception {
        byte[] valid = check(UFRAG + ":server", PWD, true);
        Random random = new Random(5);
        IceResponder responder = new IceResponder(UFRAG, PWD);
        for (int cut = 0; cut < valid.length; cut++) {
            assertThat(responder.authentic(valid, 0, cut)).isNull();
        }
        for (int round = 0; round < 20_000; round++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            BindingRequest.parse(b, 0, random.nextInt(b.length + 1));
            responder.authentic(b, 0, b.length);
        }
    }
}
