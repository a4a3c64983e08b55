package io.storagesession.api.controlplane;

import static io.storagesession.api.controlplane.KvsAssertions.assertKvsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.APIName;
import software.amazon.awssdk.services.kinesisvideo.model.ComparisonOperator;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.Status;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;
import software.amazon.awssdk.services.kinesisvideo.model.UpdateDataRetentionOperation;
import software.amazon.awssdk.services.kinesisvideo.model.VersionMismatchException;

class ControlPlaneStreamTest {
    @TempDir
    static Path dataDir;
    static ControlPlaneTestServer server;
    static KinesisVideoClient kvs;

    @BeforeAll
    static void start() throws Exception {
        server = ControlPlaneTestServer.start(dataDir);
        kvs = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        kvs.close();
        server.close();
    }

    @Test
    void createDescribeAndDelete() {
        Instant before = Instant.now().minusSeconds(1);
        String arn = kvs.createStream(r -> r.streamName("cam-1").deviceName("porch-cam").mediaType("video/h264,audio/aac")
                .dataRetentionInHours(24).tags(Map.of("site", "home"))).streamARN();
        assertThat(arn).matches("arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam-1/\\d{13}");

        StreamInfo info = kvs.describeStream(r -> r.streamName("cam-1")).streamInfo();
        assertThat(kvs.describeStream(r -> r.streamARN(arn)).streamInfo()).isEqualTo(info);
        assertThat(info.streamName()).isEqualTo("cam-1");
        assertThat(info.streamARN()).isEqualTo(arn);
        assertThat(info.deviceName()).isEqualTo("porch-cam");
        assertThat(info.mediaType()).isEqualTo("video/h264,audio/aac");
        assertThat(info.status()).isEqualTo(Status.ACTIVE);
        assertThat(info.dataRetentionInHours()).isEqualTo(24);
        assertThat(info.kmsKeyId()).isEqualTo("arn:aws:kms:us-west-2:123456789012:alias/aws/kinesisvideo");
        assertThat(info.version()).matches("[a-zA-Z0-9]{20}");
        assertThat(info.creationTime()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(arn).endsWith("/" + info.creationTime().toEpochMilli());

        assertKvsError(() -> kvs.createStream(r -> r.streamName("cam-1")), ResourceInUseException.class, 400);
        assertKvsError(() -> kvs.deleteStream(r -> r.streamARN(arn).currentVersion("stale")),
                VersionMismatchException.class, 400);
        kvs.deleteStream(r -> r.streamARN(arn).currentVersion(info.version()));
        assertKvsError(() -> kvs.describeStream(r -> r.streamName("cam-1")), ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.deleteStream(r -> r.streamARN(arn)), ResourceNotFoundException.class, 404);
        String again = kvs.createStream(r -> r.streamName("cam-1").kmsKeyId("my-key")).streamARN();
        assertThat(kvs.describeStream(r -> r.streamARN(again)).streamInfo())
                .satisfies(s -> assertThat(s.kmsKeyId()).isEqualTo("my-key"))
                .satisfies(s -> assertThat(s.dataRetentionInHours()).isZero());
        kvs.deleteStream(r -> r.streamARN(again));
    }

    @Test
    void invalidStreamArgumentsAreRejected() {
        assertKvsError(() -> kvs.createStream(r -> r.streamName("neg").dataRetentionInHours(-1)),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createStream(r -> r.streamName("bad/name")), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createStream(r -> r.streamName("media").mediaType("h264")),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createStream(r -> { }), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.describeStream(r -> { }), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.deleteStream(r -> { }), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.describeStream(r -> r.streamName("never-created")), ResourceNotFoundException.class, 404);
    }

    @Test
    void dataRetentionIncreasesAndDecreasesFromTheCurrentVersion() {
        kvs.createStream(r -> r.streamName("retained").dataRetentionInHours(2));
        StreamInfo v1 = kvs.describeStream(r -> r.streamName("retained")).streamInfo();
        kvs.updateDataRetention(r -> r.streamName("retained").currentVersion(v1.version())
                .operation(UpdateDataRetentionOperation.INCREASE_DATA_RETENTION).dataRetentionChangeInHours(10));
        StreamInfo v2 = kvs.describeStream(r -> r.streamName("retained")).streamInfo();
        assertThat(v2.dataRetentionInHours()).isEqualTo(12);
        assertThat(v2.version()).isNotEqualTo(v1.version());

        assertKvsError(() -> kvs.updateDataRetention(r -> r.streamName("retained").currentVersion(v1.version())
                        .operation(UpdateDataRetentionOperation.DECREASE_DATA_RETENTION).dataRetentionChangeInHours(1)),
                VersionMismatchException.class, 400);
        kvs.updateDataRetention(r -> r.streamARN(v2.streamARN()).currentVersion(v2.version())
                .operation(UpdateDataRetentionOperation.DECREASE_DATA_RETENTION).dataRetentionChangeInHours(5));
        StreamInfo v3 = kvs.describeStream(r -> r.streamName("retained")).streamInfo();
        assertThat(v3.dataRetentionInHours()).isEqualTo(7);

        assertKvsError(() -> kvs.updateDataRetention(r -> r.streamName("retained").currentVersion(v3.version())
                        .operation(UpdateDataRetentionOperation.DECREASE_DATA_RETENTION).dataRetentionChangeInHours(8)),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.updateDataRetention(r -> r.streamName("retained").currentVersion(v3.version())
                        .operation(UpdateDataRetentionOperation.INCREASE_DATA_RETENTION).dataRetentionChangeInHours(0)),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.updateDataRetention(r -> r.streamName("retained").currentVersion(v3.version())
                        .dataRetentionChangeInHours(1)), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.updateDataRetention(r -> r.streamName("retained")
                        .operation(UpdateDataRetentionOperation.INCREASE_DATA_RETENTION).dataRetentionChangeInHours(1)),
                InvalidArgumentException.class, 400);
        assertThat(kvs.describeStream(r -> r.streamName("retained")).streamInfo().dataRetentionInHours()).isEqualTo(7);
    }

    @Test
    void dataEndpointServesEveryDataPlaneApi() {
        kvs.createStream(r -> r.streamName("data"));
        for (APIName api : APIName.knownValues()) {
            assertThat(kvs.getDataEndpoint(r -> r.streamName("data").apiName(api)).dataEndpoint())
                    .as(api.toString()).isEqualTo("http://127.0.0.1:" + server.port);
        }
        assertKvsError(() -> kvs.getDataEndpoint(r -> r.streamName("data")), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.getDataEndpoint(r -> r.streamName("data").apiName("PUT_SOMETHING")),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.getDataEndpoint(r -> r.streamName("absent").apiName(APIName.PUT_MEDIA)),
                ResourceNotFoundException.class, 404);
    }

    @Test
    void listStreamsPagesAndFilters() {
        List.of("list-3", "list-1", "list-2").forEach(n -> kvs.createStream(r -> r.streamName(n)));
        kvs.createStream(r -> r.streamName("lisu"));
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListStreamsResponse page = kvs.listStreams(r -> r.maxResults(2).nextToken(next)
                    .streamNameCondition(c -> c.comparisonOperator(ComparisonOperator.BEGINS_WITH).comparisonValue("list-")));
            page.streamInfoList().forEach(s -> seen.add(s.streamName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("list-1", "list-2", "list-3");
        assertThat(pages).isEqualTo(2);
        List<String> all = new ArrayList<>();
        kvs.listStreamsPaginator(r -> r.maxResults(1)).streamInfoList().forEach(s -> all.add(s.streamName()));
        assertThat(all).contains("list-1", "lisu").isSorted().doesNotHaveDuplicates();
        assertKvsError(() -> kvs.listStreams(r -> r.streamNameCondition(c -> c.comparisonOperator("ENDS_WITH")
                .comparisonValue("x"))), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.listStreams(r -> r.streamNameCondition(c -> c
                .comparisonOperator(ComparisonOperator.BEGINS_WITH))), InvalidArgumentException.class, 400);
    }
}
