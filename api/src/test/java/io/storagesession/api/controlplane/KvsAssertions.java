package io.storagesession.api.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;

/** Asserts that an SDK call fails with the modelled KVS exception class, HTTP status and error code. */
final class KvsAssertions {
    private KvsAssertions() {
    }

    static void assertKvsError(ThrowingCallable call, Class<? extends KinesisVideoException> type, int status) {
        assertThatThrownBy(call).isInstanceOf(type).satisfies(e -> {
            KinesisVideoException kvs = (KinesisVideoException) e;
            assertThat(kvs.statusCode()).isEqualTo(status);
            assertThat(kvs.awsErrorDetails().errorCode())
                    .isEqualTo(type.getSimpleName());
        });
    }
}
