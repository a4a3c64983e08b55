package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored avcC record taken apart (ISO/IEC 14496-15 §5.3.3.1), whole and as a hostile upload may truncate it. */
class AvcRecordReadingTest {
    private static final byte[] SPS = SequenceParameterSetTest.OPENH264_320X240;
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};

    private static byte[] record() {
        AvcConfig config = new AvcConfig(new H264Counters());
        config.accept(SPS, 0, SPS.length);
        config.accept(PPS, 0, PPS.length);
        return config.record();
    }

    private static List<byte[]> parameterSets(byte[] record) {
        List<byte[]> sets = new ArrayList<>();
        AvcConfig.forEachParameterSet(record, (r, offset, length) -> sets.add(Arrays.copyOfRange(r, offset,
                offset + length)));
        return sets;
    }

    @Test
    void profileAndLevelAreTheSpsBytes() {
        byte[] record = record();
        assertThat(AvcConfig.profileIndication(record)).isEqualTo(SPS[1] & 0xFF);
        assertThat(AvcConfig.profileCompatibility(record)).isEqualTo(SPS[2] & 0xFF);
        assertThat(AvcConfig.levelIndication(record)).isEqualTo(SPS[3] & 0xFF);
    }

    @Test
    void parameterSetsComeOutSpsFirst() {
        assertThat(parameterSets(record())).containsExactly(SPS, PPS);
    }

    @Test
    void aTruncatedRecordYieldsOnlyWhatFitsWhole() {
        byte[] record = record();
        assertThat(parameterSets(Arrays.copyOf(record, 5))).as("no SPS count").isEmpty();
        assertThat(parameterSets(Arrays.copyOf(record, 8 + SPS.length - 1))).as("SPS cut short").isEmpty();
        assertThat(parameterSets(Arrays.copyOf(record, 8 + SPS.length))).as("no PPS count").containsExactly(SPS);
        assertThat(parameterSets(Arrays.copyOf(record, record.length - 1))).as("PPS cut short")
                .containsExactly(SPS);
    }
}
