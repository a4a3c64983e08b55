package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.session.media.ParticipantId;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@code recorder.fragments.cluster-size}: with KNOWN each fragment's Cluster states exactly the bytes that follow
 * its size (so a receiver can persist it at its last byte); with UNKNOWN it carries RFC 8794's unknown size, as the
 * KVS producer SDKs write it; AUTO picks KNOWN for the local store and UNKNOWN for AWS.
 */
class ClusterSizeTest {
    private static final byte[] CLUSTER_ID = {0x1F, 0x43, (byte) 0xB6, 0x75};

    @Test
    void knownSizesCountTheClustersBytesAndUnknownOnesAreTheSdksMarker() {
        for (String mode : new String[] {"KNOWN", "UNKNOWN"}) {
            CollectingSink sink = record(mode);
            assertThat(sink.fragmentTimecodes()).hasSizeGreaterThanOrEqualTo(2);
            for (CollectingSink.Item item : sink.items) {
                if (item.header()) {
                    continue;
                }
                byte[] f = item.bytes();
                int at = indexOf(f, CLUSTER_ID) + CLUSTER_ID.length;
                long size = ByteBuffer.wrap(f, at, Long.BYTES).getLong();
                if (mode.equals("KNOWN")) {
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

    private static RecorderSettings settings(String mode, String target) {
        return RecorderSettings.from(ConfigFactory.parseString("recorder.fragments.cluster-size = " + mode
                + ", recorder.target = " + target).withFallback(ConfigFactory.defaultReference()));
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
        recorder.disconnected(ParticipantId.MASTER);
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
