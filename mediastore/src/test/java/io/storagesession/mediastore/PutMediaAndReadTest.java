package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.StoredFragment;
import io.storagesession.mediastore.store.StoredFrame;
import io.storagesession.recorder.putmedia.AckEvent;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetMediaForFragmentListResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.KinesisVideoArchivedMediaException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ListFragmentsResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * PutMedia in, then the AWS SDK v2 data-plane clients out (ListFragments, GetMediaForFragmentList, GetMedia), with
 * GetMedia's MKV read by AWS's own parser library: what a KVS consumer would do against this server.
 */
class PutMediaAndReadTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int FRAGMENTS = 5;
    private static final int CHUNK = 777;

    @TempDir
    Path dir;
    private TestServer server;
    private Stream stream;
    private TestMkv.Recording recording;
    private PutMediaTestClient.Result upload;

    @BeforeEach
    void upload() throws Exception {
        server = TestServer.start(dir, "media-store.read.get-media-idle-timeout = 1s");
        stream = server.createStream("front-door", 24);
        recording = TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 7);
        upload = PutMediaTestClient.upload(server.vertx, server.uri(), PutMediaTestClient.headers("front-door"),
                recording.all(), CHUNK);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void acknowledgesEveryFragmentBufferingReceivedPersistedWithItsTimecodeVerbatim() {
        assertThat(upload.status()).isEqualTo(200);
        assertThat(upload.error()).isNull();
        List<Long> timecodes = recording.fragments().stream().map(TestMkv.Fragment::timecode).toList();
        for (AckEvent.Type type : List.of(AckEvent.Type.BUFFERING, AckEvent.Type.RECEIVED, AckEvent.Type.PERSISTED)) {
            assertThat(upload.of(type)).as(type.name()).extracting(a -> a.fragmentTimecode().getAsLong())
                    .containsExactlyElementsOf(timecodes);
        }
        List<BigInteger> numbers = upload.of(AckEvent.Type.PERSISTED).stream()
                .map(a -> new BigInteger(a.fragmentNumber())).toList();
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        assertThat(upload.of(AckEvent.Type.BUFFERING)).extracting(AckEvent::fragmentNumber)
                .containsExactlyElementsOf(upload.of(AckEvent.Type.PERSISTED).stream().map(AckEvent::fragmentNumber)
                        .toList());
        assertThat(server.mediaStore.metrics().fragmentsPersisted()).isEqualTo(FRAGMENTS);
        assertThat(server.metrics.scrape()).contains("kvs_media_store_fragments_persisted_total 5",
                "kvs_media_store_persisted_latency_seconds_count 5");
    }

    @Test
    void listFragmentsSelectsByProducerAndServerTimeAndPagesWithNextToken() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            ListFragmentsResponse middle = client.listFragments(r -> r.streamName("front-door").fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP)
                    .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0 + 1))
                            .endTimestamp(Instant.ofEpochMilli(T0 + 3 * FRAGMENT_MILLIS)))));
            assertThat(middle.fragments()).extracting(Fragment::producerTimestamp).containsExactly(
                    Instant.ofEpochMilli(T0 + FRAGMENT_MILLIS), Instant.ofEpochMilli(T0 + 2 * FRAGMENT_MILLIS),
                    Instant.ofEpochMilli(T0 + 3 * FRAGMENT_MILLIS));
            assertThat(middle.nextToken()).isNull();
            Fragment first = middle.fragments().get(0);
            assertThat(first.fragmentLengthInMilliseconds()).isEqualTo(FRAGMENT_MILLIS - TestMkv.AUDIO_FRAME_MILLIS);
            assertThat(first.fragmentSizeInBytes()).isPositive();
            assertThat(first.serverTimestamp()).isBetween(Instant.now().minusSeconds(60), Instant.now());

            List<Fragment> paged = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String next = token;
                ListFragmentsResponse page = client.listFragments(r -> r.streamARN(stream.arn()).maxResults(2L)
                        .nextToken(next).fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                                .timestampRange(t -> t.startTimestamp(Instant.now().minusSeconds(600))
                                        .endTimestamp(Instant.now().plusSeconds(600)))));
                paged.addAll(page.fragments());
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(pages).isEqualTo(3);
            assertThat(paged).extracting(Fragment::fragmentNumber).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(upload.of(AckEvent.Type.PERSISTED).stream()
                            .map(AckEvent::fragmentNumber).toList());
        }
    }

    @Test
    void getMediaForFragmentListReturnsTheFragmentsAsAwsParserReadsThem() throws Exception {
        List<String> numbers = upload.of(AckEvent.Type.PERSISTED).stream().map(AckEvent::fragmentNumber).toList();
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            ResponseBytes<GetMediaForFragmentListResponse> bytes = client.getMediaForFragmentList(
                    r -> r.streamName("front-door").fragments(numbers.get(3), numbers.get(1)),
                    ResponseTransformer.toBytes());
            assertThat(bytes.response().contentType()).isEqualTo("video/webm");
            List<AwsMkvReading.Chunk> chunks = AwsMkvReading.read(bytes.asByteArray());
            assertThat(chunks).hasSize(2);
            assertChunk(chunks.get(0), 3, numbers.get(3));
            assertChunk(chunks.get(1), 1, numbers.get(1));

            assertThat(catchThrowable(() -> client.getMediaForFragmentList(
                    r -> r.streamName("front-door").fragments("123"), ResponseTransformer.toBytes())))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void getMediaFromEarliestStreamsEveryFragmentWithKvsTagsThenContinuesLive() throws Exception {
        List<String> numbers = upload.of(AckEvent.Type.PERSISTED).stream().map(AckEvent::fragmentNumber).toList();
        try (KinesisVideoMediaClient client = server.media()) {
            ResponseBytes<GetMediaResponse> earliest = client.getMedia(r -> r.streamName("front-door")
                    .startSelector(s -> s.startSelectorType(StartSelectorType.EARLIEST)), ResponseTransformer.toBytes());
            assertThat(earliest.response().contentType()).isEqualTo("video/webm");
            List<AwsMkvReading.Chunk> chunks = AwsMkvReading.read(earliest.asByteArray());
            assertThat(chunks).hasSize(FRAGMENTS);
            for (int i = 0; i < FRAGMENTS; i++) {
                assertChunk(chunks.get(i), i, numbers.get(i));
                assertThat(chunks.get(i).tags()).containsEntry("AWS_KINESISVIDEO_CONTINUATION_TOKEN", numbers.get(i))
                        .containsKey("AWS_KINESISVIDEO_MILLIS_BEHIND_NOW");
            }

            // Resume after the third with its continuation token: the last two.
            ResponseBytes<GetMediaResponse> resumed = client.getMedia(r -> r.streamName("front-door")
                    .startSelector(s -> s.startSelectorType(StartSelectorType.CONTINUATION_TOKEN)
                            .continuationToken(numbers.get(2))), ResponseTransformer.toBytes());
            assertThat(AwsMkvReading.read(resumed.asByteArray())).extracting(c -> c.metadata().getFragmentNumberString())
                    .containsExactly(numbers.get(3), numbers.get(4));

            // NOW: the latest chunk on the stream (the last of the upload, which has ended), then the fragments
            // uploaded while the response is open, live. The next upload's connection is open first (no fragment
            // begun, so NOW still means the newest stored one), and its body is sent once GetMedia's 200 arrived:
            // the server has chosen the start and listens by then, so the new fragments are in the response.
            TestMkv.Recording later = TestMkv.recording(T0 + FRAGMENTS * FRAGMENT_MILLIS, 2, FRAGMENT_MILLIS, 8);
            PutMediaTestClient.OpenUpload more = PutMediaTestClient.open(server.vertx, server.uri(),
                    PutMediaTestClient.headers("front-door"));
            try {
                LiveGetMedia live = LiveGetMedia.now(client, "front-door");
                live.opened().get(30, TimeUnit.SECONDS);
                more.write(later.all());
                more.end();
                more.ended.get(30, TimeUnit.SECONDS);
                assertThat(more.of(AckEvent.Type.PERSISTED)).hasSize(2);
                assertThat(live.chunks().get(30, TimeUnit.SECONDS)).extracting(AwsMkvReading.Chunk::clusterTimecode)
                        .containsExactly(recording.fragments().get(FRAGMENTS - 1).timecode(),
                                later.fragments().get(0).timecode(), later.fragments().get(1).timecode());
            } finally {
                more.close();
            }
        }
    }

    @Test
    void getMediaStartsAtAProducerTimestampOrAfterAFragmentNumber() throws Exception {
        List<String> numbers = upload.of(AckEvent.Type.PERSISTED).stream().map(AckEvent::fragmentNumber).toList();
        try (KinesisVideoMediaClient client = server.media()) {
            byte[] inThird = client.getMedia(r -> r.streamName("front-door").startSelector(s -> s
                    .startSelectorType(StartSelectorType.PRODUCER_TIMESTAMP)
                    .startTimestamp(Instant.ofEpochMilli(T0 + 2 * FRAGMENT_MILLIS + 500))), ResponseTransformer.toBytes())
                    .asByteArray();
            assertThat(AwsMkvReading.read(inThird)).extracting(c -> c.metadata().getFragmentNumberString())
                    .containsExactlyElementsOf(numbers.subList(2, FRAGMENTS));
            byte[] afterFourth = client.getMedia(r -> r.streamARN(stream.arn()).startSelector(s -> s
                    .startSelectorType(StartSelectorType.FRAGMENT_NUMBER).afterFragmentNumber(numbers.get(3))),
                    ResponseTransformer.toBytes()).asByteArray();
            assertThat(AwsMkvReading.read(afterFourth)).extracting(c -> c.metadata().getFragmentNumberString())
                    .containsExactly(numbers.get(4));
        }
    }

    @Test
    void readApisRefuseBadRequestsInKvsShape() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia();
             KinesisVideoMediaClient media = server.media();
             KinesisVideoArchivedMediaClient forger = KinesisVideoArchivedMediaClient.builder()
                     .region(Region.US_WEST_2).endpointOverride(server.uri())
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(
                                     TestServer.KEY.accessKeyId(), "not-the-secret")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(catchThrowableOfType(
                    KinesisVideoArchivedMediaException.class,
                    () -> forger.listFragments(r -> r.streamName("front-door"))).statusCode()).isEqualTo(403);
            assertThat(catchThrowable(() -> client.listFragments(r -> r
                    .streamName("front-door").maxResults(5000L))))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThat(catchThrowable(() -> client.listFragments(r -> r
                    .streamName("no-such-stream")))).isInstanceOf(ResourceNotFoundException.class);
            List<String> tooMany = Collections.nCopies(1001, "1");
            assertThat(catchThrowable(() -> client.getMediaForFragmentList(r -> r
                    .streamName("front-door").fragments(tooMany), ResponseTransformer.toBytes())))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThat(catchThrowable(() -> media.getMedia(r -> r
                    .streamName("front-door").startSelector(s -> s.startSelectorType(StartSelectorType.FRAGMENT_NUMBER)
                            .afterFragmentNumber("42")), ResponseTransformer.toBytes())))
                    .isInstanceOf(software.amazon.awssdk.services.kinesisvideomedia.model.ResourceNotFoundException.class);
        }
    }

    @Test
    void storedFragmentGivesPackagersTracksAndAbsoluteFrames() throws Exception {
        long number = Long.parseLong(upload.of(AckEvent.Type.PERSISTED).get(2).fragmentNumber());
        StoredFragment stored = server.mediaStore.store().read(stream.arn(), number).orElseThrow();
        assertThat(stored.tracks()).hasSize(2);
        assertThat(stored.tracks().get(0).codecId()).isEqualTo("V_MPEG4/ISO/AVC");
        assertThat(stored.tracks().get(0).pixelWidth()).isEqualTo(640);
        assertThat(stored.tracks().get(0).pixelHeight()).isEqualTo(480);
        assertThat(stored.tracks().get(1).codecId()).isEqualTo("A_AAC");
        assertThat(stored.tracks().get(1).samplingFrequency()).isEqualTo(48_000.0);
        assertThat(stored.tracks().get(1).channels()).isEqualTo(2);
        List<TestMkv.Frame> expected = recording.fragments().get(2).frames();
        assertThat(stored.frames()).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            StoredFrame f = stored.frames().get(i);
            assertThat(f.track()).isEqualTo(expected.get(i).track());
            assertThat(f.timestampMillis()).isEqualTo(expected.get(i).timecode());
            assertThat(f.keyframe()).isEqualTo(expected.get(i).keyframe());
            assertThat(f.data()).isEqualTo(expected.get(i).data());
        }
    }

    private void assertChunk(AwsMkvReading.Chunk chunk, int index, String number) {
        TestMkv.Fragment expected = recording.fragments().get(index);
        assertThat(chunk.clusterTimecode()).isEqualTo(expected.timecode());
        assertThat(chunk.metadata()).as("FragmentMetadata from AWS's visitor").isNotNull();
        assertThat(chunk.metadata().getFragmentNumberString()).isEqualTo(number);
        assertThat(chunk.metadata().getProducerSideTimestampMillis()).isEqualTo(expected.timecode());
        assertThat(chunk.tags()).containsEntry("fragment-index", Integer.toString(index));
        assertThat(chunk.frames()).hasSize(expected.frames().size());
        for (int i = 0; i < expected.frames().size(); i++) {
            TestMkv.Frame want = expected.frames().get(i);
            TestMkv.Frame got = chunk.frames().get(i);
            assertThat(got.track()).isEqualTo(want.track());
            assertThat(got.timecode()).isEqualTo(want.timecode());
            assertThat(got.keyframe()).isEqualTo(want.keyframe());
            assertThat(got.data()).isEqualTo(want.data());
        }
    }
}
