package io.storagesession.api.controlplane;

import static io.storagesession.api.controlplane.KvsAssertions.assertKvsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelInfo;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelType;
import software.amazon.awssdk.services.kinesisvideo.model.ComparisonOperator;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.ListSignalingChannelsResponse;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceEndpointListItem;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.Tag;
import software.amazon.awssdk.services.kinesisvideo.model.VersionMismatchException;

class ControlPlaneChannelTest {
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
    void createDescribeUpdateDelete() {
        Instant before = Instant.now().minusSeconds(1);
        String arn = kvs.createSignalingChannel(r -> r.channelName("front-door").channelType(ChannelType.SINGLE_MASTER)
                .singleMasterConfiguration(c -> c.messageTtlSeconds(30))).channelARN();
        assertThat(arn).matches("arn:aws:kinesisvideo:us-west-2:123456789012:channel/front-door/\\d{13}");

        ChannelInfo byName = kvs.describeSignalingChannel(r -> r.channelName("front-door")).channelInfo();
        ChannelInfo byArn = kvs.describeSignalingChannel(r -> r.channelARN(arn)).channelInfo();
        assertThat(byArn).isEqualTo(byName);
        assertThat(byName.channelName()).isEqualTo("front-door");
        assertThat(byName.channelARN()).isEqualTo(arn);
        assertThat(byName.channelTypeAsString()).isEqualTo("SINGLE_MASTER");
        assertThat(byName.channelStatusAsString()).isEqualTo("ACTIVE");
        assertThat(byName.singleMasterConfiguration().messageTtlSeconds()).isEqualTo(30);
        assertThat(byName.version()).matches("[a-zA-Z0-9]{20}");
        assertThat(byName.creationTime()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(arn).endsWith("/" + byName.creationTime().toEpochMilli());

        assertKvsError(() -> kvs.updateSignalingChannel(r -> r.channelARN(arn).currentVersion("staleVersion0000000")
                .singleMasterConfiguration(c -> c.messageTtlSeconds(90))), VersionMismatchException.class, 400);
        kvs.updateSignalingChannel(r -> r.channelARN(arn).currentVersion(byName.version())
                .singleMasterConfiguration(c -> c.messageTtlSeconds(90)));
        ChannelInfo updated = kvs.describeSignalingChannel(r -> r.channelARN(arn)).channelInfo();
        assertThat(updated.singleMasterConfiguration().messageTtlSeconds()).isEqualTo(90);
        assertThat(updated.version()).isNotEqualTo(byName.version()).matches("[a-zA-Z0-9]{20}");

        assertKvsError(() -> kvs.deleteSignalingChannel(r -> r.channelARN(arn).currentVersion(byName.version())),
                VersionMismatchException.class, 400);
        kvs.deleteSignalingChannel(r -> r.channelARN(arn).currentVersion(updated.version()));
        assertKvsError(() -> kvs.describeSignalingChannel(r -> r.channelARN(arn)), ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.describeSignalingChannel(r -> r.channelName("front-door")),
                ResourceNotFoundException.class, 404);
        assertKvsError(() -> kvs.deleteSignalingChannel(r -> r.channelARN(arn)), ResourceNotFoundException.class, 404);
    }

    @Test
    void defaultsAndDuplicates() {
        kvs.createSignalingChannel(r -> r.channelName("defaults"));
        ChannelInfo info = kvs.describeSignalingChannel(r -> r.channelName("defaults")).channelInfo();
        assertThat(info.singleMasterConfiguration().messageTtlSeconds()).isEqualTo(60);
        assertThat(info.channelType()).isEqualTo(ChannelType.SINGLE_MASTER);
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("defaults")), ResourceInUseException.class, 400);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("bad name!")),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("x".repeat(257))),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("ttl-low")
                .singleMasterConfiguration(c -> c.messageTtlSeconds(4))), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("ttl-high")
                .singleMasterConfiguration(c -> c.messageTtlSeconds(121))), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("mesh").channelType(ChannelType.FULL_MESH)),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createSignalingChannel(r -> r.channelName("bad-tag")
                .tags(Tag.builder().key("aws:reserved").value("v").build())), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.createSignalingChannel(r -> { }), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.describeSignalingChannel(r -> { }), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.describeSignalingChannel(r -> r.channelARN("not-an-arn")),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.updateSignalingChannel(r -> r.channelARN(server.registry.arns()
                .channelArn("nope", Instant.now()))), InvalidArgumentException.class, 400);
        kvs.createSignalingChannel(r -> r.channelName("ttl-edges").singleMasterConfiguration(c -> c.messageTtlSeconds(5)));
        kvs.createSignalingChannel(r -> r.channelName("ttl-edges-2").singleMasterConfiguration(c -> c.messageTtlSeconds(120)));
    }

    @Test
    void listPagesInNameOrderAndFiltersByPrefix() {
        List<String> names = List.of("page-c", "page-a", "page-e", "page-b", "page-d");
        names.forEach(n -> kvs.createSignalingChannel(r -> r.channelName(n)));
        kvs.createSignalingChannel(r -> r.channelName("pagf-other"));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListSignalingChannelsResponse page = kvs.listSignalingChannels(r -> r.maxResults(2).nextToken(next)
                    .channelNameCondition(c -> c.comparisonOperator(ComparisonOperator.BEGINS_WITH).comparisonValue("page-")));
            page.channelInfoList().forEach(ch -> seen.add(ch.channelName()));
            pageSizes.add(page.channelInfoList().size());
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("page-a", "page-b", "page-c", "page-d", "page-e");
        assertThat(pageSizes).containsExactly(2, 2, 1);

        List<String> all = new ArrayList<>();
        kvs.listSignalingChannelsPaginator(r -> r.maxResults(1)).channelInfoList().forEach(ch -> all.add(ch.channelName()));
        assertThat(all).contains("page-a", "page-e", "pagf-other").isSorted();
        assertThat(kvs.listSignalingChannels(r -> { }).channelInfoList()).hasSize(all.size());

        assertKvsError(() -> kvs.listSignalingChannels(r -> r.maxResults(0)), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.listSignalingChannels(r -> r.maxResults(10_001)), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.listSignalingChannels(r -> r.nextToken("!!!")), InvalidArgumentException.class, 400);
    }

    @Test
    void signalingEndpointsComeFromThePublicUrl() {
        String arn = kvs.createSignalingChannel(r -> r.channelName("endpoints")).channelARN();
        List<ResourceEndpointListItem> master = kvs.getSignalingChannelEndpoint(r -> r.channelARN(arn)
                .singleMasterChannelEndpointConfiguration(c -> c.protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS)
                        .role(ChannelRole.MASTER))).resourceEndpointList();
        assertThat(master).extracting(ResourceEndpointListItem::protocolAsString, ResourceEndpointListItem::resourceEndpoint)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WSS", "ws://127.0.0.1:" + server.port),
                        org.assertj.core.groups.Tuple.tuple("HTTPS", "http://127.0.0.1:" + server.port));
        List<ResourceEndpointListItem> viewer = kvs.getSignalingChannelEndpoint(r -> r.channelARN(arn)
                .singleMasterChannelEndpointConfiguration(c -> c.protocols(ChannelProtocol.HTTPS)
                        .role(ChannelRole.VIEWER))).resourceEndpointList();
        assertThat(viewer).extracting(ResourceEndpointListItem::resourceEndpoint).containsExactly(server.endpoints.https());

        assertKvsError(() -> kvs.getSignalingChannelEndpoint(r -> r.channelARN(arn)
                        .singleMasterChannelEndpointConfiguration(c -> c.protocols(ChannelProtocol.WSS, ChannelProtocol.WEBRTC)
                                .role(ChannelRole.MASTER))), InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.getSignalingChannelEndpoint(r -> r.channelARN(arn)
                .singleMasterChannelEndpointConfiguration(c -> c.protocolsWithStrings("SMOKE").role(ChannelRole.MASTER))),
                InvalidArgumentException.class, 400);
        assertKvsError(() -> kvs.getSignalingChannelEndpoint(r -> r.channelARN(arn)
                .singleMasterChannelEndpointConfiguration(c -> c.protocols(ChannelProtocol.WSS).role("OBSERVER"))),
                InvalidArgumentException.class, 400);
        String missing = server.registry.arns().channelArn("missing", Instant.now().minus(Duration.ofDays(1)));
        assertKvsError(() -> kvs.getSignalingChannelEndpoint(r -> r.channelARN(missing)),
                ResourceNotFoundException.class, 404);
    }
}
