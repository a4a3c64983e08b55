package io.storagesession.it.session;

import dev.onvoid.webrtc.RTCIceServer;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;

/**
 * A signaling channel mapped to a stream on the running server, reached exactly as the KVS SDKs reach it: the control
 * plane (AWS SDK) for the channel, stream and endpoints, GetIceServerConfig for TURN, presigned signaling URLs, and
 * the WEBRTC endpoint's storage client for the joins.
 */
public final class StorageChannel implements AutoCloseable {
    public final String channelArn;
    public final KinesisVideoWebRtcStorageClient storage;
    private final RunningServer server;
    private final KinesisVideoClient kvs;
    private final KinesisVideoSignalingClient signaling;
    private final Map<ChannelProtocol, String> endpoints;

    public StorageChannel(RunningServer server, String name) {
        this.server = server;
        this.kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
        channelArn = kvs.createSignalingChannel(b -> b.channelName(name)).channelARN();
        String streamArn = kvs.createStream(b -> b.streamName(name).dataRetentionInHours(24)).streamARN();
        kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));
        endpoints = kvs.getSignalingChannelEndpoint(b -> b.channelARN(channelArn)
                        .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.MASTER)
                                .protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC)))
                .resourceEndpointList().stream().collect(Collectors.toMap(e -> e.protocol(), e -> e.resourceEndpoint()));
        AwsBasicCredentials creds = AwsBasicCredentials.create(server.key.accessKeyId(), server.key.secretAccessKey());
        storage = KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(RunningServer.http())
                .endpointOverride(URI.create(endpoints.get(ChannelProtocol.WEBRTC))).region(Region.US_WEST_2)
                .credentialsProvider(() -> creds).build();
        signaling = KinesisVideoSignalingClient.builder().httpClientBuilder(RunningServer.http())
                .endpointOverride(URI.create(endpoints.get(ChannelProtocol.HTTPS))).region(Region.US_WEST_2)
                .credentialsProvider(() -> creds).build();
    }

    /** A signaling WebSocket as master ({@code clientId} null) or viewer. */
    public SignalingSocket connect(String clientId) throws Exception {
        return new SignalingSocket(server.signalingUrl(endpoints.get(ChannelProtocol.WSS), channelArn, clientId));
    }

    /** The TURN servers GetIceServerConfig hands this participant, as libwebrtc takes them. */
    public List<RTCIceServer> iceServers(String clientId) {
        return signaling.getIceServerConfig(b -> b.channelARN(channelArn).clientId(clientId)).iceServerList()
                .stream().map(s -> {
                    RTCIceServer server = new RTCIceServer();
                    server.urls = s.uris().stream().filter(u -> u.endsWith("transport=udp")).toList();
                    server.username = s.username();
                    server.password = s.password();
                    return server;
                }).toList();
    }

    @Override
    public void close() {
        storage.close();
        signaling.close();
        kvs.close();
    }
}
