package io.storagesession.recorder.mkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The MKV writers' buffer: it grows to what it must hold, and a caller's buffer — or a caller that appends each
 * frame's head and then the frame itself, as the recorder does into its chunks — collects exactly what the writer's
 * own views would have held, frame after frame.
 */
class MkvBufferTest {
    private static final int VIDEO = StreamHeader.VIDEO_TRACK_NUMBER;
    private static final int AUDIO = StreamHeader.AUDIO_TRACK_NUMBER;

    @Test
    void aKeyframeLargerThanTheInitialSizeGrowsTheBufferAndIsKeptWhole() {
        FragmentWriter writer = new FragmentWriter(MkvSettings.defaults());
        MkvBuffer fragment = new MkvBuffer(64);
        byte[] keyframe = bytes(50_000, 3);
        writer.startFragment(1000, FragmentTags.NONE);
        writer.writeFrame(fragment, VIDEO, 1000, true, keyframe, 0, keyframe.length);

        assertThat(fragment.capacity()).isGreaterThanOrEqualTo(fragment.length()).isLessThan(2 * fragment.length());
        assertThat(Arrays.copyOfRange(fragment.array(), fragment.length() - keyframe.length, fragment.length()))
                .isEqualTo(keyframe);
    }

    @Test
    void framesAppendedToTheCallersBufferAreTheViewsOneAfterAnother() {
        FragmentWriter viewWriter = new FragmentWriter(MkvSettings.defaults());
        FragmentWriter appendingWriter = new FragmentWriter(MkvSettings.defaults());
        MkvBuffer views = new MkvBuffer(16);
        MkvBuffer appended = new MkvBuffer(16);
        viewWriter.startFragment(5000, FragmentTags.builder().add("camera", "front").build());
        appendingWriter.startFragment(5000, FragmentTags.builder().add("camera", "front").build());
        int[] clusterSize = new int[2];
        for (int i = 0; i < 40; i++) {
            int track = i % 3 == 2 ? AUDIO : VIDEO;
            byte[] frame = bytes(i == 0 ? 9000 : 100 + 37 * i, i);
            long timecode = 5000 + 10L * i;
            int before = views.length();
            views.append(viewWriter.writeFrame(track, timecode, i == 0, frame, 0, frame.length));
            if (viewWriter.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                clusterSize[0] = before + viewWriter.clusterSizeOffset();
            }
            appendingWriter.writeFrame(appended, track, timecode, i == 0, frame, 0, frame.length);
            if (appendingWriter.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                clusterSize[1] = appendingWriter.clusterSizeOffset();
            }
        }
        assertThat(appended.toByteArray()).isEqualTo(views.toByteArray());
        assertThat(clusterSize[1]).isEqualTo(clusterSize[0]).isPositive();
    }

    @Test
    void aFramesHeadFollowedByTheFrameIsWhatTheWholeViewHolds() {
        FragmentWriter viewWriter = new FragmentWriter(MkvSettings.defaults());
        FragmentWriter headWriter = new FragmentWriter(MkvSettings.defaults());
        MkvBuffer views = new MkvBuffer(16);
        MkvBuffer heads = new MkvBuffer(16);
        FragmentTags tags = FragmentTags.builder().add("camera", "front").build();
        viewWriter.startFragment(5000, tags);
        headWriter.startFragment(5000, tags);
        int[] clusterSize = new int[2];
        for (int i = 0; i < 40; i++) {
            int track = i % 3 == 2 ? AUDIO : VIDEO;
            byte[] frame = bytes(i == 0 ? 9000 : 100 + 37 * i, i);
            int before = views.length();
            views.append(viewWriter.writeFrame(track, 5000 + 10L * i, i == 0, frame, 0, frame.length));
            if (viewWriter.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                clusterSize[0] = before + viewWriter.clusterSizeOffset();
            }
            before = heads.length();
            heads.append(headWriter.writeFrameHead(track, 5000 + 10L * i, i == 0, frame, 0, frame.length));
            if (headWriter.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                clusterSize[1] = before + headWriter.clusterSizeOffset();
            }
            heads.put(frame, 0, frame.length);
        }
        assertThat(heads.toByteArray()).isEqualTo(views.toByteArray());
        assertThat(clusterSize[1]).isEqualTo(clusterSize[0]).isPositive();
        assertThat(headWriter.viewCapacity()).as("the view holds heads, not the 9000-byte keyframe")
                .isEqualTo(MkvSettings.defaults().initialBufferBytes());
        assertThatThrownBy(() -> headWriter.writeFrameHead(AUDIO, 0, true, new byte[1], 0, 1))
                .isInstanceOf(MkvRefusal.class);
    }

    @Test
    void aRefusedFrameAppendsNothing() {
        FragmentWriter writer = new FragmentWriter(MkvSettings.defaults());
        MkvBuffer fragment = new MkvBuffer(16);
        writer.startFragment(0, FragmentTags.NONE);
        byte[] frame = bytes(10, 1);
        assertThatThrownBy(() -> writer.writeFrame(fragment, AUDIO, 0, true, frame, 0, frame.length))
                .isInstanceOf(MkvRefusal.class);
        assertThatThrownBy(() -> writer.writeFrame(fragment, VIDEO, 0, true, frame, 5, 6))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(fragment.length()).isZero();
    }

    @Test
    void aBufferWithAGrowthShareGrowsByItRatherThanDoubling() {
        MkvBuffer buffer = new MkvBuffer(1000, 0.25);
        byte[] content = bytes(1001, 4);
        buffer.put(content, 0, content.length);
        assertThat(buffer.capacity()).isEqualTo(1250);
        buffer.put(content, 0, 1000);
        assertThat(buffer.capacity()).isEqualTo(2001);
        assertThat(Arrays.copyOf(buffer.array(), 1001)).isEqualTo(content);
        assertThatThrownBy(() -> new MkvBuffer(1000, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
