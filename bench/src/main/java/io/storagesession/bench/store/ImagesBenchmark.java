package io.storagesession.bench.store;

import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.codecs.h264.H264Counters;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Format;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;

/**
 * One GetImages image, end to end: a 640x480 JPEG (JPEGQuality 80) of a stored 500 kbit/s OpenH264 stream with a
 * 2 s GOP (30 fps, 60 frames per GOP and per fragment), asked for by the AWS SDK v2 client over loopback HTTP from the
 * media store as the server mounts it (SigV4, the fragment read from its segment file, decode, JPEG, base64, JSON).
 * {@code gopStart} samples a keyframe (one frame decoded); {@code midGop} samples 1 s into the GOP (31 frames decoded,
 * from the keyframe on). With {@code pictureCache} = 0 every call decodes; with the cache on, repeated calls cost the
 * fragment read, the JPEG and the HTTP round trip only, which is the rest of each score; {@link #roundTripFloor}
 * is the HTTP round trip alone.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main ImagesBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ImagesBenchmark {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int FRAME_RATE = 30;
    private static final int GOP_FRAMES = 2 * FRAME_RATE;
    private static final int FRAGMENTS = 2;
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIDDLE_OF_GOP_MILLIS = 1_000;
    private static final int SAMPLING_INTERVAL_MILLIS = 1_000;
    /** The ListFragments range of the round-trip floor: the whole recording. */
    private static final long RANGE_MILLIS = FRAGMENTS * GOP_FRAMES * 1000L / FRAME_RATE;
    private static final String STREAM = "bench-images";

    /** {@code media-store.images.picture-cache-size}: 0 decodes on every call. */
    @Param({"0", "64MiB"})
    public String pictureCache;

    private InProcessStore store;
    private KinesisVideoArchivedMediaClient client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        store = new InProcessStore(STREAM, Map.of("media-store.images.picture-cache-size", pictureCache));
        store.upload(recording(), T0, FRAGMENTS);
        client = store.client();
        if (gopStart() == null || midGop() == null) {
            throw new IllegalStateException("the stored stream gave no image");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        store.close();
    }

    @Benchmark
    public String gopStart() {
        return image(T0 + GOP_FRAMES * 1000L / FRAME_RATE);
    }

    @Benchmark
    public String midGop() {
        return image(T0 + GOP_FRAMES * 1000L / FRAME_RATE + MIDDLE_OF_GOP_MILLIS);
    }

    /**
     * The floor under both: a ListFragments round trip with the same client, server and stream (SigV4, loopback HTTP,
     * JSON), no media read. An image's own cost is its score minus this.
     */
    @Benchmark
    public int roundTripFloor() {
        return client.listFragments(b -> b.streamName(STREAM).fragmentSelector(f -> f
                .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP).timestampRange(r -> r
                        .startTimestamp(Instant.ofEpochMilli(T0)).endTimestamp(Instant.ofEpochMilli(T0 + RANGE_MILLIS)))))
                .fragments().size();
    }

    private String image(long millis) {
        Instant at = Instant.ofEpochMilli(millis);
        return client.getImages(b -> b.streamName(STREAM).imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP)
                .startTimestamp(at).endTimestamp(at).samplingInterval(SAMPLING_INTERVAL_MILLIS).format(Format.JPEG))
                .images().get(0).imageContent();
    }

    /** Two 2 s fragments of 640x480 OpenH264 (constrained baseline, as WebRTC senders make it), video only. */
    private static byte[] recording() {
        List<RealH264.Frame> frames = RealH264.encode(WIDTH, HEIGHT, RealH264.CONSTRAINED_BASELINE,
                FRAGMENTS * GOP_FRAMES, GOP_FRAMES);
        AvcConfig avc = new AvcConfig(new H264Counters());
        for (RealH264.Frame f : frames) {
            f.nalUnits().forEach(nal -> avc.accept(nal, 0, nal.length));
        }
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(WIDTH, HEIGHT, avc.record()), null);
        FragmentWriter writer = new FragmentWriter(settings);
        writer.declareTracks(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array(), 0, header.length());
        for (int i = 0; i < frames.size(); i++) {
            long timecode = T0 + i * 1000L / FRAME_RATE;
            if (i % GOP_FRAMES == 0) {
                writer.startFragment(timecode, FragmentTags.NONE);
            }
            byte[] avcc = avcc(frames.get(i).nalUnits());
            MkvBuffer b = writer.writeFrame(StreamHeader.VIDEO_TRACK_NUMBER, timecode, frames.get(i).key(), avcc, 0,
                    avcc.length);
            out.write(b.array(), 0, b.length());
        }
        writer.closeFragment();
        return out.toByteArray();
    }

    /** NAL units with 4-byte length prefixes, as MKV's V_MPEG4/ISO/AVC stores an access unit. */
    private static byte[] avcc(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }
}
