package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import org.junit.jupiter.api.Test;

class HubPendingMessagesTest {
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:channel/p/1";
    private static final ParticipantAddress V1 = ParticipantAddress.viewer(ARN, "v1");
    private static final ParticipantAddress V2 = ParticipantAddress.viewer(ARN, "v2");
    private static final ParticipantAddress V3 = ParticipantAddress.viewer(ARN, "v3");

    private static OutboundMessage message(String payload) {
        return new OutboundMessage("ICE_CANDIDATE", null, payload, null);
    }

    @Test
    void deliversInOrderOnlyWhatHasNotExpired() {
        PendingMessages pending = new PendingMessages(10, 10);
        assertThat(pending.offer(V1, message("a"), 1000)).isTrue();
        assertThat(pending.offer(V1, message("b"), 2000)).isTrue();
        assertThat(pending.offer(V1, message("c"), 3000)).isTrue();
        assertThat(pending.take(V1, 1500)).extracting(OutboundMessage::messagePayload).containsExactly("b", "c");
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.take(V1, 1500)).isEmpty();
    }

    @Test
    void expiryForgetsMessagesAndEmptyRecipients() {
        PendingMessages pending = new PendingMessages(10, 10);
        pending.offer(V1, message("a"), 1000);
        pending.offer(V2, message("b"), 5000);
        assertThat(pending.expire(999)).isZero();
        assertThat(pending.expire(1000)).isEqualTo(1);
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.expire(5000)).isEqualTo(1);
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void boundsMessagesPerRecipientAndRecipients() {
        PendingMessages pending = new PendingMessages(2, 2);
        assertThat(pending.offer(V1, message("a"), 1000)).isTrue();
        assertThat(pending.offer(V1, message("b"), 1000)).isTrue();
        assertThat(pending.offer(V1, message("c"), 1000)).isFalse();
        assertThat(pending.offer(V2, message("d"), 1000)).isTrue();
        assertThat(pending.offer(V3, message("e"), 1000)).isFalse();
        assertThat(pending.size()).isEqualTo(3);
    }
}
