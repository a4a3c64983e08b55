package io.storagesession.api.controlplane;

import static io.storagesession.api.controlplane.KvsAssertions.assertKvsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.AccountChannelLimitExceededException;
import software.amazon.awssdk.services.kinesisvideo.model.AccountStreamLimitExceededException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceInUseException;

class ControlPlaneLimitsTest {
    private static final int RACERS = 12;

    @TempDir
    Path dataDir;

    @Test
    void accountLimitsAreConfigurable() throws Exception {
        try (ControlPlaneTestServer server = ControlPlaneTestServer.start(dataDir, ControlPlaneTestServer.settings(2, 1));
             KinesisVideoClient kvs = server.client()) {
            kvs.createSignalingChannel(r -> r.channelName("one"));
            kvs.createSignalingChannel(r -> r.channelName("two"));
            assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("three")),
                    AccountChannelLimitExceededException.class, 400);
            kvs.createStream(r -> r.streamName("only"));
            assertKvsError(() -> kvs.createStream(r -> r.streamName("second")),
                    AccountStreamLimitExceededException.class, 400);
            String two = kvs.describeSignalingChannel(r -> r.channelName("two")).channelInfo().channelARN();
            kvs.deleteSignalingChannel(r -> r.channelARN(two));
            kvs.createSignalingChannel(r -> r.channelName("three"));
        }
    }

    @Test
    void concurrentCreatesOfOneNameOverHttpYieldOneChannel() throws Exception {
        try (ControlPlaneTestServer server = ControlPlaneTestServer.start(dataDir);
             KinesisVideoClient kvs = server.client()) {
            ExecutorService pool = Executors.newFixedThreadPool(RACERS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    Callable<String> create = () -> {
                        go.await();
                        try {
                            return kvs.createSignalingChannel(r -> r.channelName("race")).channelARN();
                        } catch (ResourceInUseException e) {
                            return null;
                        }
                    };
                    results.add(pool.submit(create));
                }
                go.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<String> f : results) {
                    String arn = f.get();
                    if (arn != null) {
                        winners.add(arn);
                    }
                }
                assertThat(winners).hasSize(1);
                assertThat(kvs.describeSignalingChannel(r -> r.channelName("race")).channelInfo().channelARN())
                        .isEqualTo(winners.get(0));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
