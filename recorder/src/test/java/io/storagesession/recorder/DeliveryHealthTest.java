package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.recorder.putmedia.UploadHealth;
import org.junit.jupiter.api.Test;

/** What {@code /health} is told about recordings: each failing upload by channel and reason, for as long as it fails. */
class DeliveryHealthTest {
    @Test
    void aFailingUploadIsAProblemUntilItDeliversOrEnds() {
        DeliveryHealth health = new DeliveryHealth();
        UploadHealth door = health.forUpload("front-door", "arn:stream/front-door");
        UploadHealth yard = health.forUpload("back-yard", "arn:stream/back-yard");
        assertThat(health.problem()).isEmpty();

        door.failing("cannot connect to the data endpoint: PKIX path building failed");
        yard.failing("connection ended: HTTP 500");
        door.failing("cannot connect to the data endpoint: connection refused");
        assertThat(health.problem()).hasValue("recording of channel back-yard not delivered: connection ended: HTTP "
                + "500; recording of channel front-door not delivered: cannot connect to the data endpoint: connection "
                + "refused");

        door.delivering();
        assertThat(health.problem()).hasValue("recording of channel back-yard not delivered: connection ended: HTTP 500");
        door.lost(1, "refused with ErrorId 4006");
        health.ended(yard);
        assertThat(health.problem()).isEmpty();
    }
}
