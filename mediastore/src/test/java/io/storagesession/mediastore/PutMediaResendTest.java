package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.AckEvent;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer whose connection broke after the store persisted a fragment but before the PERSISTED acknowledgement
 * reached it sends that fragment again on its next connection (KVS-WIRE.md §4): the store acknowledges it with the
 * number it already has and does not store it twice, while a different fragment claiming the same time is stored.
 * (The reliability suite's PutMediaCutsTest makes the broken connection happen under a real recorder.)
 */
class PutMediaResendTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 1000;
    private static final int CHUNK_BYTES = 4096;

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aFragmentSentAgainIsAcknowledgedWithItsStoredNumberAndStoredOnce() throws Exception {
        Stream stream = server.createStream("resent", 1);
        TestMkv.Recording recording = TestMkv.recording(T0, 4, FRAGMENT_MILLIS, 7);
        List<AckEvent> first = persisted(upload(stream, recording, 0, 3));
        assertThat(first).hasSize(3);

        List<AckEvent> second = persisted(upload(stream, recording, 2, 4));
        assertThat(second).hasSize(2);
        assertThat(second.get(0).fragmentTimecode()).isEqualTo(first.get(2).fragmentTimecode());
        assertThat(second.get(0).fragmentNumber()).as("the resend's number").isEqualTo(first.get(2).fragmentNumber());
        assertThat(second.get(1).fragmentNumber()).isNotIn(first.stream().map(AckEvent::fragmentNumber).toList());
        assertThat(stored(stream)).hasSize(4);
        assertThat(server.mediaStore.metrics().fragmentsResent()).isEqualTo(1);
    }

    @Test
    void aDifferentFragmentWithTheSameTimestampsIsStored() throws Exception {
        Stream stream = server.createStream("same-time", 1);
        persisted(upload(stream, TestMkv.recording(T0, 1, FRAGMENT_MILLIS, 7), 0, 1));
        persisted(upload(stream, TestMkv.recording(T0, 1, FRAGMENT_MILLIS, 8), 0, 1));
        assertThat(stored(stream)).hasSize(2);
        assertThat(server.mediaStore.metrics().fragmentsResent()).isZero();
    }

    /** One connection: the stream header, then fragments {@code [from, to)} of {@code recording}. */
    private PutMediaTestClient.Result upload(Stream stream, TestMkv.Recording recording, int from, int to)
            throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(recording.header());
        for (int i = from; i < to; i++) {
            body.writeBytes(recording.fragmentBytes().get(i));
        }
        PutMediaTestClient.Result result = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream.name()), body.toByteArray(), CHUNK_BYTES);
        assertThat(result.error()).isNull();
        return result;
    }

    private static List<AckEvent> persisted(PutMediaTestClient.Result result) {
        return result.of(AckEvent.Type.PERSISTED);
    }

    private List<FragmentInfo> stored(Stream stream) {
        return server.mediaStore.store().list(stream.arn(), TimestampKind.PRODUCER_TIMESTAMP, 0, Long.MAX_VALUE, 100);
    }
}
