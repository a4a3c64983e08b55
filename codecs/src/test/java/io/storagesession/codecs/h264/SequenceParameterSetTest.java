package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Picture size and profile from real SPS bytes and from hand-written ones that use the syntax real encoders leave
 * out (field coding, scaling lists, other chroma formats). The real ones were printed by {@link RealH264} (OpenH264
 * through FFmpeg 7.1's libopenh264, what Chromium's software encoder is) and are also checked live below.
 */
class SequenceParameterSetTest {
    /** OpenH264, constrained baseline level 1.3 (42c00d), 320x240. */
    static final byte[] OPENH264_320X240 = hex("6742c00d8c8d40a0f900f08846a0");
    /** OpenH264, High with constraint_set4/5 (640c1e, as libwebrtc's 640c1f), 640x480. */
    static final byte[] OPENH264_HIGH_640X480 = hex("67640c1eac191a80a03da01e1108d4");
    /** OpenH264, High, 640x360: 23 macroblock rows cropped by 8 lines. */
    static final byte[] OPENH264_HIGH_640X360 = hex("67640c1eac191a80a02ff9601e1108d4");
    /** OpenH264, Main (4d4c1f), 1280x720. */
    static final byte[] OPENH264_MAIN_1280X720 = hex("674d4c1f8c8d402802dd00f08846a0");
    /** OpenH264, Main, 320x180: cropped by 12 lines. */
    static final byte[] OPENH264_MAIN_320X180 = hex("674d4c0d8c8d40a0cbcf00f08846a0");

    private final SequenceParameterSet sps = new SequenceParameterSet();

    @Test
    void realOpenH264ParameterSets() {
        assertSize(OPENH264_320X240, 320, 240);
        assertThat(sps.profileIdc()).isEqualTo(66);
        assertThat(sps.constraintFlags()).isEqualTo(0xc0);
        assertThat(sps.levelIdc()).isEqualTo(13);
        assertSize(OPENH264_HIGH_640X480, 640, 480);
        assertThat(sps.profileIdc()).isEqualTo(100);
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
        assertSize(OPENH264_HIGH_640X360, 640, 360);
        assertSize(OPENH264_MAIN_1280X720, 1280, 720);
        assertThat(sps.profileIdc()).isEqualTo(77);
        assertSize(OPENH264_MAIN_320X180, 320, 180);
    }

    /** The profile-level-ids browsers negotiate differ only in bytes 1-3; the rest of the syntax is the same. */
    @Test
    void negotiatedProfileLevelIds() {
        for (String profileLevelId : List.of("42e01f", "42001f")) {
            assertSize(withProfileLevelId(OPENH264_320X240, profileLevelId), 320, 240);
            assertThat(sps.levelIdc()).isEqualTo(31);
        }
        assertSize(withProfileLevelId(OPENH264_MAIN_1280X720, "4d001f"), 1280, 720);
        assertSize(withProfileLevelId(OPENH264_HIGH_640X480, "640c1f"), 640, 480);
        assertThat(sps.constraintFlags()).isEqualTo(0x0c);
    }

    @Property(tries = 12)
    void matchesWhatOpenH264WasAskedFor(@ForAll @IntRange(min = 8, max = 640) int halfWidth,
                                        @ForAll @IntRange(min = 8, max = 360) int halfHeight, @ForAll boolean high) {
        int width = 2 * halfWidth;
        int height = 2 * halfHeight;
        RealH264.Frame first = RealH264.encode(width, height, high ? RealH264.HIGH : RealH264.CONSTRAINED_BASELINE,
                1, 30).get(0);
        byte[] spsNal = first.nalUnits().stream().filter(n -> NalUnitType.of(n[0]) == NalUnitType.SPS).findFirst()
                .orElseThrow();
        assertSize(spsNal, width, height);
        assertThat(sps.profileIdc()).isEqualTo(high ? 100 : 66);
    }

    /** 1080i: field coding doubles the map units and the vertical crop unit (§7.4.2.1.1), plus High's extras. */
    @Test
    void interlacedHighWithScalingListsAndPocType1() {
        BitWriter w = start(100, 40);
        w.ue(1).ue(0).ue(0).flag(false); // 4:2:0, 8 bit, no transform bypass
        w.flag(true); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++) {
            w.flag(i % 3 != 2);
            if (i % 3 != 2) {
                int size = i < 6 ? 16 : 64;
                for (int j = 0; j < size; j++) {
                    w.se(i == 1 && j == 3 ? -15 : j % 2 == 0 ? 5 : -3); // list 1: back to 0 at j = 3, which ends it
                    if (i == 1 && j == 3) {
                        break;
                    }
                }
            }
        }
        w.ue(0); // log2_max_frame_num_minus4
        w.ue(1).flag(false).se(-2).se(1).ue(3).se(4).se(-5).se(6); // POC type 1 with a 3-frame cycle
        w.ue(4).flag(false).ue(119).ue(33).flag(false).flag(true).flag(true); // 120x34 map units, fields, MBAFF, 8x8
        w.flag(true).ue(0).ue(0).ue(0).ue(2); // cropping: 2 units of 4 lines (2 chroma lines x 2 fields) at the bottom
        assertSize(w.nalUnit(0x67), 1920, 1080);
        assertThat(sps.frameMbsOnly()).isFalse();
    }

    @Test
    void chroma422CropsTwoColumnsAndOneLinePerUnit() {
        BitWriter w = start(122, 31);
        w.ue(2).ue(2).ue(2).flag(false).flag(false); // 4:2:2, 10 bit
        w.ue(0).ue(2).ue(1).flag(false).ue(39).ue(29).flag(true).flag(true);
        w.flag(true).ue(0).ue(3).ue(0).ue(5);
        assertSize(w.nalUnit(0x67), 640 - 6, 480 - 5);
        assertThat(sps.bitDepthLuma()).isEqualTo(10);
    }

    @Test
    void separateColourPlanesCropInLumaSamples() {
        BitWriter w = start(244, 31);
        w.ue(3).flag(true).ue(0).ue(0).flag(false).flag(true); // 4:4:4 as three planes, scaling matrix present
        for (int i = 0; i < 12; i++) {
            w.flag(i == 11);
        }
        for (int j = 0; j < 64; j++) {
            w.se(1);
        }
        w.ue(0).ue(0).ue(0).ue(1).flag(false).ue(19).ue(14).flag(true).flag(true);
        w.flag(true).ue(1).ue(2).ue(3).ue(4);
        assertSize(w.nalUnit(0x67), 320 - 3, 240 - 7);
    }

    @Test
    void monochromeCropsInLumaSamples() {
        BitWriter w = start(100, 30);
        w.ue(0).ue(0).ue(0).flag(false).flag(false);
        w.ue(0).ue(2).ue(1).flag(false).ue(19).ue(14).flag(true).flag(true);
        w.flag(true).ue(0).ue(1).ue(0).ue(1);
        assertSize(w.nalUnit(0x67), 319, 239);
    }

    @Test
    void refusesWhatNoLevelAllowsOrCropsAway() {
        assertThat(sps.parse(baseline(2000, 10, 0), 0, baseline(2000, 10, 0).length)).isFalse();
        byte[] croppedAway = baseline(2, 2, 16);
        assertThat(sps.parse(croppedAway, 0, croppedAway.length)).isFalse();
        byte[] fine = baseline(20, 15, 0);
        assertSize(fine, 320, 240);
    }

    @Test
    void refusesWrongTypeAndOverlongCodes() {
        byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
        assertThat(sps.parse(pps, 0, pps.length)).isFalse();
        byte[] longCode = {0x67, 0x42, 0, 0x1f, 0, 0, 0, 0, 0, 1};
        assertThat(sps.parse(longCode, 0, longCode.length)).isFalse();
        assertThat(sps.parse(null, 0, 0)).isFalse();
        assertThat(sps.parse(OPENH264_320X240, 10, 10)).isFalse();
    }

    @Test
    void truncationNeverThrowsNorInventsASize() {
        for (byte[] real : List.of(OPENH264_320X240, OPENH264_HIGH_640X360, OPENH264_MAIN_1280X720)) {
            assertThat(sps.parse(real, 0, real.length)).isTrue();
            int width = sps.width();
            int height = sps.height();
            for (int len = 0; len < real.length; len++) {
                byte[] cut = Arrays.copyOf(real, len);
                boolean ok = sps.parse(cut, 0, len);
                if (ok) {
                    assertThat(sps.width()).isEqualTo(width);
                    assertThat(sps.height()).isEqualTo(height);
                }
            }
            assertThat(sps.parse(real, 0, real.length / 2)).isFalse();
        }
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] b = new byte[1 + random.nextInt(40)];
        random.nextBytes(b);
        b[0] = 0x67;
        if (b.length > 1 && random.nextBoolean()) {
            b[1] = (byte) 100;
        }
        assertThatCode(() -> sps.parse(b, 0, b.length)).doesNotThrowAnyException();
    }

    private void assertSize(byte[] nal, int width, int height) {
        assertThat(sps.parse(nal, 0, nal.length)).as(HexFormat.of().formatHex(nal)).isTrue();
        assertThat(sps.width()).isEqualTo(width);
        assertThat(sps.height()).isEqualTo(height);
    }

    private static BitWriter start(int profile, int level) {
        return new BitWriter().u(8, profile).u(8, 0).u(8, level).ue(0);
    }

    /** A constrained baseline SPS of this many macroblocks, cropped at the bottom by this many 2-line units. */
    private static byte[] baseline(int widthMbs, int heightMbs, int cropBottom) {
        BitWriter w = start(66, 31).ue(0).ue(2).ue(1).flag(false).ue(widthMbs - 1).ue(heightMbs - 1).flag(true)
                .flag(true).flag(cropBottom > 0);
        if (cropBottom > 0) {
            w.ue(0).ue(0).ue(0).ue(cropBottom);
        }
        w.flag(false); // vui_parameters_present_flag
        return w.nalUnit(0x67);
    }

    private static byte[] withProfileLevelId(byte[] sps, String profileLevelId) {
        byte[] copy = sps.clone();
        System.arraycopy(HexFormat.of().parseHex(profileLevelId), 0, copy, 1, 3);
        return copy;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
