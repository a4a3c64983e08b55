package io.storagesession.it;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.console.UrlPresigner;
import io.storagesession.server.StorageSessionServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The wired server, started in this JVM on a free loopback port with its own data dir. */
public final class RunningServer implements AutoCloseable {
    public final StorageSessionServer server;
    public final AccessKey key;

    public RunningServer(Path dataDir, Function<ParticipantLinks, StorageSessionBridge> bridges, Map<String, Object> overrides)
            throws Exception {
        server = StorageSessionServer.start(config(dataDir, overrides), bridges);
        key = server.credentials().keys().get(0);
    }

    /** The server with its real storage sessions (the WebRTC peer of JoinStorageSession). */
    public RunningServer(Path dataDir, Map<String, Object> overrides) throws Exception {
        server = StorageSessionServer.start(config(dataDir, overrides));
        key = server.credentials().keys().get(0);
    }

    private static Config config(Path dataDir, Map<String, Object> overrides) {
        return ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                        "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0)))
                .withFallback(ConfigFactory.defaultReference()).resolve();
    }

    public URI uri() {
        return URI.create(server.publicUrl());
    }

    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(uri()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .build();
    }

    public static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder();
    }

    /** A signaling URL presigned by the AWS SDK's own signer, as a KVS client builds it. */
    public URI signalingUrl(String wssEndpoint, String channelArn, String clientId) {
        String query = "X-Amz-ChannelARN=" + URLEncoder.encode(channelArn, StandardCharsets.UTF_8)
                + (clientId == null ? "" : "&X-Amz-ClientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        return new UrlPresigner(key.accessKeyId(), key.secretAccessKey(), "us-west-2")
                .presign(URI.create(wssEndpoint + "/?" + query), Duration.ofMinutes(5));
    }

    @Override
    public void close() {
        server.stop();
    }
}
