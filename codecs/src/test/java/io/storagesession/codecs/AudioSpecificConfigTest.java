package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void ffmpegsNoSbrExtensionIsDroppedAndThePlainFormKept() {
        // FFmpeg 7.1's native encoder, 48 kHz mono: 1188 then sync extension 0x2B7, object type 5, sbrPresentFlag 0
        assertThat(AudioSpecificConfig.aacLc(hex("118856e500"))).containsExactly(0x11, 0x88);
        assertThat(AudioSpecificConfig.aacLc(hex("1190"))).containsExactly(0x11, 0x90);
    }

    @Test
    void anythingButPlainAacLcIsRefused() {
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(hex("11"))).hasMessageContaining("too short");
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(hex("2b88"))).as("object type 5, HE-AAC")
                .hasMessageContaining("not a plain AAC LC");
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(hex("1789"))).as("frequency index 15")
                .hasMessageContaining("not a plain AAC LC");
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(hex("118c"))).as("frameLengthFlag: 960-sample frames")
                .hasMessageContaining("not a plain AAC LC");
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(hex("118856e580"))).as("SBR present")
                .hasMessageContaining("other than");
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(hex("118800"))).hasMessageContaining("other than");
    }

    @Test
    void aacLcIsBuiltFromRateAndChannels() {
        assertThat(AudioSpecificConfig.aacLc(48_000, 2)).containsExactly(0x11, 0x90);
        assertThat(AudioSpecificConfig.aacLc(44_100, 1)).containsExactly(0x12, 0x08);
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(48_000, 3)).hasMessageContaining("mono or stereo");
        assertThatThrownBy(() -> AudioSpecificConfig.aacLc(47_000, 1)).hasMessageContaining("no AAC sampling");
    }

    @Test
    void fieldsAreReadWhereTheySit() {
        byte[] stereo48 = hex("1190");
        assertThat(AudioSpecificConfig.objectType(stereo48)).isEqualTo(2);
        assertThat(AudioSpecificConfig.samplingFrequencyIndex(stereo48)).isEqualTo(3);
        assertThat(AudioSpecificConfig.channelConfiguration(stereo48)).isEqualTo(2);
        assertThat(AudioSpecificConfig.frameSamples(stereo48)).isEqualTo(1024);
        assertThat(AudioSpecificConfig.frameSamples(hex("1194"))).as("frameLengthFlag").isEqualTo(960);
        assertThat(AudioSpecificConfig.frameSamples(hex("11"))).as("too short for the flag").isEqualTo(1024);
        assertThat(AudioSpecificConfig.objectType(hex("2b88"))).as("HE-AAC").isEqualTo(5);
    }
}
