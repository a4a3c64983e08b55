package io.storagesession.bench.session.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The controlling side's checks are authentic to the controlled side, and its answer nominates the pair. */
class IceCheckerTest {
    @Test
    void aCheckIsAuthenticToThePeerAndItsAnswerNominates() {
        IceChecker checker = new IceChecker("ours", "them", "their-password-0123456789");
        IceResponder them = new IceResponder("them", "their-password-0123456789");
        assertThat(checker.due(0)).isTrue();
        assertThat(checker.due(1)).isFalse();
        ByteBuffer out = ByteBuffer.allocate(300);
        checker.write(0x4001, out);
        byte[] check = Arrays.copyOf(out.array(), out.position());
        BindingRequest request = them.authentic(check, 0, check.length);
        assertThat(request).isNotNull();
        assertThat(request.useCandidate()).isTrue();
        assertThat(request.username()).isEqualTo("them:ours");

        ByteBuffer answer = ByteBuffer.allocate(300);
        them.answer(request, new InetSocketAddress("127.0.0.1", 5000), answer);
        assertThat(checker.answered(answer.array(), 0, answer.position())).isEqualTo(0x4001);
        assertThat(checker.nominated()).isEqualTo(0x4001);
        assertThat(checker.answered(answer.array(), 0, answer.position())).isEqualTo(-1);
        assertThat(checker.answered(check, 0, check.length)).isEqualTo(-1);
        assertThat(checker.answered(new byte[5], 0, 5)).isEqualTo(-1);
    }
}
