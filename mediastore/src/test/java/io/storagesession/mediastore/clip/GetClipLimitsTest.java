package io.storagesession.mediastore.clip;

import static io.storagesession.mediastore.clip.GetClipRequestTest.producerRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClientLimitExceededException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * GetClip's limits, configured low: a range holding more fragments or bytes than a clip may is cut to the first
 * fragments that fit (KVS: "the first 100 MB or the first 200 fragments from the specified start timestamp"), decided
 * from the fragment list; and a stream's call quota answers ClientLimitExceededException once used up.
 */
class GetClipLimitsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 6;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int KEYFRAME_BYTES = 20_000;
    private static final String STREAM = "driveway";
    private static final long WHOLE_RANGE = T0 + FRAGMENTS * FRAGMENT_MILLIS;
    private static final int MAX_FRAGMENTS = 4;
    private static final long MAX_BYTES = 150_000;
    private static final String UNLIMITED_CALLS = "media-store.clip.calls-per-second-per-stream = 1000";

    @TempDir
    Path dir;

    @Test
    void cutsARangeOfMoreFragmentsThanAClipHoldsToTheFirstOnes() throws Exception {
        try (TestServer server = start("max-fragments = " + MAX_FRAGMENTS);
             KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            byte[] clip = client.getClip(producerRange(STREAM, T0, WHOLE_RANGE), ResponseTransformer.toBytes())
                    .asByteArray();

            assertThat(moofs(clip)).isEqualTo(MAX_FRAGMENTS);
        }
    }

    @Test
    void cutsARangeOfMoreBytesThanAClipHoldsToTheWholeFragmentsThatFit() throws Exception {
        try (TestServer server = start("max-size = " + MAX_BYTES);
             KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            List<Long> sizes = client.listFragments(r -> r.streamName(STREAM).fragmentSelector(s -> s
                            .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0))
                                    .endTimestamp(Instant.ofEpochMilli(WHOLE_RANGE)))))
                    .fragments().stream().sorted(Comparator.comparing(Fragment::producerTimestamp))
                    .map(Fragment::fragmentSizeInBytes).toList();
            int fit = 0;
            long total = 0;
            while (fit < sizes.size() && total + sizes.get(fit) <= MAX_BYTES) {
                total += sizes.get(fit++);
            }
            assertThat(fit).as("the limit must cut the range for this test to mean anything").isBetween(1, 4);

            byte[] clip = client.getClip(producerRange(STREAM, T0, WHOLE_RANGE), ResponseTransformer.toBytes())
                    .asByteArray();

            assertThat(moofs(clip)).isEqualTo(fit);
        }
    }

    @Test
    void keepsTheFirstFragmentEvenWhenItAloneIsLargerThanTheByteLimit() throws Exception {
        try (TestServer server = start("max-size = 1000");
             KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            byte[] clip = client.getClip(producerRange(STREAM, T0, WHOLE_RANGE), ResponseTransformer.toBytes())
                    .asByteArray();

            assertThat(moofs(clip)).isEqualTo(1);
        }
    }

    @Test
    void answersClientLimitExceededOnceTheStreamsCallQuotaIsUsedUp() throws Exception {
        try (TestServer server = start("calls-per-second-per-stream = 0.01");
             KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            client.getClip(producerRange(STREAM, T0, WHOLE_RANGE), ResponseTransformer.toBytes());

            ClientLimitExceededException e = catchThrowableOfType(ClientLimitExceededException.class,
                    () -> client.getClip(producerRange(STREAM, T0, WHOLE_RANGE), ResponseTransformer.toBytes()));
            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClientLimitExceededException");
        }
    }

    /** A server with {@code media-store.clip.<setting>} and a stream of six 2 s fragments of about 70 KB. */
    private TestServer start(String setting) throws Exception {
        String quota = setting.startsWith("calls-per-second") ? "" : "\n" + UNLIMITED_CALLS;
        TestServer server = TestServer.start(dir, "media-store.clip." + setting + quota);
        server.createStream(STREAM, 24);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM),
                ClipTestMedia.synthetic(T0, FRAGMENTS, FRAGMENT_MILLIS, KEYFRAME_BYTES, 1).body(), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(FRAGMENTS);
        return server;
    }

    private static long moofs(byte[] clip) {
        List<String> boxes = GetClipRequestTest.topLevelBoxes(clip);
        assertThat(boxes.subList(0, 2)).containsExactly("ftyp", "moov");
        return boxes.stream().filter("moof"::equals).count();
    }
}
