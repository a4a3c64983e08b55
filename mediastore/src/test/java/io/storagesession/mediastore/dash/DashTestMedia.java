package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.AckEvent;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHPlaybackMode;

/**
 * Real media for the DASH judges (dash.js, ffprobe): {@link TestMedia}'s H.264 (1 s GOPs) with Opus or AAC, written as
 * the recorder writes a stream (its StreamHeader and FragmentWriter), one fragment per {@code gopsPerFragment} GOPs,
 * ready for PutMedia; and the ON_DEMAND session of such a recording, asked with the AWS SDK.
 */
final class DashTestMedia {
    private static final int VIDEO = StreamHeader.VIDEO_TRACK_NUMBER;
    private static final int AUDIO = StreamHeader.AUDIO_TRACK_NUMBER;
    private static final long MILLIS = 1000;
    private static final int UPLOAD_CHUNK_BYTES = 64 * 1024;

    /** Which audio codec the recording carries. */
    enum Audio {
        OPUS, AAC
    }

    private DashTestMedia() {
    }

    /** {@code seconds} of H.264 with {@code audio} from absolute time {@code baseMillis}. */
    static TestMkv.Recording recording(Path dir, int seconds, long baseMillis, Audio audio, int gopsPerFragment)
            throws Exception {
        TestMedia.Video video = TestMedia.h264(dir, seconds, baseMillis);
        List<TestMedia.Frame> sound = audio == Audio.OPUS ? TestMedia.opus(seconds, baseMillis)
                : TestMedia.aac(dir, seconds, baseMillis);
        AudioTrack track = audio == Audio.OPUS ? AudioTrack.opus(1)
                : AudioTrack.aacLc(TestMedia.SAMPLE_RATE, TestMedia.CHANNELS);
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, video.avcC()),
                track);

        List<Long> starts = new ArrayList<>();
        int keys = 0;
        for (TestMedia.Frame f : video.frames()) {
            if (f.keyframe() && keys++ % gopsPerFragment == 0) {
                starts.add(f.timecodeMillis());
            }
        }
        starts.add(Long.MAX_VALUE);
        List<TestMkv.Frame> all = new ArrayList<>();
        video.frames().forEach(f -> all.add(new TestMkv.Frame(VIDEO, f.timecodeMillis(), f.keyframe(), f.data())));
        long videoEnd = video.frames().get(video.frames().size() - 1).timecodeMillis();
        // audio after the last video frame would start a fragment with no video; KVS fragments begin with a keyframe
        sound.stream().filter(f -> f.timecodeMillis() <= videoEnd)
                .forEach(f -> all.add(new TestMkv.Frame(AUDIO, f.timecodeMillis(), true, f.data())));
        all.sort(Comparator.comparingLong(TestMkv.Frame::timecode).thenComparingInt(TestMkv.Frame::track));

        FragmentWriter writer = new FragmentWriter(settings);
        List<byte[]> bytes = new ArrayList<>();
        List<TestMkv.Fragment> fragments = new ArrayList<>();
        for (int s = 0; s + 1 < starts.size(); s++) {
            long from = starts.get(s);
            long to = starts.get(s + 1);
            writer.startFragment(from, FragmentTags.NONE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<TestMkv.Frame> frames = new ArrayList<>();
            for (TestMkv.Frame f : all) {
                if (f.timecode() >= from && f.timecode() < to) {
                    MkvBuffer b = writer.writeFrame(f.track(), f.timecode(), f.keyframe(), f.data(), 0,
                            f.data().length);
                    out.write(b.array(), 0, b.length());
                    frames.add(f);
                }
            }
            writer.closeFragment();
            bytes.add(out.toByteArray());
            fragments.add(new TestMkv.Fragment(from, frames));
        }
        return new TestMkv.Recording(header.toByteArray(), bytes, fragments);
    }

    /**
     * Creates {@code stream}, puts {@code recording} (of {@code seconds} from {@code baseMillis}) through PutMedia,
     * every fragment persisted, and asks GetDASHStreamingSessionURL for an ON_DEMAND session of all of it on the
     * producer timeline: its manifest URL.
     */
    static String onDemandSession(TestServer server, String stream, TestMkv.Recording recording, long baseMillis,
                                  int seconds) throws Exception {
        server.createStream(stream, 24);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream), recording.all(), UPLOAD_CHUNK_BYTES);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(recording.fragments().size());
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            return client.getDASHStreamingSessionURL(b -> b.streamName(stream)
                    .playbackMode(DASHPlaybackMode.ON_DEMAND).dashFragmentSelector(s -> s
                            .fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(baseMillis))
                                    .endTimestamp(Instant.ofEpochMilli(baseMillis + (seconds + 1) * MILLIS)))))
                    .dashStreamingSessionURL();
        }
    }
}
