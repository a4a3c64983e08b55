package io.storagesession.mediastore.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecStringsTest {
    @Test
    void avc1CarriesProfileConstraintsAndLevelFromTheAvcCRecord() {
        assertThat(CodecStrings.of(ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xE0, 0x1F, (byte) 0xFF}, 2, 2)))
                .isEqualTo("avc1.42e01f");
        assertThat(CodecStrings.of(ArchivedTrack.h264(1, new byte[] {1, 0x64, 0x00, 0x28, (byte) 0xFF}, 2, 2)))
                .isEqualTo("avc1.640028");
    }

    @Test
    void aacNamesItsAudioObjectTypeAndOpusIsOpus() {
        assertThat(CodecStrings.of(ArchivedTrack.aac(2, new byte[] {0x11, (byte) 0x90}, 48_000,
                2))).isEqualTo("mp4a.40.2");
        assertThat(CodecStrings.of(ArchivedTrack.aac(2, new byte[] {0x2B, (byte) 0x92, 0x08, 0x00}, 24_000, 2)))
                .as("HE-AAC object type 5").isEqualTo("mp4a.40.5");
        assertThat(CodecStrings.of(ArchivedTrack.opus(2, TestMedia.opusHead(1)))).isEqualTo("opus");
    }

    @Test
    void variantListJoinsVideoAndAudio() {
        assertThat(CodecStrings.of(List.of(ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1E}, 2, 2),
                ArchivedTrack.opus(2, TestMedia.opusHead(2))))).isEqualTo("avc1.42c01e,opus");
    }
}
