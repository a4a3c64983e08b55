package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.recorder.mkv.VideoTrack;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@code recorder.fragments.cluster-size}: with KNOWN each fragment's Cluster states exactly the bytes that follow
 * its size (so a receiver can persist it at its last byte) — also when the size field straddles two of the chunks the
 * fragment is written into; with UNKNOWN it carries RFC 8794's unknown size, as the KVS producer SDKs write it; AUTO
 * picks KNOWN for the local store and UNKNOWN for AWS.
 */
class ClusterSizeTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final byte[] CLUSTER_ID = {0x1F, 0x43, (byte) 0xB6, 0x75};

    @Test
    void knownSizesCountTheClustersBytesAndUnknownOnesAreTheSdksMarker() {
        for (String mode : new String[] {"KNOWN", "UNKNOWN", "KNOWN in 7-byte chunks"}) {
            CollectingSink sink = record(mode);
            assertThat(sink.fragmentTimecodes()).hasSizeGreaterThanOrEqualTo(2);
            for (CollectingSink.Item item : sink.items) {
                if (item.header()) {
                    continue;
                }
                byte[] f = item.bytes();
                int at = indexOf(f, CLUSTER_ID) + CLUSTER_ID.length;
                long size = ByteBuffer.wrap(f, at, Long.BYTES).getLong();
                if (mode.startsWith("KNOWN")) {
                    assertThat(size).isEqualTo(0x0100_0000_0000_0000L | (f.length - at - Long.BYTES));
                } else {
                    assertThat(size).isEqualTo(0x01FF_FFFF_FFFF_FFFFL);
                }
            }
        }
    }

    @Test
    void autoFollowsTheTarget() {
        assertThat(settings("AUTO", "local").sizedClusters()).isTrue();
        assertThat(settings("AUTO", "aws").sizedClusters()).isFalse();
        assertThat(settings("UNKNOWN", "local").sizedClusters()).isFalse();
    }

    @Test
    void aFragmentTheSinkFailedOnLeavesNothingInTheNext() {
        // A sink that throws (an upload already closing) must not leave its fragment's bytes before the next one's.
        CollectingSink collected = new CollectingSink();
        boolean[] failed = new boolean[1];
        FragmentSink failingOnce = new FragmentSink() {
            @Override
            public void streamHeader(byte[] header, int off, int len) {
                collected.streamHeader(header, off, len);
            }

            @Override
            public void fragment(io.storagesession.recorder.putmedia.FragmentBytes bytes, long clusterTimecode) {
                if (!failed[0]) {
                    failed[0] = true;
                    throw new IllegalStateException("the upload is closing");
                }
                collected.fragment(bytes, clusterTimecode);
            }

            @Override
            public void end() {
                collected.end();
            }
        };
        RecorderCounters counters = new RecorderCounters();
        Recording recording = new Recording(settings("KNOWN", "local"), RecordedAudio.opus(), failingOnce, counters);
        VideoTrack track = new VideoTrack(640, 360, new byte[] {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1});
        byte[] frame = new byte[3000];
        new java.util.Random(2).nextBytes(frame);
        int refused = 0;
        for (long t = 0; t < 7_000; t += 20) {
            try {
                recording.video(T0 + t, t % 1000 == 0, track, frame, t % 1000 == 0 ? 3000 : 600);
                recording.mixed(T0 + t, null, frame, 0, 80);
            } catch (IllegalStateException e) {
                refused++;
            }
        }
        recording.end();
        assertThat(refused).isOne();
        assertThat(collected.fragmentTimecodes()).hasSizeGreaterThanOrEqualTo(2);
        for (CollectingSink.Item item : collected.items) {
            if (!item.header()) {
                byte[] f = item.bytes();
                assertThat(indexOf(f, CLUSTER_ID)).as("the Cluster begins the fragment").isZero();
                assertThat(ByteBuffer.wrap(f, CLUSTER_ID.length, Long.BYTES).getLong()).as("its size, all that follows")
                        .isEqualTo(0x0100_0000_0000_0000L | (f.length - CLUSTER_ID.length - Long.BYTES));
            }
        }
    }

    private static RecorderSettings settings(String mode, String target) {
        String chunks = mode.endsWith("7-byte chunks") ? ", recorder.put-media.fragment-chunks.size = 7" : "";
        return RecorderSettings.from(ConfigFactory.parseString("recorder.fragments.cluster-size = "
                + mode.split(" ")[0] + ", recorder.target = " + target + chunks)
                .withFallback(ConfigFactory.defaultReference()));
    }

    private static CollectingSink record(String mode) {
        CollectingSink sink = new CollectingSink();
        SyntheticMaster.Clock clock = new SyntheticMaster.Clock();
        Recorder recorder = SyntheticMaster.recorder(settings(mode, "local"), RecordedAudio.opus(), () -> sink,
                () -> { }, clock);
        SyntheticMaster.connect(recorder);
        try (SyntheticMaster master = new SyntheticMaster(recorder, clock,
                new LiveH264(160, 120, RealH264.CONSTRAINED_BASELINE, SyntheticMaster.FPS), 0)) {
            master.run(0, 5_000);
        }
        recorder.masterDisconnected();
        return sink;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no Cluster in the fragment");
    }
}
