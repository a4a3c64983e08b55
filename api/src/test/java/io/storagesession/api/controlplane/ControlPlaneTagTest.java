package io.storagesession.api.controlplane;

import static io.storagesession.api.controlplane.KvsAssertions.assertKvsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.Tag;
import software.amazon.awssdk.services.kinesisvideo.model.TagsPerResourceExceededLimitException;

class ControlPlaneTagTest {
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

    private static List<Tag> tags(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> Tag.builder().key("k" + i).value("v" + i).build()).toList();
    }

    private static Map<String, String> tagMap(int from, int count) {
        Map<String, String> out = new LinkedHashMap<>();
        IntStream.range(from, from + count).forEach(i -> out.put("k" + i, "v" + i));
        return out;
    }

    @Test
    void channelTags() {
        String arn = kvs.createSignalingChannel(r -> r.channelName("tagged")
                .tags(Tag.builder().key("team").value("video").build())).channelARN();
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags()).containsExactly(Map.entry("team", "video"));

        kvs.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("team").value("ops").build(),
                Tag.builder().key("env").value("").build()));
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags())
                .containsOnly(Map.entry("team", "ops"), Map.entry("env", ""));

        kvs.untagResource(r -> r.resourceARN(arn).tagKeyList("env", "not-there"));
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags()).containsOnly(Map.entry("team", "ops"));

        kvs.tagResource(r -> r.resourceARN(arn).tags(tags(0, 49)));
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags()).hasSize(50);
        assertKvsError(() -> kvs.tagResource(r -> r.resourceARN(arn).tags(tags(49, 1))),
                TagsPerResourceExceededLimitException.class, 400);
        kvs.tagResource(r -> r.resourceARN(arn).tags(tags(0, 1)));
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags()).hasSize(50);

        assertKvsError(() -> kvs.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("aws:x").value("v").build())),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("bad#key").value("v").build())),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.tagResource(r -> r.resourceARN(arn).tags(tags(100, 51))),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.tagResource(r -> r.resourceARN(arn)), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.untagResource(r -> r.resourceARN(arn)), InvalidArgumentException.class, 400);

        String absent = server.registry.arns().channelArn("untagged", Instant.now());
        assertKvsError(() -> kvs.tagResource(r -> r.resourceARN(absent).tags(tags(0, 1))),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.listTagsForResource(r -> r.resourceARN(absent)), ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.untagResource(r -> r.resourceARN(absent).tagKeyList("k")),
                ResourceNotFoundException.class, 404);
    }

    @Test
    void streamTags() {
        String arn = kvs.createStream(r -> r.streamName("tagged-stream").tags(Map.of("a", "1"))).streamARN();
        assertThat(kvs.listTagsForStream(r -> r.streamARN(arn)).tags()).containsExactly(Map.entry("a", "1"));

        kvs.tagStream(r -> r.streamName("tagged-stream").tags(Map.of("b", "2", "a", "3")));
        assertThat(kvs.listTagsForStream(r -> r.streamName("tagged-stream")).tags())
                .containsOnly(Map.entry("a", "3"), Map.entry("b", "2"));
        kvs.untagStream(r -> r.streamARN(arn).tagKeyList("a"));
        assertThat(kvs.listTagsForStream(r -> r.streamARN(arn)).tags()).containsOnly(Map.entry("b", "2"));

        kvs.tagStream(r -> r.streamARN(arn).tags(tagMap(0, 49)));
        assertKvsError(() -> kvs.tagStream(r -> r.streamARN(arn).tags(tagMap(49, 1))),
                TagsPerResourceExceededLimitException.class, 400);
        assertKvsError(() -> kvs.tagStream(r -> r.streamARN(arn).tags(Map.of())), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createStream(r -> r.streamName("too-many-tags").tags(tagMap(0, 51))),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.tagStream(r -> r.streamName("absent-stream").tags(Map.of("a", "1"))),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.listTagsForStream(r -> r.streamName("absent-stream")), ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.untagStream(r -> r.streamName("absent-stream").tagKeyList("a")),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.listTagsForResource(r -> r.resourceARN(arn)), ResourceNotFoundException.class, 404);

        kvs.deleteStream(r -> r.streamARN(arn));
        String recreated = kvs.createStream(r -> r.streamName("tagged-stream")).streamARN();
        assertThat(kvs.listTagsForStream(r -> r.streamARN(recreated)).tags()).isEmpty();
    }
}
