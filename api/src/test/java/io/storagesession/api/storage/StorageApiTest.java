package io.storagesession.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.testing.ApiTestServer;
import io.storagesession.api.testing.InMemoryChannels;
import io.storagesession.api.testing.LogCapture;
import io.storagesession.api.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ClientLimitExceededException;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ResourceNotFoundException;

/** JoinStorageSession(AsViewer) through the real AWS SDK v2 storage client. */
class StorageApiTest {
    private static final String STREAM_ARN = "arn:aws:kinesisvideo:us-west-2:000000000000:stream/s/1";
    private static final AccessKey VIEW_ONLY = new AccessKey("AKIDVIEWONLY", "view-secret",
            new Policy(List.of("kinesisvideo:JoinStorageSessionAsViewer"), List.of("*")));

    private final InMemoryChannels channels = new InMemoryChannels();
    /** Drives only the quotas and the refusal log; SigV4 checks the real time. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LogCapture log = new LogCapture();
    private final List<StorageJoin> joins = new CopyOnWriteArrayList<>();
    private volatile ApiException refusal;
    private ApiTestServer server;
    private KinesisVideoWebRtcStorageClient client;
    private KinesisVideoWebRtcStorageClient viewOnlyClient;

    @BeforeEach
    void start() throws Exception {
        StorageSessionBridge bridge = new StorageSessionBridge() {
            @Override
            public Future<Void> join(StorageJoin join) {
                if (refusal != null) {
                    return Future.failedFuture(refusal);
                }
                joins.add(join);
                return Future.succeededFuture();
            }

            @Override
            public void onMessage(ParticipantAddress from, InboundMessage message) {
            }

            @Override
            public void onDisconnected(ParticipantAddress participant) {
            }
        };
        StorageApi api = new StorageApi(channels, bridge, StorageApiSettings.from(ConfigFactory.defaultReference()),
                clock);
        server = new ApiTestServer(List.of(ApiTestServer.KEY, VIEW_ONLY), api.operations());
        client = server.client(KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(ApiTestServer.http()),
                ApiTestServer.KEY);
        viewOnlyClient = server.client(KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(ApiTestServer.http()),
                VIEW_ONLY);
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        client.close();
        viewOnlyClient.close();
        server.close();
    }

    @Test
    void masterAndViewerJoinsReachTheBridgeWithTheLinkedStream() {
        Channel ch = channels.addChannel("cam", STREAM_ARN, true);
        client.joinStorageSession(b -> b.channelArn(ch.arn()));
        client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId("viewer-1"));
        assertThat(joins).extracting(j -> j.participant().role(), j -> j.participant().clientId(), StorageJoin::streamArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Role.MASTER, null, STREAM_ARN),
                        org.assertj.core.groups.Tuple.tuple(Role.VIEWER, "viewer-1", STREAM_ARN));
    }

    @Test
    void aChannelWithoutEnabledStorageIsAnInvalidArgument() {
        Channel disabled = channels.addChannel("nostore", STREAM_ARN, false);
        Channel unlinked = channels.addChannel("unlinked", null, true);
        for (Channel ch : List.of(disabled, unlinked)) {
            assertThatThrownBy(() -> client.joinStorageSession(b -> b.channelArn(ch.arn())))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(400));
        }
        assertThat(joins).isEmpty();
        assertThat(log.lines("channel nostore, master: JoinStorageSession refused with InvalidArgumentException: "
                + "The channel is not configured for media storage")).hasSize(1);
    }

    @Test
    void anUnknownChannelIsNotFound() {
        assertThatThrownBy(() -> client.joinStorageSession(
                b -> b.channelArn("arn:aws:kinesisvideo:us-west-2:000000000000:channel/none/1")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void malformedArnsAndClientIdsAreInvalidArguments() {
        Channel ch = channels.addChannel("cam2", STREAM_ARN, true);
        assertThatThrownBy(() -> client.joinStorageSession(b -> b.channelArn("not-an-arn")))
                .isInstanceOf(InvalidArgumentException.class);
        for (String bad : List.of("AWS_viewer", "aws_x", "has space", "x".repeat(257))) {
            assertThatThrownBy(() -> client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId(bad)))
                    .as(bad).isInstanceOf(InvalidArgumentException.class);
        }
        assertThat(joins).isEmpty();
    }

    @Test
    void accessOutsideTheKeysPolicyIsDeniedWith403() {
        Channel ch = channels.addChannel("cam3", STREAM_ARN, true);
        assertThatThrownBy(() -> viewOnlyClient.joinStorageSession(b -> b.channelArn(ch.arn())))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        viewOnlyClient.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId("v"));
        assertThat(joins).hasSize(1);
    }

    /**
     * KVS-WIRE.md §3: each join API has its own 2 calls/s per channel; every KVS sample joins as soon as its signaling
     * opens, so a master and three viewers at the same instant must all pass, while a flood is still refused.
     */
    @Test
    void aMasterAndThreeViewersJoiningAtOnceAllPassThenEachApisChannelQuotaHolds() {
        Channel ch = channels.addChannel("cam4", STREAM_ARN, true);
        Channel other = channels.addChannel("cam5", STREAM_ARN, true);
        client.joinStorageSession(b -> b.channelArn(ch.arn()));
        for (String viewer : List.of("v1", "v2", "v3")) {
            client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId(viewer));
        }
        assertThat(joins).hasSize(4);

        assertThatThrownBy(() -> client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId("v4")))
                .isInstanceOfSatisfying(ClientLimitExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("JoinStorageSessionAsViewer is limited per channel");
                });
        client.joinStorageSession(b -> b.channelArn(ch.arn()));
        client.joinStorageSession(b -> b.channelArn(ch.arn()));
        assertThatThrownBy(() -> client.joinStorageSession(b -> b.channelArn(ch.arn())))
                .isInstanceOf(ClientLimitExceededException.class);
        client.joinStorageSession(b -> b.channelArn(other.arn()));
        clock.advance(Duration.ofMillis(500));
        client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId("v4"));
        assertThat(joins).hasSize(8);

        assertThat(log.lines("channel cam4, viewer v4: JoinStorageSessionAsViewer refused with "
                + "ClientLimitExceededException: JoinStorageSessionAsViewer is limited per channel")).hasSize(1);
        assertThat(log.lines("channel cam4, master: JoinStorageSession refused with ClientLimitExceededException"))
                .hasSize(1);
    }

    @Test
    void theBridgesRefusalReachesTheClientInKvsShape() {
        Channel ch = channels.addChannel("cam6", STREAM_ARN, true);
        refusal = ApiException.clientLimitExceeded("maximum number of viewers connected to the session");
        assertThatThrownBy(() -> client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId("v4")))
                .isInstanceOf(ClientLimitExceededException.class)
                .hasMessageContaining("maximum number of viewers connected to the session");
        assertThat(log.lines("INFO", "channel cam6, viewer v4: JoinStorageSessionAsViewer refused with "
                + "ClientLimitExceededException: maximum number of viewers connected to the session")).hasSize(1);
    }
}
