package io.storagesession.signaling.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.signaling.api.ApiException;
import io.storagesession.signaling.auth.AccessKey;
import io.storagesession.signaling.auth.Policy;
import io.storagesession.signaling.bridge.InboundMessage;
import io.storagesession.signaling.bridge.ParticipantAddress;
import io.storagesession.signaling.bridge.Role;
import io.storagesession.signaling.bridge.StorageJoin;
import io.storagesession.signaling.bridge.StorageSessionBridge;
import io.storagesession.signaling.registry.Channel;
import io.storagesession.signaling.testing.ApiTestServer;
import io.storagesession.signaling.testing.InMemoryChannels;
import io.vertx.core.Future;
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
        StorageApi api = new StorageApi(channels, bridge, new StorageApiSettings(2, 100), java.time.Clock.systemUTC());
        server = new ApiTestServer(List.of(ApiTestServer.KEY, VIEW_ONLY), api.operations());
        client = server.client(KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(ApiTestServer.http()),
                ApiTestServer.KEY);
        viewOnlyClient = server.client(KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(ApiTestServer.http()),
                VIEW_ONLY);
    }

    @AfterEach
    void stop() throws Exception {
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

    @Test
    void theThirdJoinWithinASecondExceedsTheChannelQuota() {
        Channel ch = channels.addChannel("cam4", STREAM_ARN, true);
        Channel other = channels.addChannel("cam5", STREAM_ARN, true);
        client.joinStorageSession(b -> b.channelArn(ch.arn()));
        client.joinStorageSession(b -> b.channelArn(ch.arn()));
        assertThatThrownBy(() -> client.joinStorageSession(b -> b.channelArn(ch.arn())))
                .isInstanceOf(ClientLimitExceededException.class);
        client.joinStorageSession(b -> b.channelArn(other.arn()));
        assertThat(joins).hasSize(3);
    }

    @Test
    void theBridgesRefusalReachesTheClientInKvsShape() {
        Channel ch = channels.addChannel("cam6", STREAM_ARN, true);
        refusal = ApiException.clientLimitExceeded("maximum number of viewers connected to the session");
        assertThatThrownBy(() -> client.joinStorageSessionAsViewer(b -> b.channelArn(ch.arn()).clientId("v4")))
                .isInstanceOf(ClientLimitExceededException.class)
                .hasMessageContaining("maximum number of viewers connected to the session");
    }
}
