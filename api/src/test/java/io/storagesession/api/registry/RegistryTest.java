package io.storagesession.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    private static final RegistrySettings SETTINGS =
            new RegistrySettings("eu-west-1", "111122223333", 1000, 1000, Duration.ofSeconds(10));
    private static final int CONCURRENT = 40;

    @TempDir
    Path dataDir;
    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void everythingSurvivesCloseAndReopen() throws Exception {
        Channel channel;
        Stream stream;
        Channel other;
        try (Registry registry = Registry.open(vertx, dataDir, SETTINGS)) {
            await(registry.createChannel("kept", 45, now(), Map.of("owner", "me")));
            stream = await(registry.createStream(new StreamSpec("kept-stream", "dev", "video/h264", "key", 12), now(),
                    Map.of("s", "1")));
            channel = await(registry.updateMediaStorage(registry.channelByName("kept").orElseThrow().arn(),
                    stream.arn(), true));
            await(registry.tag(channel.arn(), Map.of("extra", "x")));
            other = await(registry.createChannel("dropped", 60, now(), Map.of()));
            await(registry.deleteChannel(other.arn(), other.version()));
            stream = await(registry.changeDataRetention(stream.arn(), stream.version(), 6));
        }
        try (Registry reopened = Registry.open(vertx, dataDir, SETTINGS)) {
            assertThat(reopened.channelByArn(channel.arn())).contains(channel);
            assertThat(reopened.channelByName("kept")).contains(channel);
            assertThat(reopened.channelByArn(channel.arn()).orElseThrow().ingestionEnabled()).isTrue();
            assertThat(reopened.streamByArn(stream.arn())).contains(stream);
            assertThat(reopened.streamByName("kept-stream").orElseThrow().dataRetentionInHours()).isEqualTo(18);
            assertThat(reopened.tagsOf(channel.arn())).containsExactly(Map.entry("extra", "x"), Map.entry("owner", "me"));
            assertThat(reopened.tagsOf(stream.arn())).containsExactly(Map.entry("s", "1"));
            assertThat(reopened.channelLinkedTo(stream.arn())).contains(channel);
            assertThat(reopened.channelByArn(other.arn())).isEmpty();
            assertThat(reopened.channelByName("dropped")).isEmpty();
            assertThat(reopened.channels(null, null, 10)).containsExactly(channel);

            Stream linked = stream;
            assertThat(failure(reopened.deleteStream(linked.arn(), null))).extracting(ApiException::type)
                    .isEqualTo("ResourceInUseException");
            await(reopened.updateMediaStorage(channel.arn(), null, false));
            await(reopened.deleteStream(linked.arn(), null));
        }
        try (Registry third = Registry.open(vertx, dataDir, SETTINGS)) {
            assertThat(third.streamByName("kept-stream")).isEmpty();
            assertThat(third.tagsOf(stream.arn())).isEmpty();
            assertThat(third.channelByName("kept").orElseThrow().storageStreamArn()).isNull();
        }
    }

    @Test
    void concurrentCreatesOfOneNameYieldExactlyOneChannel() throws Exception {
        try (Registry registry = Registry.open(vertx, dataDir, SETTINGS)) {
            List<Future<Channel>> same = new ArrayList<>();
            List<Future<Stream>> different = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                same.add(registry.createChannel("contended", 60, now(), Map.of()));
                different.add(registry.createStream(new StreamSpec("s-" + i, null, null, "key", 0), now(), Map.of()));
            }
            int created = 0;
            for (Future<Channel> f : same) {
                try {
                    await(f);
                    created++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ApiException.class);
                    assertThat(((ApiException) e.getCause()).type()).isEqualTo("ResourceInUseException");
                }
            }
            assertThat(created).isEqualTo(1);
            for (Future<Stream> f : different) {
                await(f);
            }
            assertThat(registry.streams("s-", null, CONCURRENT + 1)).hasSize(CONCURRENT);
        }
        try (Registry reopened = Registry.open(vertx, dataDir, SETTINGS)) {
            assertThat(reopened.channels(null, null, CONCURRENT)).extracting(Channel::name).containsExactly("contended");
            assertThat(reopened.streams(null, null, CONCURRENT + 1)).hasSize(CONCURRENT);
        }
    }

    @Test
    void versionsChangeOnEveryUpdateAndGuardWrites() throws Exception {
        try (Registry registry = Registry.open(vertx, dataDir, SETTINGS)) {
            Channel v1 = await(registry.createChannel("versioned", 60, now(), Map.of()));
            Channel v2 = await(registry.updateChannel(v1.arn(), v1.version(), 30));
            assertThat(v2.version()).isNotEqualTo(v1.version()).hasSize(Versions.LENGTH);
            assertThat(v2.messageTtlSeconds()).isEqualTo(30);
            assertThat(failure(registry.updateChannel(v1.arn(), v1.version(), 20)).type())
                    .isEqualTo("VersionMismatchException");
            assertThat(registry.channelByArn(v1.arn())).contains(v2);
            assertThat(failure(registry.createChannel("versioned", 60, now(), Map.of())).type())
                    .isEqualTo("ResourceInUseException");
        }
    }

    @Test
    void pagesFollowNameOrderWithinAPrefix() throws Exception {
        try (Registry registry = Registry.open(vertx, dataDir, SETTINGS)) {
            for (String name : List.of("b-2", "a-1", "b-1", "c-1", "b-3")) {
                await(registry.createChannel(name, 60, now(), Map.of()));
            }
            assertThat(registry.channels("b-", null, 2)).extracting(Channel::name).containsExactly("b-1", "b-2");
            assertThat(registry.channels("b-", "b-2", 2)).extracting(Channel::name).containsExactly("b-3");
            assertThat(registry.channels("b-", "a-1", 10)).extracting(Channel::name).containsExactly("b-1", "b-2", "b-3");
            assertThat(registry.channels(null, "b-3", 10)).extracting(Channel::name).containsExactly("c-1");
        }
    }

    @Test
    void closedRegistryRefusesWrites() throws Exception {
        Registry registry = Registry.open(vertx, dataDir, SETTINGS);
        registry.close();
        assertThatThrownBy(() -> await(registry.createChannel("late", 60, now(), Map.of())))
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    private static ApiException failure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                return api;
            }
            throw e;
        }
        throw new AssertionError("expected the write to fail");
    }
}
