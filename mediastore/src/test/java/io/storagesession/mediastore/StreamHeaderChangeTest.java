package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.StoredFragment;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * A producer sends a new stream header mid-upload (a new EBML header and Segment: KVS-WIRE.md §5, e.g. after a
 * resolution change): every fragment is kept with the header it was sent under, and GetMedia repeats the right one
 * before each fragment.
 */
class StreamHeaderChangeTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void fragmentsAfterANewStreamHeaderCarryTheNewTracks() throws Exception {
        try (TestServer server = TestServer.start(dir, "media-store.read.get-media-idle-timeout = 1s")) {
            Stream stream = server.createStream("resizing", 1);
            TestMkv.Recording small = TestMkv.recording(T0, 2, 1000, 1, 320, 240);
            TestMkv.Recording large = TestMkv.recording(T0 + 2000, 2, 1000, 2, 1280, 720);
            PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                    PutMediaTestClient.headers("resizing"), TestMkv.concat(small.all(), large.all()), 1000);
            assertThat(r.error()).isNull();
            List<Long> numbers = r.of(AckEvent.Type.PERSISTED).stream()
                    .map(a -> Long.parseLong(a.fragmentNumber())).toList();
            assertThat(numbers).hasSize(4);
            int[] widths = new int[4];
            for (int i = 0; i < 4; i++) {
                StoredFragment f = server.mediaStore.store().read(stream.arn(), numbers.get(i)).orElseThrow();
                widths[i] = f.tracks().get(0).pixelWidth();
            }
            assertThat(widths).containsExactly(320, 320, 1280, 1280);

            try (var media = server.media()) {
                byte[] body = media.getMedia(q -> q.streamName("resizing").startSelector(s -> s
                        .startSelectorType(StartSelectorType.EARLIEST)), ResponseTransformer.toBytes()).asByteArray();
                List<AwsMkvReading.Chunk> chunks = AwsMkvReading.read(body);
                assertThat(chunks).extracting(c -> c.tracks().get(1L).getPixelWidth().orElseThrow().intValue())
                        .containsExactly(320, 320, 1280, 1280);
            }
        }
    }
}
