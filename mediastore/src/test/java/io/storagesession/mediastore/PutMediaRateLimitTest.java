package io.storagesession.mediastore;

import static io.storagesession.mediastore.TestMkv.cluster;
import static io.storagesession.mediastore.TestMkv.concat;
import static io.storagesession.mediastore.TestMkv.header;
import static io.storagesession.mediastore.TestMkv.simpleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-stream PutMedia quotas, 5 fragments/s and 12.5 MB/s (KVS API reference, PutMedia: "A client can send up to
 * five fragments per second per stream", "reads media data at a rate of up to 12.5 MB/second"), over HTTP. KVS
 * documents no ErrorId for them (4003 is "Connection duration is greater than maximum allowed threshold"), so a
 * producer above a rate is read no faster than the rate: it gets no ERROR, nothing beyond the rate is persisted, the
 * server says so in its log, and the rest follows once the stream is back under the rate.
 *
 * <p>The server's clock is a {@link MutableClock} that only the test moves: while it stands still the buckets cannot
 * refill, so what the server reads in "one second" is exact, and no assertion depends on how fast the machine is.
 */
class PutMediaRateLimitTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 100;
    private static final int CHUNK = 500;
    private static final String THROTTLED = "reading the body no faster";
    /** A data rate small enough to exceed with a few small fragments: 64 kB/s. */
    private static final int TEST_DATA_RATE = 64_000;
    private static final int LARGE_BLOCK = 20_000;
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;
    private MutableClock clock;
    private TestServer server;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Instant.ofEpochMilli(T0));
        log = new LogCapture();
        server = TestServer.start(dir, "media-store.limits.max-data-rate = " + TEST_DATA_RATE
                + ", media-store.put-media.idle-ack-interval = 100s", clock);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        log.close();
    }

    @Test
    void aProducerFasterThanFiveFragmentsASecondIsReadAtFiveASecondWithoutAnError() throws Exception {
        Stream stream = server.createStream("fast-fragments", 1);
        PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream.name()));
        try {
            write(upload, concat(header(1), fragments(0, 8, 2000)));

            // In the server's first second: five fragments, and the sixth begun but not read any further.
            await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS).until(() -> count(upload, AckEvent.Type.PERSISTED) == 5
                    && count(upload, AckEvent.Type.BUFFERING) == 6);
            assertThat(stored(stream)).hasSize(5);
            assertThat(upload.of(AckEvent.Type.RECEIVED)).hasSize(5);
            assertThat(upload.of(AckEvent.Type.ERROR)).isEmpty();
            assertThat(upload.ended).isNotDone();
            assertThat(log.lines(THROTTLED)).anyMatch(l -> l.contains(stream.arn()));

            // A second later the stream is back under the rate: the rest is read (the last fragment, an unknown-size
            // Cluster, ends with the body), nothing refused.
            clock.advance(Duration.ofSeconds(1));
            await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> count(upload, AckEvent.Type.PERSISTED) == 7);
            upload.end();
            upload.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(upload.of(AckEvent.Type.ERROR)).isEmpty();
            assertThat(stored(stream)).hasSize(8);
        } finally {
            upload.close();
        }
    }

    @Test
    void aProducerAboveTheDataRateIsReadAtTheDataRateWithoutAnError() throws Exception {
        Stream stream = server.createStream("fast-bytes", 1);
        PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream.name()));
        try {
            // Five fragments of 20 kB: 100 kB against 64 kB/s, so the fourth cannot be read in the first second.
            write(upload, concat(header(1), fragments(0, 5, LARGE_BLOCK)));

            await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS).until(() -> count(upload, AckEvent.Type.PERSISTED) == 3
                    && count(upload, AckEvent.Type.BUFFERING) == 4);
            assertThat(stored(stream)).hasSize(3);
            assertThat(stored(stream).stream().mapToLong(FragmentInfo::sizeBytes).sum())
                    .isLessThanOrEqualTo(TEST_DATA_RATE);
            assertThat(upload.of(AckEvent.Type.ERROR)).isEmpty();
            assertThat(log.lines(THROTTLED)).anyMatch(l -> l.contains(stream.arn()));

            clock.advance(Duration.ofSeconds(1));
            await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> count(upload, AckEvent.Type.PERSISTED) == 4);
            upload.end();
            upload.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(upload.of(AckEvent.Type.ERROR)).isEmpty();
            assertThat(stored(stream)).hasSize(5);
        } finally {
            upload.close();
        }
    }

    @Test
    void aProducerJustUnderBothRatesIsNeverHeldBack() throws Exception {
        Stream stream = server.createStream("steady", 1);
        PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream.name()));
        try {
            // Four fragments of 15 kB a second: under 5 fragments/s and under 64 kB/s. Were the server to hold the
            // body back, the clock, which moves only between seconds, would never let it go on.
            write(upload, header(1));
            int seconds = 3;
            int perSecond = 4;
            for (int s = 0; s < seconds; s++) {
                write(upload, fragments(s * perSecond, perSecond, 15_000));
                // Each batch's last fragment is an unknown-size Cluster: it ends when the next one begins.
                int expected = (s + 1) * perSecond - 1;
                await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .until(() -> count(upload, AckEvent.Type.PERSISTED) == expected);
                clock.advance(Duration.ofSeconds(1));
            }
            upload.end();
            upload.ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(upload.of(AckEvent.Type.ERROR)).isEmpty();
            assertThat(stored(stream)).hasSize(seconds * perSecond);
            assertThat(log.lines(THROTTLED)).noneMatch(l -> l.contains(stream.arn()));
        } finally {
            upload.close();
        }
    }

    /** {@code count} one-block fragments from fragment {@code first} on, each block {@code blockBytes} long. */
    private static byte[] fragments(int first, int count, int blockBytes) {
        byte[][] clusters = new byte[count][];
        for (int i = 0; i < count; i++) {
            clusters[i] = cluster(T0 + (first + i) * FRAGMENT_MILLIS, simpleBlock(1, 0, true, blockBytes));
        }
        return concat(clusters);
    }

    private static void write(PutMediaTestClient.OpenUpload upload, byte[] body) {
        for (int at = 0; at < body.length; at += CHUNK) {
            upload.write(Arrays.copyOfRange(body, at, Math.min(body.length, at + CHUNK)));
        }
    }

    private static long count(PutMediaTestClient.OpenUpload upload, AckEvent.Type type) {
        return upload.of(type).size();
    }

    private List<FragmentInfo> stored(Stream stream) {
        return server.mediaStore.store().list(stream.arn(), TimestampKind.SERVER_TIMESTAMP, Long.MIN_VALUE,
                Long.MAX_VALUE, Integer.MAX_VALUE);
    }
}
