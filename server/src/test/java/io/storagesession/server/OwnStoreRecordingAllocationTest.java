package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.Ebml;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.EmbeddedStore;
import io.storagesession.recorder.putmedia.FragmentBytes;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaMetrics;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.recorder.putmedia.UploadHealth;
import io.vertx.core.Context;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * A long recording to this server's own store, in-process, makes ~nothing per fragment once warm (docs/architecture.md
 * "Recording"): fragments of a 1 Mbps stream (30 frames/s, a keyframe a second, audio every 20 ms, 2 s fragments of
 * ~250 KB) are written as the recorder writes them — each frame's head from the writer's view, then the frame, into
 * chunks of the upload's {@link ChunkPool}, handed over without a copy — and go through the real {@link EmbeddedStore}
 * the server
 * wiring hands the recorder, its PutMedia ingest and its disk writer, each PERSISTED before the next is cut (a
 * fragment is due every 2 s). After a warm-up the JVM's per-thread allocation counters of the recorder's thread,
 * the upload's event loop and the store's I/O threads are read around the rest of the recording.
 */
class OwnStoreRecordingAllocationTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int FPS = 30;
    private static final int DELTA_FRAME_BYTES = 3_300;
    private static final int KEYFRAME_BYTES = 8 * DELTA_FRAME_BYTES;
    private static final int AUDIO_MILLIS = 20;
    private static final int AUDIO_FRAME_BYTES = 80;
    private static final int WARM_UP = 20;
    private static final int MEASURED = 100;
    private static final long PERSIST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * What a fragment may still cost across all three kinds of thread: its bookkeeping (the pending record, the hand-off
     * task, acknowledgements, the store's index entry) — a copy or a new array would be ~250 KB.
     */
    private static final long MAX_BYTES_PER_FRAGMENT = 4 * 1024;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xE0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42,
        (byte) 0xE0, 0x1F, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @TempDir
    Path dataDir;
    private StorageSessionServer server;
    private EmbeddedStore ownStore;
    private String arn;

    @BeforeEach
    void start() throws Exception {
        Config config = ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                        "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0))
                .withFallback(ConfigFactory.defaultReference()).resolve();
        EmbeddedStore[] wired = new EmbeddedStore[1];
        server = StorageSessionServer.start(config, (BridgeFactory) wiring -> {
            wired[0] = wiring.ownStore();
            return new NoStorageSessions();
        });
        ownStore = wired[0];
        AccessKey key = server.credentials().keys().get(0);
        try (KinesisVideoClient control = KinesisVideoClient.builder().region(Region.US_WEST_2)
                .endpointOverride(URI.create(server.publicUrl())).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            arn = control.createStream(r -> r.streamName("long").dataRetentionInHours(1)).streamARN();
        }
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aLongRecordingToTheOwnStoreAllocatesNothingPerFragmentOnceWarm() throws Exception {
        PutMediaSettings settings = PutMediaSettings.defaults();
        Context context = server.vertx().getOrCreateContext();
        long[] eventLoop = new long[1];
        context.runOnContext(v -> eventLoop[0] = Thread.currentThread().getId());
        PutMediaClient client = PutMediaClient.embedded(server.vertx(), context, settings, StreamId.ofName("long"),
                ownStore, PutMediaMetrics.Export.NONE, UploadHealth.NONE, ChunkPool.from(settings));
        MkvSettings mkv = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(mkv.initialBufferBytes());
        new StreamHeader(mkv).write(header, new VideoTrack(1280, 720, AVCC), AudioTrack.opus(2));
        client.streamHeader(header.array(), 0, header.length());
        FragmentWriter writer = new FragmentWriter(mkv);
        writer.declareTracks(2);
        FragmentBytes fragment = new FragmentBytes(client.chunkPool());
        byte[] video = new byte[KEYFRAME_BYTES];
        byte[] audio = new byte[AUDIO_FRAME_BYTES];
        new Random(7).nextBytes(video);
        new Random(8).nextBytes(audio);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int chunksAtWarmUp = 0;
        long[] before = null;
        int last = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            if (i == WARM_UP) {
                before = allocated(threads, eventLoop[0]);
                // Every fragment so far is PERSISTED, so every chunk made is free.
                chunksAtWarmUp = client.chunkPool().freeCount();
            }
            long start = T0 + i * FRAGMENT_MILLIS;
            writer.startFragment(start, FragmentTags.NONE);
            int clusterSizeAt = -1;
            for (long t = 0; t < FRAGMENT_MILLIS; t += AUDIO_MILLIS) {
                if (t * FPS / 1000 != (t + AUDIO_MILLIS) * FPS / 1000 || t == 0) {
                    boolean keyframe = t % 1000 == 0;
                    int length = keyframe ? KEYFRAME_BYTES : DELTA_FRAME_BYTES;
                    MkvBuffer head = writer.writeFrameHead(StreamHeader.VIDEO_TRACK_NUMBER, start + t, keyframe, video,
                            0, length);
                    if (writer.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                        clusterSizeAt = fragment.length() + writer.clusterSizeOffset();
                    }
                    fragment.write(head.array(), 0, head.length());
                    fragment.write(video, 0, length);
                }
                MkvBuffer head = writer.writeFrameHead(StreamHeader.AUDIO_TRACK_NUMBER, start + t, true, audio, 0,
                        AUDIO_FRAME_BYTES);
                fragment.write(head.array(), 0, head.length());
                fragment.write(audio, 0, AUDIO_FRAME_BYTES);
            }
            writer.closeFragment();
            fragment.overwriteBigEndian(clusterSizeAt, Ebml.sizeVint(fragment.length() - clusterSizeAt
                    - Ebml.MAX_VINT_LENGTH), Ebml.MAX_VINT_LENGTH);
            last = fragment.length();
            client.handOver(fragment, start);
            awaitPersisted(client, i + 1);
        }
        long[] after = allocated(threads, eventLoop[0]);
        long recorder = after[0] - before[0];
        long upload = after[1] - before[1];
        long io = after[2] - before[2];
        System.out.printf("in-process recording, %d fragments of ~%d B after a warm-up of %d: %d B on the recorder's "
                + "thread, %d B on the upload's event loop, %d B on the store's I/O threads: %d B per fragment; "
                + "%d chunks made (%d at the warm-up)%n", MEASURED, last, WARM_UP, recorder, upload, io,
                (recorder + upload + io) / MEASURED, client.chunkPool().freeCount(), chunksAtWarmUp);
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        List<FragmentInfo> stored = server.mediaStore().store().list(arn, TimestampKind.PRODUCER_TIMESTAMP, 0,
                Long.MAX_VALUE, WARM_UP + MEASURED + 1);
        assertThat(stored).hasSize(WARM_UP + MEASURED);
        assertThat(client.chunkPool().freeCount()).as("chunks made, all free once every fragment is PERSISTED")
                .isEqualTo(chunksAtWarmUp).isLessThanOrEqualTo(2 * (last / settings.fragmentChunks().chunkBytes() + 1));
        assertThat(recorder + upload + io).as("bytes allocated for %d fragments", MEASURED)
                .isLessThan(MEASURED * MAX_BYTES_PER_FRAGMENT);
    }

    /** Waits, without allocating, for {@code count} fragments to be PERSISTED. */
    private static void awaitPersisted(PutMediaClient client, long count) {
        long deadline = System.nanoTime() + PERSIST_TIMEOUT_NANOS;
        while (client.metrics().fragmentsPersisted() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fragment " + count + " not persisted");
            }
            Thread.onSpinWait();
        }
    }

    /** Bytes allocated so far by this thread, the event loop and the store's I/O threads (summed). */
    private static long[] allocated(com.sun.management.ThreadMXBean threads, long eventLoop) {
        long io = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("media-store-io-")) {
                io += threads.getThreadAllocatedBytes(t.getId());
            }
        }
        return new long[] {threads.getCurrentThreadAllocatedBytes(), threads.getThreadAllocatedBytes(eventLoop), io};
    }
}
