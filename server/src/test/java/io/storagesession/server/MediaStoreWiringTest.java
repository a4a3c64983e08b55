package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.mkv.EbmlWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.APIName;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * The media store as the server wires it: GetDataEndpoint names a base URL that serves PutMedia and ListFragments,
 * fragments land under the data dir, the store's metrics are on /metrics, and a restarted server still lists them.
 */
class MediaStoreWiringTest {
    @TempDir
    Path dataDir;

    private Config config() {
        return ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host", "127.0.0.1",
                "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0))
                .withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void putMediaOnTheDataEndpointIsListedAndSurvivesARestart() throws Exception {
        String endpoint;
        StorageSessionServer server = StorageSessionServer.start(config(), (BridgeFactory) wiring -> new NoStorageSessions());
        try {
            AccessKey key = server.credentials().keys().get(0);
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
            try (KinesisVideoClient control = KinesisVideoClient.builder().region(Region.US_WEST_2)
                    .endpointOverride(URI.create(server.publicUrl())).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                control.createStream(r -> r.streamName("wired").dataRetentionInHours(1));
                endpoint = control.getDataEndpoint(r -> r.streamName("wired").apiName(APIName.PUT_MEDIA))
                        .dataEndpoint();
            }
            HttpResponse<String> acks = putMedia(endpoint, key, oneFragment());
            assertThat(acks.statusCode()).isEqualTo(200);
            assertThat(acks.body()).contains("\"EventType\":\"PERSISTED\",\"FragmentTimecode\":1700000000000");
            assertThat(listFragments(endpoint, credentials)).hasSize(1);
            assertThat(server.metrics().scrape()).contains("kvs_media_store_fragments_persisted_total 1");
            assertThat(dataDir.resolve("fragments")).isDirectory();
        } finally {
            server.stop();
        }

        StorageSessionServer restarted = StorageSessionServer.start(config(), (BridgeFactory) wiring -> new NoStorageSessions());
        try {
            AccessKey key = restarted.credentials().keys().get(0);
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
            assertThat(listFragments(restarted.publicUrl(), credentials)).extracting(Fragment::producerTimestamp)
                    .containsExactly(Instant.ofEpochMilli(1_700_000_000_000L));
        } finally {
            restarted.stop();
        }
    }

    private static List<Fragment> listFragments(String endpoint, StaticCredentialsProvider credentials) {
        try (KinesisVideoArchivedMediaClient archived = KinesisVideoArchivedMediaClient.builder()
                .region(Region.US_WEST_2).endpointOverride(URI.create(endpoint)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            // KVS requires a FragmentSelector on a first ListFragments.
            return archived.listFragments(r -> r.streamName("wired").fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP).timestampRange(t -> t
                            .startTimestamp(Instant.EPOCH).endTimestamp(Instant.now().plusSeconds(3600))))).fragments();
        }
    }

    /** A signed, chunked PutMedia (the AWS SDK's signer with UNSIGNED-PAYLOAD, as the Java producer signs). */
    private static HttpResponse<String> putMedia(String endpoint, AccessKey key, byte[] body) throws Exception {
        URI url = URI.create(endpoint + "/putMedia");
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url)
                .putHeader("x-amzn-stream-name", "wired").putHeader("x-amzn-fragment-timecode-type", "ABSOLUTE")
                .putHeader("x-amzn-producer-start-timestamp", "1700000000.000").build();
        Map<String, List<String>> signed = AwsV4HttpSigner.create().sign(r -> r.request(unsigned)
                .identity(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-west-2")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request().headers();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        signed.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** EBML header, Segment, one video track, one Cluster at 1700000000000 ms with one keyframe. */
    private static byte[] oneFragment() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(element(MatroskaIds.EBML,
                element(MatroskaIds.DOC_TYPE, "matroska".getBytes(StandardCharsets.US_ASCII))));
        out.writeBytes(new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x01, -1, -1, -1, -1, -1, -1, -1});
        out.writeBytes(element(MatroskaIds.TRACKS, element(MatroskaIds.TRACK_ENTRY,
                element(MatroskaIds.TRACK_NUMBER, new byte[] {1}),
                element(MatroskaIds.CODEC_ID, "V_MPEG4/ISO/AVC".getBytes(StandardCharsets.US_ASCII)))));
        byte[] timecode = {0, 0, 0x01, (byte) 0x8B, (byte) 0xCF, (byte) 0xE5, 0x68, 0x00};
        out.writeBytes(element(MatroskaIds.CLUSTER, element(MatroskaIds.TIMECODE, timecode),
                element(MatroskaIds.SIMPLE_BLOCK, new byte[] {(byte) 0x81, 0, 0, (byte) 0x80, 1, 2, 3})));
        return out.toByteArray();
    }

    private static byte[] element(int id, byte[]... children) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] c : children) {
            data.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.element(out, id, data.toByteArray());
        return out.toByteArray();
    }
}
