package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.RunningServer;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.StorageSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.APIName;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * A storage session recorded end to end: headless Chromium with the KVS JS SDK as the master (its fake camera and a
 * 440 Hz WebAudio tone), the server forwarding, mixing and recording, PutMedia to the embedded media store, and the
 * recording read back with the AWS SDK's archived-media client (ListFragments, GetMediaForFragmentList) — then judged
 * by AWS's MKV parser and by ffmpeg, as a KVS consumer would read it — and played as HLS (GetHLSStreamingSessionURL,
 * fMP4) by ffmpeg.
 */
class ChromiumRecordingTest {
    private static final Duration CONNECT = Duration.ofSeconds(45);
    private static final int FRAGMENTS = 3;

    @TempDir
    Path dataDir;

    @Test
    void aChromiumMastersSessionIsRecordedIntoItsStreamAndReadsBackAsValidKvsMedia() throws Exception {
        Path node = BrowserParticipant.requireTools();
        RecordingJudge.requireFfmpeg();
        try (RunningServer server = new RunningServer(dataDir, Map.of());
             StorageChannel channel = new StorageChannel(server, "recorded-door")) {
            StorageSessions sessions = (StorageSessions) server.server.bridge();
            try (BrowserParticipant master = BrowserParticipant.start(node, server, channel, null,
                    Map.of("TONE_HZ", "440", "LISTEN_HZ", "[]"))) {
                master.awaitEvent("open", CONNECT);
                channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                master.awaitServerSide("Chromium master connected", CONNECT, () -> sessions
                        .snapshot(channel.channelArn).stream().anyMatch(p -> p.participant()
                                .equals(ParticipantId.MASTER) && p.connected()));
                try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                        .httpClientBuilder(RunningServer.http()));
                     KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient
                             .builder().httpClientBuilder(RunningServer.http()))) {
                    assertThat(kvs.getDataEndpoint(b -> b.streamName("recorded-door")
                            .apiName(APIName.LIST_FRAGMENTS)).dataEndpoint()).isEqualTo(server.uri().toString());
                    List<Fragment> fragments = RecordingJudge.awaitFragments(archive, "recorded-door", FRAGMENTS,
                            Duration.ofSeconds(60));
                    RecordingJudge.Report report = RecordingJudge.judgeStored(archive, "recorded-door",
                            fragments, dataDir, true);
                    assertThat(report.clusters()).isEqualTo(fragments.size());
                    assertThat(report.videoCodec()).isEqualTo("V_MPEG4/ISO/AVC");
                    assertThat(report.audioCodec()).isEqualTo("A_OPUS");
                    // The same recording as HLS, through the SDK's GetHLSStreamingSessionURL, decoded by ffmpeg.
                    String hls = archive.getHLSStreamingSessionURL(b -> b.streamName("recorded-door")
                            .playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s
                                    .fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                                    .timestampRange(r -> r.startTimestamp(fragments.get(0).producerTimestamp())
                                            .endTimestamp(fragments.get(fragments.size() - 1).producerTimestamp()
                                                    .plusSeconds(10)))))
                            .hlsStreamingSessionURL();
                    RecordingJudge.Playback playback = RecordingJudge.playHls(hls);
                    assertThat(playback.codecs()).contains("h264", "opus");
                    assertThat(playback.seconds()).isGreaterThan(fragments.size() - 1.0);
                    for (Fragment f : fragments) {
                        assertThat(f.fragmentLengthInMilliseconds()).isBetween(1_000L, 9_999L);
                        assertThat(f.producerTimestamp()).isAfter(java.time.Instant.now().minusSeconds(600));
                    }
                }
                String metrics = server.server.metrics().scrape();
                assertThat(series(metrics, "kvs_recorder_events_total{event=\"fragments\"}"))
                        .isGreaterThanOrEqualTo(FRAGMENTS);
                assertThat(series(metrics, "kvs_put_media_events_total{event=\"persisted\"}"))
                        .isGreaterThanOrEqualTo(FRAGMENTS);
                assertThat(series(metrics, "kvs_put_media_events_total{event=\"resent\"}")).isZero();
                assertThat(series(metrics, "kvs_recorder_video_events_total{event=\"access-units-emitted\"}"))
                        .isPositive();
            }
        }
    }

    /**
     * A master that sends only video (KVS-WIRE.md §3: audio answered {@code recvonly}, as the JS SDK 2.x and the C
     * SDK's storage video-only sample do) is recorded as single-track fragments that play over HLS.
     */
    @Test
    void aVideoOnlyChromiumMasterIsRecordedAsVideoAloneAndPlaysOverHls() throws Exception {
        Path node = BrowserParticipant.requireTools();
        RecordingJudge.requireFfmpeg();
        try (RunningServer server = new RunningServer(dataDir, Map.of());
             StorageChannel channel = new StorageChannel(server, "video-only-door")) {
            StorageSessions sessions = (StorageSessions) server.server.bridge();
            try (BrowserParticipant master = BrowserParticipant.start(node, server, channel, null,
                    Map.of("SEND_AUDIO", "0"))) {
                master.awaitEvent("open", CONNECT);
                channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
                master.awaitServerSide("video-only Chromium master connected", CONNECT, () -> sessions
                        .snapshot(channel.channelArn).stream().anyMatch(p -> p.participant()
                                .equals(ParticipantId.MASTER) && p.connected()));
                try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient
                        .builder().httpClientBuilder(RunningServer.http()))) {
                    List<Fragment> fragments = RecordingJudge.awaitFragments(archive, "video-only-door", FRAGMENTS,
                            Duration.ofSeconds(60));
                    String hls = archive.getHLSStreamingSessionURL(b -> b.streamName("video-only-door")
                            .playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s
                                    .fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                                    .timestampRange(r -> r.startTimestamp(fragments.get(0).producerTimestamp())
                                            .endTimestamp(fragments.get(fragments.size() - 1).producerTimestamp()
                                                    .plusSeconds(10)))))
                            .hlsStreamingSessionURL();
                    RecordingJudge.Playback playback = RecordingJudge.playHls(hls);
                    assertThat(playback.codecs()).as("ffprobe lists each HLS stream under its program too").containsOnly("h264");
                    assertThat(playback.seconds()).isGreaterThan(fragments.size() - 1.0);
                }
            }
            String metrics = server.server.metrics().scrape();
            assertThat(series(metrics, "kvs_recorder_events_total{event=\"audio-frames-written\"}")).isZero();
            assertThat(series(metrics, "kvs_recorder_events_total{event=\"fragments-discarded\"}")).isZero();
        }
    }

    private static long series(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }
}
