package io.storagesession.recorder.mkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What KVS would reject is refused up front with the reason (and KVS ErrorId), and nothing is written for it. */
class FragmentWriterRefusalTest {
    private static final int VIDEO = StreamHeader.VIDEO_TRACK_NUMBER;
    private static final int AUDIO = StreamHeader.AUDIO_TRACK_NUMBER;
    private static final byte[] FRAME = {1, 2, 3, 4};

    private final FragmentWriter writer = new FragmentWriter(MkvSettings.defaults());

    @Test
    void fragmentNotStartingWithVideoKeyframeIsRefused() {
        writer.startFragment(1000, FragmentTags.NONE);
        assertRefused(() -> write(VIDEO, 1000, false), MkvRefusal.Reason.FIRST_FRAME_NOT_VIDEO_KEYFRAME, 4006);
        assertRefused(() -> write(AUDIO, 1000, true), MkvRefusal.Reason.FIRST_FRAME_NOT_VIDEO_KEYFRAME, 4006);
        assertThat(write(VIDEO, 1000, true).length()).as("the keyframe is then accepted").isPositive();
    }

    @Test
    void timecodeGoingBackwardsWithinATrackIsRefused() {
        writer.startFragment(1000, FragmentTags.NONE);
        write(VIDEO, 1000, true);
        write(AUDIO, 1020, true);
        write(VIDEO, 1040, false);
        assertRefused(() -> write(VIDEO, 1039, false), MkvRefusal.Reason.TIMECODE_BACKWARDS, 4004);
        assertRefused(() -> write(AUDIO, 1000, true), MkvRefusal.Reason.TIMECODE_BACKWARDS, 4004);
        write(AUDIO, 1020, true);
    }

    @Test
    void fragmentTimecodeGoingBackwardsIsRefused() {
        writer.startFragment(5000, FragmentTags.NONE);
        write(VIDEO, 5000, true);
        write(AUDIO, 5000, true);
        assertRefused(() -> writer.startFragment(4999, FragmentTags.NONE), MkvRefusal.Reason.TIMECODE_BACKWARDS, 4004);
    }

    @Test
    void frameBeyondSignedSixteenBitsOfTheClusterIsRefused() {
        writer.startFragment(0, FragmentTags.NONE);
        write(VIDEO, 0, true);
        write(VIDEO, Short.MAX_VALUE, false);
        assertRefused(() -> write(VIDEO, Short.MAX_VALUE + 1L, false),
                MkvRefusal.Reason.RELATIVE_TIMECODE_OUT_OF_RANGE, 4006);
    }

    @Test
    void closingAFragmentWithoutAudioIsRefusedAndTheCallerCanAskFirst() {
        writer.startFragment(0, FragmentTags.NONE);
        write(VIDEO, 0, true);
        assertThat(writer.everyTrackHasFrame()).isFalse();
        assertThat(writer.firstTrackWithoutFrame()).isEqualTo(AUDIO);
        assertRefused(writer::closeFragment, MkvRefusal.Reason.TRACK_WITHOUT_FRAME, 4011);
        assertRefused(() -> writer.startFragment(2000, FragmentTags.NONE), MkvRefusal.Reason.TRACK_WITHOUT_FRAME,
                4011);
        assertThat(writer.fragmentOpen()).as("the refused fragment stays open for more frames").isTrue();
        write(AUDIO, 20, true);
        assertThat(writer.everyTrackHasFrame()).isTrue();
        writer.startFragment(2000, FragmentTags.NONE);
        assertThat(writer.everyTrackHasFrame()).as("a new fragment starts empty").isFalse();
    }

    @Test
    void framesOutsideAFragmentOrForUndeclaredTracksAreRefused() {
        assertRefused(() -> write(VIDEO, 0, true), MkvRefusal.Reason.NO_FRAGMENT, 0);
        writer.startFragment(0, FragmentTags.NONE);
        assertRefused(() -> write(3, 0, true), MkvRefusal.Reason.UNKNOWN_TRACK, 4010);
    }

    @Test
    void badTagsAreRefused() {
        assertRefused(() -> FragmentTags.builder().add("AWS_KINESISVIDEO_FRAGMENT_NUMBER", "1"),
                MkvRefusal.Reason.BAD_TAG, 4009);
        assertRefused(() -> FragmentTags.builder().add("n".repeat(FragmentTags.MAX_NAME_BYTES + 1), "v"),
                MkvRefusal.Reason.BAD_TAG, 4009);
        assertRefused(() -> FragmentTags.builder().add("name", "v".repeat(FragmentTags.MAX_VALUE_BYTES + 1)),
                MkvRefusal.Reason.BAD_TAG, 4009);
        assertRefused(() -> FragmentTags.builder().add("", "v"), MkvRefusal.Reason.BAD_TAG, 4009);
        // limits count UTF-8 bytes, not characters: 65 two-byte characters are 130 bytes
        assertRefused(() -> FragmentTags.builder().add("é".repeat(65), "v"), MkvRefusal.Reason.BAD_TAG, 4009);
        FragmentTags.Builder ten = FragmentTags.builder();
        for (int i = 0; i < FragmentTags.MAX_TAGS; i++) {
            ten.add("tag" + i, "value");
        }
        assertRefused(() -> ten.add("eleventh", "value"), MkvRefusal.Reason.BAD_TAG, 4009);
        assertThat(ten.build().size()).isEqualTo(FragmentTags.MAX_TAGS);
        assertThat(FragmentTags.builder().add("n".repeat(FragmentTags.MAX_NAME_BYTES),
                "v".repeat(FragmentTags.MAX_VALUE_BYTES)).build().size()).as("limits are inclusive").isOne();
    }

    private MkvBuffer write(int track, long timecode, boolean keyframe) {
        return writer.writeFrame(track, timecode, keyframe, FRAME, 0, FRAME.length);
    }

    private static void assertRefused(ThrowingCallable call, MkvRefusal.Reason reason, int kvsErrorId) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MkvRefusal.class, refusal -> {
            assertThat(refusal.reason()).isEqualTo(reason);
            assertThat(refusal.reason().kvsErrorId()).isEqualTo(kvsErrorId);
        }).hasMessageStartingWith(reason.name());
    }
}
