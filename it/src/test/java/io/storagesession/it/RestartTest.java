package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.storage.NoStorageSessions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelInfo;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;

/** Channels, streams, tags, storage links and the generated credentials survive a restart on the same data dir. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void metadataAndCredentialsSurviveARestart() throws Exception {
        ChannelInfo channelBefore;
        StreamInfo streamBefore;
        String keyBefore;
        try (RunningServer first = new RunningServer(dataDir, links -> new NoStorageSessions(), Map.of());
             KinesisVideoClient kvs = first.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()))) {
            keyBefore = first.key.accessKeyId();
            assertThat(first.server.credentials().generated()).isPresent();
            String channelArn = kvs.createSignalingChannel(b -> b.channelName("porch")
                    .tags(t -> t.key("site").value("home"))).channelARN();
            String streamArn = kvs.createStream(b -> b.streamName("porch").dataRetentionInHours(48)
                    .tags(Map.of("team", "video"))).streamARN();
            kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                    c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));
            kvs.createSignalingChannel(b -> b.channelName("deleted-before-restart"));
            kvs.deleteSignalingChannel(b -> b.channelARN(kvs.describeSignalingChannel(
                    d -> d.channelName("deleted-before-restart")).channelInfo().channelARN()));
            channelBefore = kvs.describeSignalingChannel(b -> b.channelName("porch")).channelInfo();
            streamBefore = kvs.describeStream(b -> b.streamName("porch")).streamInfo();
        }
        try (RunningServer second = new RunningServer(dataDir, links -> new NoStorageSessions(), Map.of());
             KinesisVideoClient kvs = second.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()))) {
            assertThat(second.server.credentials().generated()).as("credentials are generated only once").isEmpty();
            assertThat(second.key.accessKeyId()).isEqualTo(keyBefore);
            assertThat(kvs.describeSignalingChannel(b -> b.channelName("porch")).channelInfo()).isEqualTo(channelBefore);
            assertThat(kvs.describeStream(b -> b.streamName("porch")).streamInfo()).isEqualTo(streamBefore);
            var storage = kvs.describeMediaStorageConfiguration(b -> b.channelARN(channelBefore.channelARN()))
                    .mediaStorageConfiguration();
            assertThat(storage.streamARN()).isEqualTo(streamBefore.streamARN());
            assertThat(storage.status()).isEqualTo(MediaStorageConfigurationStatus.ENABLED);
            assertThat(kvs.listTagsForResource(b -> b.resourceARN(channelBefore.channelARN())).tags())
                    .containsExactlyEntriesOf(Map.of("site", "home"));
            assertThat(kvs.listTagsForStream(b -> b.streamARN(streamBefore.streamARN())).tags())
                    .containsExactlyEntriesOf(Map.of("team", "video"));
            assertThat(kvs.listSignalingChannels(b -> { }).channelInfoList()).extracting(ChannelInfo::channelName)
                    .containsExactly("porch");
        }
    }
}
