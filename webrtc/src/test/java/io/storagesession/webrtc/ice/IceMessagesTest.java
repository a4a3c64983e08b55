package io.storagesession.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.turn.Stun;
import io.storagesession.turn.StunIntegrity;
import io.storagesession.turn.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The agent builds every message in one reused writer and signs with HMACs keyed once: what it sends must be byte for
 * byte what a fresh writer signed with the password makes (RFC 8489 §14.5, §14.7), whatever it built before, and a
 * keyed HMAC must keep verifying after a message that failed.
 */
class IceMessagesTest {
    private static final byte[] PASSWORD = "remote-password-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress FROM = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_001);

    private static byte[] transaction(int seed) {
        byte[] id = new byte[IceMessages.TRANSACTION_ID_LENGTH];
        Arrays.fill(id, (byte) seed);
        return id;
    }

    private static byte[] fresh(byte[] transaction, String username, long priority, long tieBreaker, boolean use) {
        StunWriter w = StunWriter.request(Stun.BINDING, transaction)
                .attribute(Stun.ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .u32(Stun.ATTR_PRIORITY, (int) priority)
                .u64(IceMessages.ATTR_ICE_CONTROLLING, tieBreaker);
        if (use) {
            w.attribute(Stun.ATTR_USE_CANDIDATE, new byte[0]);
        }
        return w.sign(PASSWORD);
    }

    @Test
    void aReusedWriterAndKeyMakeTheBytesAFreshWriterAndThePasswordMake() {
        StunWriter writer = StunWriter.reusable();
        StunIntegrity key = Stun.integrityKey(PASSWORD);
        String longName = "a-much-longer-remote-ufrag-than-usual:abcdef";
        byte[] first = Arrays.copyOf(writer.array(), IceMessages.request(writer, transaction(1),
                longName.getBytes(StandardCharsets.UTF_8), 99, 42, true, key));
        assertThat(first).isEqualTo(fresh(transaction(1), longName, 99, 42, true));
        byte[] second = Arrays.copyOf(writer.array(), IceMessages.request(writer, transaction(2),
                "r:l".getBytes(StandardCharsets.UTF_8), 7, 3, false, key));
        assertThat(second).isEqualTo(fresh(transaction(2), "r:l", 7, 3, false)); // nothing of the longer one left
        byte[] success = Arrays.copyOf(writer.array(), IceMessages.success(writer, second,
                FROM.getAddress().getAddress(), FROM.getPort(), key));
        assertThat(success).isEqualTo(StunWriter.message(Stun.BINDING, Stun.CLASS_SUCCESS, transaction(2))
                .xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, FROM).sign(PASSWORD));
        byte[] error = Arrays.copyOf(writer.array(), IceMessages.error(writer, first, IceMessages.ROLE_CONFLICT,
                "Role Conflict", key));
        assertThat(IceMessages.errorCode(error, error.length)).isEqualTo(IceMessages.ROLE_CONFLICT);
        assertThat(IceMessages.sameTransaction(error, transaction(1))).isTrue();
    }

    @Test
    void aKeyedHmacKeepsVerifyingAfterAForgery() {
        StunIntegrity key = Stun.integrityKey(PASSWORD);
        byte[] good = fresh(transaction(3), "r:l", 1, 1, false);
        byte[] forged = fresh(transaction(3), "r:l", 1, 1, false);
        forged[Stun.HEADER + 5] ^= 1; // a flipped bit of USERNAME, under MESSAGE-INTEGRITY
        int at = Stun.scan(good, good.length).integrityOffset();
        assertThat(Stun.integrityValidWith(good, at, key)).isTrue();
        assertThat(Stun.integrityValidWith(forged, at, key)).isFalse();
        assertThat(Stun.integrityValidWith(good, at, key)).isTrue();
        assertThat(Stun.integrityValidWith(good, at, Stun.integrityKey("another".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        assertThat(Stun.integrityValid(good, at, PASSWORD)).isTrue(); // the same as with the password itself
    }
}
