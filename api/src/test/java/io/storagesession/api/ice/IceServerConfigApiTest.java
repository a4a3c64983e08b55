package io.storagesession.api.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.registry.Channel;
import io.storagesession.api.testing.ApiTestServer;
import io.storagesession.api.testing.InMemoryChannels;
import io.storagesession.api.testing.MutableClock;
import io.storagesession.turn.RestCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.ClientLimitExceededException;
import software.amazon.awssdk.services.kinesisvideosignaling.model.GetIceServerConfigResponse;
import software.amazon.awssdk.services.kinesisvideosignaling.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideosignaling.model.NotAuthorizedException;
import software.amazon.awssdk.services.kinesisvideosignaling.model.ResourceNotFoundException;

/** GetIceServerConfig through the real AWS SDK v2 signaling client. */
class IceServerConfigApiTest {
    private static final IceServer EMBEDDED = new IceServer(
            List.of("turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"), "s3cret");
    private static final IceServer COTURN = new IceServer(List.of("turn:10.0.0.9:3478?transport=udp"), "other");

    private final InMemoryChannels channels = new InMemoryChannels();
    /** Drives the quota and the credentials' expiry; SigV4 checks the real time. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private volatile List<IceServer> servers = List.of(EMBEDDED);
    private ApiTestServer server;
    private KinesisVideoSignalingClient client;

    @BeforeEach
    void start() throws Exception {
        IceServerConfigApi api = new IceServerConfigApi(channels, () -> servers,
                new IceSettings(Duration.ofSeconds(300), 5, 100), clock);
        server = new ApiTestServer(List.of(ApiTestServer.KEY), List.of(api.operation()));
        client = server.client(KinesisVideoSignalingClient.builder().httpClientBuilder(ApiTestServer.http()),
                ApiTestServer.KEY);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void issuesTurnRestCredentialsThatTheTurnServerCanRecompute() {
        Channel ch = channels.addChannel("cam", null, false);
        GetIceServerConfigResponse r = client.getIceServerConfig(b -> b.channelARN(ch.arn()).clientId("viewer-7"));
        assertThat(r.iceServerList()).hasSize(1);
        software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer s = r.iceServerList().get(0);
        assertThat(s.uris()).containsExactlyElementsOf(EMBEDDED.uris());
        assertThat(s.ttl()).isEqualTo(300);
        String[] parts = s.username().split(":", 2);
        assertThat(parts[1]).isEqualTo("cam:viewer-7");
        assertThat(Long.parseLong(parts[0])).as("expiry: now plus the TTL, in Unix seconds")
                .isEqualTo(clock.instant().getEpochSecond() + 300);
        assertThat(s.password()).isEqualTo(RestCredentials.passwordFor("s3cret", s.username()))
                .isNotEqualTo(RestCredentials.passwordFor("wrong", s.username()));
    }

    @Test
    void listsEveryConfiguredServerWithItsOwnSecret() {
        servers = List.of(EMBEDDED, COTURN);
        Channel ch = channels.addChannel("cam2", null, false);
        List<software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer> list =
                client.getIceServerConfig(b -> b.channelARN(ch.arn()).username("alice")).iceServerList();
        assertThat(list).hasSize(2);
        assertThat(list.get(1).password()).isEqualTo(RestCredentials.passwordFor("other", list.get(1).username()));
        assertThat(list.get(1).username()).endsWith(":cam2:alice");
    }

    @Test
    void rejectsUnknownChannelsBadArgumentsAndBadSignatures() throws Exception {
        assertThatThrownBy(() -> client.getIceServerConfig(
                b -> b.channelARN("arn:aws:kinesisvideo:us-west-2:000000000000:channel/none/1")))
                .isInstanceOf(ResourceNotFoundException.class);
        Channel ch = channels.addChannel("cam3", null, false);
        assertThatThrownBy(() -> client.getIceServerConfig(b -> b.channelARN(ch.arn()).service("STUN")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> client.getIceServerConfig(b -> b.channelARN(ch.arn()).clientId("AWS_x")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> client.getIceServerConfig(b -> b.channelARN("bad")))
                .isInstanceOf(InvalidArgumentException.class);
        var wrongSecret = new io.storagesession.api.auth.AccessKey(ApiTestServer.KEY.accessKeyId(), "nope", null);
        try (KinesisVideoSignalingClient forged = server.client(
                KinesisVideoSignalingClient.builder().httpClientBuilder(ApiTestServer.http()), wrongSecret)) {
            assertThatThrownBy(() -> forged.getIceServerConfig(b -> b.channelARN(ch.arn())))
                    .satisfies(e -> assertThat(((software.amazon.awssdk.awscore.exception.AwsServiceException) e)
                            .statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aKeyWhosePolicyLacksTheActionIsNotAuthorized() throws Exception {
        Channel ch = channels.addChannel("cam5", null, false);
        var limited = new io.storagesession.api.auth.AccessKey("AKIDLIMITED", "limited",
                new io.storagesession.api.auth.Policy(List.of("kinesisvideo:GetIceServerConfig"),
                        List.of("arn:aws:kinesisvideo:*:*:channel/other/*")));
        try (ApiTestServer s = new ApiTestServer(List.of(limited), List.of(new IceServerConfigApi(channels,
                () -> servers, new IceSettings(Duration.ofSeconds(300), 5, 100), clock).operation()));
             KinesisVideoSignalingClient c = s.client(
                     KinesisVideoSignalingClient.builder().httpClientBuilder(ApiTestServer.http()), limited)) {
            assertThatThrownBy(() -> c.getIceServerConfig(b -> b.channelARN(ch.arn())))
                    .isInstanceOfSatisfying(NotAuthorizedException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(401));
        }
    }

    @Test
    void theSixthCallAtOneInstantExceedsTheChannelQuotaWhichRefillsAtFivePerSecond() {
        Channel ch = channels.addChannel("cam4", null, false);
        Channel other = channels.addChannel("cam6", null, false);
        for (int i = 0; i < 5; i++) {
            client.getIceServerConfig(b -> b.channelARN(ch.arn()));
        }
        assertThatThrownBy(() -> client.getIceServerConfig(b -> b.channelARN(ch.arn())))
                .isInstanceOf(ClientLimitExceededException.class);
        assertThat(client.getIceServerConfig(b -> b.channelARN(other.arn())).iceServerList())
                .as("another channel has its own quota").hasSize(1);

        clock.advance(Duration.ofMillis(199));
        assertThatThrownBy(() -> client.getIceServerConfig(b -> b.channelARN(ch.arn())))
                .as("199 ms refill less than one call").isInstanceOf(ClientLimitExceededException.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(client.getIceServerConfig(b -> b.channelARN(ch.arn())).iceServerList())
                .as("200 ms refill one call").hasSize(1);
        assertThatThrownBy(() -> client.getIceServerConfig(b -> b.channelARN(ch.arn())))
                .isInstanceOf(ClientLimitExceededException.class);
    }

    @Test
    void refusesTtlsTheCSdkWouldReject() {
        assertThatThrownBy(() -> new IceSettings(Duration.ofSeconds(30), 5, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
