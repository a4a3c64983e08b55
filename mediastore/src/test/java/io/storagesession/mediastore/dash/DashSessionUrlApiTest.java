package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.hls.HlsApiRegistry;
import io.storagesession.mediastore.hls.HlsRoutes;
import io.storagesession.mediastore.hls.HlsSettings;
import io.storagesession.mediastore.hls.StreamingSessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * GetDASHStreamingSessionURL's refusals that depend on the stream, on a store of fixed fragments mounted exactly as
 * the server mounts both protocols (HlsRoutes, then DashRoutes on its StreamingSessions): a stream without video is
 * UnsupportedStreamMediaTypeException (KVS: "The media must contain h.264 or h.265 encoded video"), LIVE without a
 * fragment in the last 30 s and a range without fragments are ResourceNotFoundException, StreamName and StreamARN
 * naming different streams is InvalidArgumentException; and the registry gets the operation's name for IAM.
 */
class DashSessionUrlApiTest {
    private static final long NOW = 1_763_800_000_000L;
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1700000000000";
    private static final ArchivedTrack AAC = ArchivedTrack.aac(1, new byte[] {0x11, (byte) 0x90}, 48_000, 2);
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1E}, 320, 240);
    private static final long TIMEOUT_SECONDS = 10;

    /** A stream of fixed fragments, all of one track set. */
    private record FixedSource(List<ArchivedFragmentInfo> fragments,
            List<ArchivedTrack> tracks) implements ArchiveSource {
        @Override
        public Future<ArchivedStream> stream(String streamName, String streamArn) {
            if ((streamName == null || streamName.equals("camera")) && (streamArn == null || streamArn.equals(ARN))) {
                return Future.succeededFuture(new ArchivedStream("camera", ARN, 24));
            }
            if (streamArn != null) {
                return Future.succeededFuture(new ArchivedStream("other", streamArn, 24));
            }
            return Future.failedFuture(ApiException.resourceNotFound("no stream " + streamName));
        }

        @Override
        public Future<List<ArchivedFragmentInfo>> fragments(FragmentQuery q) {
            List<ArchivedFragmentInfo> in = fragments.stream().filter(f -> f.timestamp(q.kind()) >= q.fromMillis()
                    && f.timestamp(q.kind()) <= q.toMillis()).toList();
            int from = q.end() == FragmentQuery.End.NEWEST ? Math.max(0, in.size() - q.limit()) : 0;
            return Future.succeededFuture(in.subList(from, Math.min(in.size(), from + q.limit())));
        }

        @Override
        public Future<ArchivedFragment> fragment(String streamArn, String fragmentNumber) {
            return Future.failedFuture(ApiException.resourceNotFound("no media here"));
        }

        @Override
        public Future<List<ArchivedTrack>> tracks(String streamArn, long tracksSequence) {
            return Future.succeededFuture(tracks);
        }

        @Override
        public AutoCloseable onPersisted(String streamArn, Consumer<ArchivedFragmentInfo> listener) {
            return () -> { };
        }
    }

    private static ArchivedFragmentInfo fragment(long sequence, long millis) {
        return new ArchivedFragmentInfo(String.valueOf(1000 + sequence), millis, millis, 2000, 1000, sequence, 0);
    }

    /** Mounts both protocols on a router that is never served, and returns the DASH operation's handler. */
    private static HlsApiRegistry.Handler mount(ArchiveSource source, List<String> operations) {
        Vertx vertx = Vertx.vertx();
        List<HlsApiRegistry.Handler> dash = new ArrayList<>();
        HlsApiRegistry registry = (path, operation, handler) -> {
            operations.add(operation + " " + path);
            if (path.equals(DashSessionUrlApi.PATH)) {
                dash.add(handler);
            }
        };
        HlsSettings settings = new HlsSettings(null, "https://media.example.com", Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(33), 1 << 16, 1 << 20, Duration.ofSeconds(300), "*",
                Duration.ofSeconds(600), Duration.ofSeconds(60));
        StreamingSessions sessions = HlsRoutes.mount(Router.router(vertx), registry, source,
                settings, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        DashRoutes.mount(Router.router(vertx), registry, sessions,
                new DashSettings(Duration.ofSeconds(1)));
        vertx.close();
        return dash.get(0);
    }

    private static Object answer(HlsApiRegistry.Handler handler, JsonObject body) throws Exception {
        try {
            return handler.handle(body, arn -> { }, (RoutingContext) null).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aStreamWithoutVideoIsUnsupportedForDash() throws Exception {
        List<String> operations = new ArrayList<>();
        HlsApiRegistry.Handler handler = mount(new FixedSource(List.of(fragment(0, NOW - 5000)), List.of(AAC)),
                operations);
        assertThat(operations).contains("GetDASHStreamingSessionURL /getDASHStreamingSessionURL",
                "GetHLSStreamingSessionURL /getHLSStreamingSessionURL");

        Object refused = answer(handler, new JsonObject().put("StreamName", "camera"));
        assertThat(refused).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("UnsupportedStreamMediaTypeException");
        });
    }

    @Test
    void aVideoStreamGetsAManifestUrlOnThePublicBase() throws Exception {
        HlsApiRegistry.Handler handler = mount(new FixedSource(List.of(fragment(0, NOW - 5000)), List.of(VIDEO)),
                new ArrayList<>());
        Object granted = answer(handler, new JsonObject().put("StreamARN", ARN));
        assertThat(granted).isInstanceOfSatisfying(JsonObject.class, json -> assertThat(json
                .getString("DASHStreamingSessionURL"))
                .startsWith("https://media.example.com/dash/v1/getDASHManifest.mpd?SessionToken="));
    }

    @Test
    void staleLiveStreamsEmptyRangesAndMismatchedNamesAreRefused() throws Exception {
        HlsApiRegistry.Handler handler = mount(new FixedSource(List.of(fragment(0, NOW - 31_000)), List.of(VIDEO)),
                new ArrayList<>());
        assertThat(answer(handler, new JsonObject().put("StreamName", "camera")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).contains("30 seconds");
                });
        double now = NOW / 1000.0;
        assertThat(answer(handler, new JsonObject().put("StreamName", "camera").put("PlaybackMode", "ON_DEMAND")
                .put("DASHFragmentSelector", new JsonObject().put("FragmentSelectorType", "SERVER_TIMESTAMP")
                        .put("TimestampRange", new JsonObject().put("StartTimestamp", now - 20)
                                .put("EndTimestamp", now - 1)))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(answer(handler, new JsonObject().put("StreamName", "camera").put("StreamARN",
                "arn:aws:kinesisvideo:us-west-2:123456789012:stream/other/1700000000000")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type())
                        .isEqualTo("InvalidArgumentException"));
    }
}
