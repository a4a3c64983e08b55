package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.StoredFragment;
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
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.PutMediaMetrics;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.recorder.putmedia.UploadHealth;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The recorder's upload to this server's own store in-process — the {@link EmbeddedStore} the server wiring hands
 * the recorder — against the same upload over loopback HTTP: a recording reaches the store and plays back, and a
 * refusal or a fragment the store rejects reaches the recorder as the same delivery events either way, with no upload
 * left open.
 */
class OwnStoreIngestTest {
    static final long T0 = 1_700_000_000_000L;
    static final long FRAGMENT_MILLIS = 2000;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xE0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42,
        (byte) 0xE0, 0x1F, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final String FAST = "recorder.put-media { backoff.initial = 20ms, backoff.max = 100ms, "
            + "close-timeout = 5s }";

    @TempDir
    Path dataDir;
    private StorageSessionServer server;
    private EmbeddedStore ownStore;

    /** One recording as the recorder writes it, with the frames of each fragment. */
    record Recording(byte[] header, List<byte[]> fragments, List<List<byte[]>> frames) {
    }

    /** What an upload told about its delivery, in order, and how its close completed. */
    record Delivery(List<String> health, boolean complete) {
        Set<String> distinct() {
            return new LinkedHashSet<>(health);
        }
    }

    @BeforeEach
    void start() throws Exception {
        Config config = ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                        "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0,
                        "media-store.limits.max-fragment-size", "64KiB",
                        "media-store.put-media.max-unpersisted-bytes", "1MiB"))
                .withFallback(ConfigFactory.defaultReference()).resolve();
        EmbeddedStore[] wired = new EmbeddedStore[1];
        server = StorageSessionServer.start(config, (BridgeFactory) wiring -> {
            wired[0] = wiring.ownStore();
            return new NoStorageSessions();
        });
        ownStore = wired[0];
        for (String stream : List.of("local", "http")) {
            createStream(stream);
        }
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aRecordingReachesTheStoreInProcessAndPlaysBack() throws Exception {
        Recording recording = recording(4, 1);
        Delivery local = upload(true, "local", recording);
        Delivery http = upload(false, "http", recording);

        assertThat(local.complete()).as("every fragment PERSISTED: %s", local.health()).isTrue();
        assertThat(local.health()).isEqualTo(http.health()).containsOnly("delivering").hasSize(4);
        String arn = arn("local");
        List<FragmentInfo> stored = server.mediaStore().store().list(arn, TimestampKind.PRODUCER_TIMESTAMP, 0,
                Long.MAX_VALUE, 100);
        assertThat(stored).extracting(FragmentInfo::producerTimestampMillis)
                .containsExactly(T0, T0 + FRAGMENT_MILLIS, T0 + 2 * FRAGMENT_MILLIS, T0 + 3 * FRAGMENT_MILLIS);
        for (int i = 0; i < stored.size(); i++) {
            StoredFragment played = server.mediaStore().store().read(arn, stored.get(i).number()).orElseThrow();
            assertThat(played.frames()).extracting(f -> new String(f.data(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("fragment %d plays back as recorded", i).containsExactlyElementsOf(recording.frames().get(i)
                            .stream().map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).toList());
        }
        assertThat(server.mediaStore().metrics().fragmentsPersisted()).isEqualTo(8);
        awaitNoUploadOpen();
    }

    @Test
    void anUnknownStreamIsTheSameRefusalAsOverHttp() throws Exception {
        Recording recording = recording(1, 2);
        Delivery local = upload(true, "no-such-stream", recording);
        Delivery http = upload(false, "no-such-stream", recording);
        assertThat(local.complete()).isFalse();
        assertThat(local.distinct()).isEqualTo(http.distinct()).containsExactly(
                "failing: connection ended: HTTP 404 ResourceNotFoundException",
                "lost 1: sent on 5 connections without being persisted");
        awaitNoUploadOpen();
    }

    /**
     * Over HTTP the store closes the connection while the refused body is still arriving, and the reset often loses
     * the ERROR before the client reads it (it then sees "connection closed" and resends the fragment until its
     * attempts run out); in-process the ERROR 4001 always arrives, and the fragment is dropped at once as KVS asks.
     */
    @Test
    void anOversizedFragmentIsRejectedWith4001AndTheRestIsStored() throws Exception {
        Recording ok = recording(3, 3);
        List<byte[]> fragments = new ArrayList<>(ok.fragments());
        fragments.set(1, fragment(T0 + FRAGMENT_MILLIS, 3, 100_000));
        Delivery local = upload(true, "local", new Recording(ok.header(), fragments, ok.frames()));
        assertThat(local.distinct()).containsExactlyInAnyOrder("delivering",
                "lost 1: the service rejected it with ErrorId 4001", "failing: connection ended: ERROR 4001");
        assertThat(server.mediaStore().store().list(arn("local"), TimestampKind.PRODUCER_TIMESTAMP, 0, Long.MAX_VALUE,
                100)).extracting(FragmentInfo::producerTimestampMillis).containsExactly(T0, T0 + 2 * FRAGMENT_MILLIS);
        awaitNoUploadOpen();
    }

    @Test
    void brokenMkvIsRefusedAsOverHttpWithoutLeakingTheUpload() throws Exception {
        Recording ok = recording(3, 4);
        List<byte[]> fragments = new ArrayList<>(ok.fragments());
        byte[] garbage = new byte[3000];
        new Random(5).nextBytes(garbage);
        garbage[0] = 0x00;
        fragments.set(1, garbage);
        Recording broken = new Recording(ok.header(), fragments, ok.frames());
        Delivery local = upload(true, "local", broken);
        Delivery http = upload(false, "http", broken);
        assertThat(local.distinct()).isEqualTo(http.distinct()).contains("delivering",
                "failing: connection ended: ERROR 4006", "lost 1: sent on 5 connections without being persisted");
        assertThat(server.mediaStore().store().list(arn("local"), TimestampKind.PRODUCER_TIMESTAMP, 0, Long.MAX_VALUE,
                100)).extracting(FragmentInfo::producerTimestampMillis).containsExactly(T0, T0 + 2 * FRAGMENT_MILLIS);
        awaitNoUploadOpen();
    }

    /** Uploads {@code recording} to {@code stream} in-process or over HTTP and waits for the close to complete. */
    private Delivery upload(boolean inProcess, String stream, Recording recording) throws Exception {
        PutMediaSettings settings = PutMediaSettings.from(ConfigFactory.parseString(FAST)
                .withFallback(ConfigFactory.defaultReference()));
        List<String> health = new CopyOnWriteArrayList<>();
        UploadHealth events = new UploadHealth() {
            @Override
            public void failing(String reason) {
                health.add("failing: " + reason);
            }

            @Override
            public void delivering() {
                health.add("delivering");
            }

            @Override
            public void lost(int fragments, String reason) {
                health.add("lost " + fragments + ": " + reason);
            }
        };
        AccessKey key = server.credentials().keys().get(0);
        PutMediaClient client = inProcess
                ? PutMediaClient.embedded(server.vertx(), server.vertx().getOrCreateContext(), settings,
                        StreamId.ofName(stream), ownStore, PutMediaMetrics.Export.NONE, events,
                        ChunkPool.from(settings))
                : new PutMediaClient(server.vertx(), server.vertx().getOrCreateContext(), settings,
                        StreamId.ofName(stream), PutMediaEndpoint.fixed(URI.create("http://127.0.0.1:"
                        + server.httpPort())), StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        key.accessKeyId(), key.secretAccessKey())), PutMediaMetrics.Export.NONE, events);
        client.streamHeader(recording.header());
        for (int i = 0; i < recording.fragments().size(); i++) {
            client.fragment(recording.fragments().get(i), T0 + i * FRAGMENT_MILLIS);
        }
        boolean complete;
        try {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            complete = true;
        } catch (java.util.concurrent.ExecutionException e) {
            complete = false;
        }
        return new Delivery(List.copyOf(health), complete);
    }

    private void awaitNoUploadOpen() {
        await("no upload stays open").atMost(Duration.ofSeconds(10))
                .until(() -> server.mediaStore().putMedia().openUploads() == 0
                        && server.mediaStore().metrics().openUploads() == 0);
    }

    /** {@code count} fragments of video and audio, each frame's bytes kept to compare with what plays back. */
    static Recording recording(int count, long seed) {
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(640, 480, AVCC), AudioTrack.aacLc(48_000, 2));
        FragmentWriter writer = new FragmentWriter(settings);
        Random random = new Random(seed);
        List<byte[]> fragments = new ArrayList<>();
        List<List<byte[]>> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<byte[]> sent = new ArrayList<>();
            fragments.add(write(writer, T0 + i * FRAGMENT_MILLIS, random, 1000, sent));
            frames.add(sent);
        }
        return new Recording(header.toByteArray(), fragments, frames);
    }

    /** One fragment at {@code start} whose video frames are {@code frameBytes} long. */
    private static byte[] fragment(long start, long seed, int frameBytes) {
        return write(new FragmentWriter(MkvSettings.defaults()), start, new Random(seed), frameBytes,
                new ArrayList<>());
    }

    private static byte[] write(FragmentWriter writer, long start, Random random, int frameBytes, List<byte[]> sent) {
        writer.startFragment(start, FragmentTags.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int clusterSizeAt = -1;
        for (long t = start; t < start + FRAGMENT_MILLIS; t += 40) {
            for (int track : new int[] {StreamHeader.VIDEO_TRACK_NUMBER, StreamHeader.AUDIO_TRACK_NUMBER}) {
                byte[] data = new byte[track == StreamHeader.VIDEO_TRACK_NUMBER ? frameBytes : 200];
                random.nextBytes(data);
                MkvBuffer b = writer.writeFrame(track, t, track == StreamHeader.AUDIO_TRACK_NUMBER || t == start,
                        data, 0, data.length);
                if (writer.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                    clusterSizeAt = out.size() + writer.clusterSizeOffset();
                }
                out.write(b.array(), 0, b.length());
                sent.add(data);
            }
        }
        writer.closeFragment();
        // The Cluster's real size, as the recorder writes it for the local store (recorder.fragments.cluster-size).
        byte[] fragment = out.toByteArray();
        Ebml.patchSize(fragment, clusterSizeAt, fragment.length - clusterSizeAt - Ebml.MAX_VINT_LENGTH);
        return fragment;
    }

    private void createStream(String name) {
        AccessKey key = server.credentials().keys().get(0);
        try (KinesisVideoClient control = KinesisVideoClient.builder().region(Region.US_WEST_2)
                .endpointOverride(URI.create(server.publicUrl())).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            control.createStream(r -> r.streamName(name).dataRetentionInHours(1));
        }
    }

    private String arn(String stream) {
        AccessKey key = server.credentials().keys().get(0);
        try (KinesisVideoClient control = KinesisVideoClient.builder().region(Region.US_WEST_2)
                .endpointOverride(URI.create(server.publicUrl())).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return control.describeStream(r -> r.streamName(stream)).streamInfo().streamARN();
        }
    }
}
