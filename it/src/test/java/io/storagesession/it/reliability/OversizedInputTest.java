package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import io.storagesession.recorder.putmedia.AckEvent;
import io.storagesession.recorder.putmedia.AckParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * Abuse: bodies, frames and headers far larger than anything the server accepts, each sent as fast as the server
 * reads it by a client that ignores the answer. A control-plane JSON body and a GetClip request past
 * {@code signaling.api.max-body-bytes} (64 KiB) are refused with KVS's InvalidArgumentException; a PutMedia fragment
 * sent past KVS's 50 MB, and a block claiming 2^40 bytes, end with an ERROR acknowledgement 4001 and the connection
 * closed; a signaling frame or message past 64 KiB closes the WebSocket with 1009 (Message Too Big, RFC 6455 §7.4.1),
 * a messagePayload past 10 KB is dropped; header blocks past Vert.x's limits are refused and closed. None of it is
 * buffered: the server's resident memory grows by far less than what was sent. The live session keeps flowing and a
 * fresh session joins afterwards.
 *
 * <p>{@code -Dabuse.oversized-body-bytes} (512 MiB) sets how much each JSON body streams.
 */
@Tag("reliability")
class OversizedInputTest {
    private static final long JSON_BODY_BYTES = Long.getLong("abuse.oversized-body-bytes", 512L << 20);
    /** A PutMedia fragment streams on for this many times KVS's 50 MB (media-store.limits.max-fragment-size) ... */
    private static final int PUT_MEDIA_LIMITS = 4;
    /** ... and the server must have refused it before taking twice the limit (the rest is what was in flight). */
    private static final int PUT_MEDIA_TAKEN_LIMITS = 2;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int BLOCK_PAYLOAD_BYTES = 1 << 20;
    private static final Duration EACH = Duration.ofSeconds(90);
    /**
     * The heap retained after the bodies may exceed what it was before by this share of one body at most: holding
     * on to one would retain all of it. (Resident memory is printed too, but it grows ~100 MiB with the first large
     * body whatever its size, as JIT, metaspace and Netty's pools warm up, and the JVM keeps it.)
     */
    private static final double MAX_RETAINED_SHARE = 0.1;
    private static final double BYTES_PER_MIB = 1 << 20;
    private static final String STREAM = "oversized";
    private static final String PUT_MEDIA_ERRORS = "kvs_media_store_put_media_errors_total";
    private static final String FRAGMENT_TOO_LARGE = "4001";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();

    @BeforeAll
    static void prerequisites() {
        PackagedServer.requireJar();
        LiveSession.requireTools();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void oversizedBodiesFramesAndHeadersAreRefusedWithoutBeingBuffered() throws Exception {
        try (PackagedServer server = AbusedServer.start(dir.resolve("server"));
             LiveSession live = LiveSession.start(server, "live")) {
            String channelArn;
            try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                    .httpClientBuilder(RunningServer.http()))) {
                kvs.createStream(b -> b.streamName(STREAM).dataRetentionInHours(1));
                channelArn = kvs.createSignalingChannel(b -> b.channelName("frames")).channelARN();
            }
            PeerCounters mediaBefore = live.counters();
            Footprint before = Footprint.of(server);
            double heapBefore = Footprint.retainedHeapMib(server);
            long sent = jsonBody(server, "/describeSignalingChannel") + jsonBody(server, "/getClip");
            Footprint afterJson = Footprint.of(server);
            double heapAfter = Footprint.retainedHeapMib(server);
            System.out.printf("oversized JSON bodies: %.0f MiB sent; server before: %s, heap retained %.1f MiB; after:"
                    + " %s, heap retained %.1f MiB%n", sent / BYTES_PER_MIB, before, heapBefore, afterJson, heapAfter);
            assertThat(heapAfter - heapBefore).as("heap retained after %.0f MiB of oversized JSON",
                    sent / BYTES_PER_MIB).isLessThan(JSON_BODY_BYTES / BYTES_PER_MIB * MAX_RETAINED_SHARE);

            long maxFragment = ConfigFactory.defaultReference().getBytes("media-store.limits.max-fragment-size");
            long fragmentSent = putMedia(server, "a fragment past 50 MB", OversizedMkv.clusterStart(
                    System.currentTimeMillis()), PUT_MEDIA_LIMITS * maxFragment);
            assertThat(fragmentSent).as("PutMedia bytes taken before the fragment was refused")
                    .isLessThan(PUT_MEDIA_TAKEN_LIMITS * maxFragment);
            long claimSent = putMedia(server, "a block claiming 2^40 bytes", concat(OversizedMkv.clusterStart(
                    System.currentTimeMillis()), OversizedMkv.giantBlockHeader()), 0);
            Footprint afterPutMedia = Footprint.of(server);
            double heapAfterPutMedia = Footprint.retainedHeapMib(server);
            System.out.printf("oversized PutMedia: %.0f MiB sent; server after: %s, heap retained %.1f MiB (the "
                    + "fragment was assembled up to its %.0f MiB limit)%n", (fragmentSent + claimSent) / BYTES_PER_MIB,
                    afterPutMedia, heapAfterPutMedia, maxFragment / BYTES_PER_MIB);
            assertThat(heapAfterPutMedia - heapAfter).as("heap retained after the refused fragment")
                    .isLessThan(maxFragment / BYTES_PER_MIB * MAX_RETAINED_SHARE);

            OversizedFrames frames = new OversizedFrames(vertx, server, channelArn);
            frames.assertRefused();
            OversizedHeaders.assertRefused(server);

            live.assertMediaFlowedSince(mediaBefore, "oversized bodies, frames and headers");
            live.assertAFreshSessionConnects("fresh");
            AbusedServer.assertNoErrorLogged(server);
        }
    }

    /** A JSON body of {@link #JSON_BODY_BYTES} to an API path, unsigned (the limit comes before the signature). */
    private long jsonBody(PackagedServer server, String path) throws Exception {
        byte[] filler = new byte[CHUNK_BYTES];
        Arrays.fill(filler, (byte) 'a');
        StreamedRequest.Result r = StreamedRequest.post(vertx, StreamedRequest.unsigned(server.http(""), path,
                Map.of("Content-Type", "application/json")), "{\"ChannelName\":\"".getBytes(), i -> filler,
                JSON_BODY_BYTES, answer -> false, EACH);
        System.out.printf("%s with a %.0f MiB body: %d %s after %.1f MiB sent (closed by the server: %s): %s%n",
                path, JSON_BODY_BYTES / BYTES_PER_MIB, r.status(), r.errorType(), r.bytesSent() / BYTES_PER_MIB,
                r.closedByServer(), r.answer());
        assertThat(r.status()).as(path).isEqualTo(400);
        assertThat(r.errorType()).as(path).isEqualTo("InvalidArgumentException");
        assertThat(r.answer()).as(path).contains("\"__type\":\"InvalidArgumentException\"");
        return r.bytesSent();
    }

    /** A signed PutMedia: a stream header, {@code body}, then 1 MiB blocks until {@code moreBytes} were sent. */
    private long putMedia(PackagedServer server, String what, byte[] body, long moreBytes) throws Exception {
        byte[] block = OversizedMkv.simpleBlock(BLOCK_PAYLOAD_BYTES, false);
        byte[] keyframe = OversizedMkv.simpleBlock(BLOCK_PAYLOAD_BYTES, true);
        byte[] prefix = concat(OversizedMkv.streamHeader(), body);
        Map<String, String> headers = Map.of("x-amzn-stream-name", STREAM,
                "x-amzn-fragment-timecode-type", "ABSOLUTE",
                "x-amzn-producer-start-timestamp", String.format("%.3f", System.currentTimeMillis() / 1000.0),
                "x-amzn-fragment-acknowledgment-required", "1");
        double errorsBefore = Footprint.of(server).metric(PUT_MEDIA_ERRORS, "error_id", FRAGMENT_TOO_LARGE);
        StreamedRequest.Result r = StreamedRequest.post(vertx, StreamedRequest.signed(server.http(""), "/putMedia",
                headers, server.credentials()), prefix, i -> i == 0 ? keyframe : block, prefix.length + moreBytes,
                answer -> answer.contains("\"ERROR\""), EACH);
        List<AckEvent> acks = new AckParser(CHUNK_BYTES).feed(Buffer.buffer(r.answer()));
        double refused = Footprint.of(server).metric(PUT_MEDIA_ERRORS, "error_id", FRAGMENT_TOO_LARGE) - errorsBefore;
        System.out.printf("PutMedia, %s: %d, acknowledgements %s after %.1f MiB sent (closed by the server: %s); "
                + "uploads the server ended with ErrorId 4001: %.0f%n", what, r.status(), acks,
                r.bytesSent() / BYTES_PER_MIB, r.closedByServer(), refused);
        assertThat(r.status()).as(what).isEqualTo(200);
        assertThat(refused).as("%s: uploads ended with ErrorId 4001 (KVS: fragment too large)", what).isEqualTo(1);
        // The ERROR acknowledgement precedes the close; a client still sending may see the close (a reset) first.
        assertThat(acks.stream().anyMatch(a -> a.type() == AckEvent.Type.ERROR
                && a.errorId().orElse(-1) == Integer.parseInt(FRAGMENT_TOO_LARGE)) || r.closedByServer())
                .as("%s: the client got the ERROR 4001 acknowledgement, or the connection closed on it", what)
                .isTrue();
        return r.bytesSent();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
