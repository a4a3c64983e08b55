package io.storagesession.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryArnsTest {
    private final Arns arns = new Arns("us-west-2", "123456789012");

    @Test
    void buildsAndParsesChannelAndStreamArns() {
        Instant created = Instant.ofEpochMilli(1_700_000_000_123L);
        String channel = arns.channelArn("my.channel_1-a", created);
        assertThat(channel).isEqualTo("arn:aws:kinesisvideo:us-west-2:123456789012:channel/my.channel_1-a/1700000000123");
        assertThat(Arns.parse(channel)).hasValueSatisfying(p -> {
            assertThat(p.isChannel()).isTrue();
            assertThat(p.name()).isEqualTo("my.channel_1-a");
            assertThat(p.creationTime()).isEqualTo(created);
            assertThat(p.region()).isEqualTo("us-west-2");
            assertThat(p.accountId()).isEqualTo("123456789012");
        });
        String stream = arns.streamArn("cam", created);
        assertThat(stream).isEqualTo("arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1700000000123");
        assertThat(Arns.parse(stream)).hasValueSatisfying(p -> assertThat(p.isStream()).isTrue());
    }

    @Test
    void rejectsMalformedArns() {
        assertThat(Arns.parse("arn:aws:kinesisvideo:us-west-2:123456789012:channel/bad name/1")).isEmpty();
        assertThat(Arns.parse("arn:aws:s3:us-west-2:123456789012:channel/x/1")).isEmpty();
        assertThat(Arns.parse("arn:aws:kinesisvideo:us-west-2:123456789012:channel/x")).isEmpty();
        assertThat(Arns.parse("arn:aws:kinesisvideo:us-west-2:123456789012:channel/x/99999999999999999999")).isEmpty();
        assertThat(Arns.parse(null)).isEmpty();
        assertThat(Arns.parse("arn:aws:kinesisvideo:r:1:channel/" + "x".repeat(1100) + "/1")).isEmpty();
    }

    @Test
    void patternsMatchEveryCreationTime() {
        assertThat(arns.channelPattern("door")).isEqualTo("arn:aws:kinesisvideo:us-west-2:123456789012:channel/door/*");
        assertThat(arns.streamPattern("door")).isEqualTo("arn:aws:kinesisvideo:us-west-2:123456789012:stream/door/*");
    }

    @Test
    void versionsAreTwentyRandomAlphanumerics() {
        String a = Versions.next();
        assertThat(a).matches("[a-zA-Z0-9]{20}");
        assertThat(Versions.next()).isNotEqualTo(a);
    }

    @Test
    void referenceConfDefaults() {
        RegistrySettings settings = RegistrySettings.from(ConfigFactory.defaultReference());
        assertThat(settings.accountId()).isEqualTo("000000000000");
        assertThat(settings.maxChannels()).isPositive();
        assertThat(new Arns(settings).channelArn("c", Instant.EPOCH)).contains(":000000000000:channel/c/0");
        assertThatThrownBy(() -> RegistrySettings.from(ConfigFactory.parseString(
                "signaling.registry.account-id = \"12\"").withFallback(ConfigFactory.defaultReference()).resolve()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(io.storagesession.api.controlplane.ControlPlaneSettings.from(ConfigFactory.defaultReference())
                .defaultMaxResults()).isEqualTo(10_000);
    }
}
