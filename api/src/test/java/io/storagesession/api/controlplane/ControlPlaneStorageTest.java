package io.storagesession.api.controlplane;

import static io.storagesession.api.controlplane.KvsAssertions.assertKvsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.registry.Channel;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.MappedResourceConfigurationListItem;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfiguration;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideo.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceEndpointListItem;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;

class ControlPlaneStorageTest {
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

    private static void configure(String channelArn, String streamArn, MediaStorageConfigurationStatus status) {
        kvs.updateMediaStorageConfiguration(r -> r.channelARN(channelArn)
                .mediaStorageConfiguration(c -> c.streamARN(streamArn).status(status)));
    }

    @Test
    void enablingStorageLinksTheStreamUntilDisabled() {
        String channel = kvs.createSignalingChannel(r -> r.channelName("doorbell")).channelARN();
        String stream = kvs.createStream(r -> r.streamName("doorbell-rec").dataRetentionInHours(48)).streamARN();

        MediaStorageConfiguration initial = kvs.describeMediaStorageConfiguration(r -> r.channelName("doorbell"))
                .mediaStorageConfiguration();
        assertThat(initial.status()).isEqualTo(MediaStorageConfigurationStatus.DISABLED);
        assertThat(initial.streamARN()).isNull();
        assertThat(kvs.describeMappedResourceConfiguration(r -> r.streamARN(stream)).mappedResourceConfigurationList())
                .isEmpty();

        configure(channel, stream, MediaStorageConfigurationStatus.ENABLED);
        MediaStorageConfiguration enabled = kvs.describeMediaStorageConfiguration(r -> r.channelARN(channel))
                .mediaStorageConfiguration();
        assertThat(enabled.status()).isEqualTo(MediaStorageConfigurationStatus.ENABLED);
        assertThat(enabled.streamARN()).isEqualTo(stream);
        assertThat(server.registry.channelByArn(channel)).get().extracting(Channel::ingestionEnabled).isEqualTo(true);
        assertThat(kvs.describeMappedResourceConfiguration(r -> r.streamName("doorbell-rec").maxResults(1))
                .mappedResourceConfigurationList())
                .extracting(MappedResourceConfigurationListItem::arn, MappedResourceConfigurationListItem::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(channel, "SIGNALING_CHANNEL"));
        assertThat(kvs.getSignalingChannelEndpoint(r -> r.channelARN(channel).singleMasterChannelEndpointConfiguration(
                c -> c.protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC).role(ChannelRole.VIEWER)))
                .resourceEndpointList())
                .extracting(ResourceEndpointListItem::protocol)
                .containsExactly(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC);

        String other = kvs.createSignalingChannel(r -> r.channelName("doorbell-2")).channelARN();
        assertKvsError(() -> configure(other, stream, MediaStorageConfigurationStatus.ENABLED),
                ResourceInUseException.class, 400);
        assertKvsError(() -> kvs.deleteSignalingChannel(r -> r.channelARN(channel)), ResourceInUseException.class, 400);
        assertKvsError(() -> kvs.deleteStream(r -> r.streamARN(stream)), ResourceInUseException.class, 400);

        configure(channel, null, MediaStorageConfigurationStatus.DISABLED);
        MediaStorageConfiguration disabled = kvs.describeMediaStorageConfiguration(r -> r.channelARN(channel))
                .mediaStorageConfiguration();
        assertThat(disabled.status()).isEqualTo(MediaStorageConfigurationStatus.DISABLED);
        assertThat(disabled.streamARN()).isNull();
        assertThat(server.registry.channelByArn(channel)).get().extracting(Channel::ingestionEnabled).isEqualTo(false);
        assertKvsError(() -> kvs.getSignalingChannelEndpoint(r -> r.channelARN(channel)
                        .singleMasterChannelEndpointConfiguration(c -> c.protocols(ChannelProtocol.WEBRTC).role(ChannelRole.MASTER))),
                InvalidArgumentException.class, 400);

        configure(other, stream, MediaStorageConfigurationStatus.ENABLED);
        configure(other, null, MediaStorageConfigurationStatus.DISABLED);
        kvs.deleteStream(r -> r.streamARN(stream));
        kvs.deleteSignalingChannel(r -> r.channelARN(channel));
        kvs.deleteSignalingChannel(r -> r.channelARN(other));
    }

    @Test
    void storageNeedsAnExistingStreamThatRetainsData() {
        String channel = kvs.createSignalingChannel(r -> r.channelName("garage")).channelARN();
        String noRetention = kvs.createStream(r -> r.streamName("garage-live")).streamARN();
        assertKvsError(() -> configure(channel, noRetention, MediaStorageConfigurationStatus.ENABLED),
                NoDataRetentionException.class, 400);
        String absent = server.registry.arns().streamArn("garage-absent", Instant.now());
        assertKvsError(() -> configure(channel, absent, MediaStorageConfigurationStatus.ENABLED),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> configure(channel, null, MediaStorageConfigurationStatus.ENABLED),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.updateMediaStorageConfiguration(r -> r.channelARN(channel)),
                InvalidArgumentException.class, 400);
        String absentChannel = server.registry.arns().channelArn("garage-absent", Instant.now());
        assertKvsError(() -> configure(absentChannel, null, MediaStorageConfigurationStatus.DISABLED),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.describeMediaStorageConfiguration(r -> r.channelName("garage-absent")),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.describeMappedResourceConfiguration(r -> r.streamName("garage-absent")),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.describeMappedResourceConfiguration(r -> r.streamName("garage-live").maxResults(2)),
                InvalidArgumentException.class, 400);
        assertThat(kvs.describeMediaStorageConfiguration(r -> r.channelARN(channel)).mediaStorageConfiguration().status())
                .isEqualTo(MediaStorageConfigurationStatus.DISABLED);
    }
}
