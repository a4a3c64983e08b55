package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The avcC record read back field by field (ISO/IEC 14496-15 §5.2.4.1), and when the configuration changes. */
class AvcConfigTest {
    private static final byte[] SPS = SequenceParameterSetTest.OPENH264_320X240;
    private static final byte[] HIGH_SPS = SequenceParameterSetTest.OPENH264_HIGH_640X480;
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    private static final byte[] HIGH_PPS = {0x68, (byte) 0xee, 0x3c, (byte) 0x80};

    private final H264Counters counters = new H264Counters();
    private final AvcConfig config = new AvcConfig(counters);

    private boolean accept(byte[] nal) {
        return config.accept(nal, 0, nal.length);
    }

    @Test
    void baselineRecordCarriesTheParameterSetsBehindTheirLengths() {
        assertThat(config.ready()).isFalse();
        assertThat(config.recordLength()).isZero();
        assertThat(accept(SPS)).isTrue();
        assertThat(config.ready()).isFalse();
        assertThat(accept(PPS)).isTrue();
        ByteBuffer r = ByteBuffer.wrap(config.record());
        assertThat(r.get()).as("configurationVersion").isEqualTo((byte) 1);
        assertThat(r.get()).as("AVCProfileIndication").isEqualTo(SPS[1]);
        assertThat(r.get()).as("profile_compatibility").isEqualTo(SPS[2]);
        assertThat(r.get()).as("AVCLevelIndication").isEqualTo(SPS[3]);
        assertThat(r.get() & 0xFF).as("reserved + lengthSizeMinusOne 3").isEqualTo(0xFF);
        assertThat(r.get() & 0xFF).as("reserved + one SPS").isEqualTo(0xE1);
        assertThat(readSet(r)).isEqualTo(SPS);
        assertThat(r.get()).as("one PPS").isEqualTo((byte) 1);
        assertThat(readSet(r)).isEqualTo(PPS);
        assertThat(r.hasRemaining()).as("no High extension for Baseline").isFalse();
        assertThat(config.sps().width()).isEqualTo(320);
        assertThat(config.sps().height()).isEqualTo(240);
    }

    @Test
    void highProfileRecordEndsWithChromaAndBitDepths() {
        accept(HIGH_SPS);
        accept(HIGH_PPS);
        ByteBuffer r = ByteBuffer.wrap(config.record());
        r.position(6);
        assertThat(readSet(r)).isEqualTo(HIGH_SPS);
        r.get();
        assertThat(readSet(r)).isEqualTo(HIGH_PPS);
        assertThat(r.get() & 0xFF).as("reserved + chroma_format 4:2:0").isEqualTo(0xFC | 1);
        assertThat(r.get() & 0xFF).as("reserved + bit_depth_luma_minus8").isEqualTo(0xF8);
        assertThat(r.get() & 0xFF).as("reserved + bit_depth_chroma_minus8").isEqualTo(0xF8);
        assertThat(r.get()).as("numOfSequenceParameterSetExt").isZero();
        assertThat(r.hasRemaining()).isFalse();
        byte[] into = new byte[config.recordLength() + 3];
        assertThat(config.writeRecord(into, 3)).isEqualTo(config.recordLength());
    }

    @Test
    void reportsAChangeOnlyWhenAParameterSetDiffers() {
        accept(SPS);
        accept(PPS);
        assertThat(accept(SPS)).isFalse();
        assertThat(accept(PPS)).isFalse();
        assertThat(accept(new byte[] {0x65, 1, 2})).as("not a parameter set").isFalse();
        assertThat(accept(HIGH_SPS)).isTrue();
        assertThat(config.sps().width()).isEqualTo(640);
        assertThat(accept(HIGH_PPS)).isTrue();
        assertThat(accept(HIGH_SPS)).isFalse();
    }

    @Test
    void takesTheParameterSetsOfAnAccessUnit() {
        AccessUnit unit = unitOf(SPS, PPS, new byte[] {0x65, (byte) 0x88, 1});
        assertThat(config.accept(unit)).isTrue();
        assertThat(config.ready()).isTrue();
        assertThat(config.accept(unit)).isFalse();
        assertThat(config.accept(unitOf(new byte[] {0x41, 1}))).isFalse();
    }

    @Test
    void ignoresParameterSetsItCannotUse() {
        accept(SPS);
        accept(PPS);
        byte[] record = config.record();
        assertThat(accept(new byte[] {0x67, 0x42})).isFalse();
        assertThat(accept(java.util.Arrays.copyOf(SPS, 6))).isFalse();
        assertThat(accept(new byte[] {0x68})).isFalse();
        assertThat(accept(new byte[] {0x68, 0, 0, 0, 0, 0})).as("PPS id beyond 32 bits").isFalse();
        assertThat(accept(new byte[0])).isFalse();
        assertThat(counters.parameterSetsMalformed()).isEqualTo(4);
        assertThat(config.record()).isEqualTo(record);
        assertThat(config.sps().width()).isEqualTo(320);
    }

    private static byte[] readSet(ByteBuffer r) {
        byte[] b = new byte[r.getShort() & 0xFFFF];
        r.get(b);
        return b;
    }

    private static AccessUnit unitOf(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.writeBytes(Packetizer.avcc(java.util.List.of(n)));
        }
        AccessUnit unit = new AccessUnit();
        byte[] data = out.toByteArray();
        unit.set(data, data.length, 0, false);
        return unit;
    }

    @Test
    void theReceiverHoldsPicturesBackUntilBothParameterSetsAreKnown() {
        java.util.List<Integer> delivered = new java.util.ArrayList<>();
        H264Receiver receiver = new H264Receiver(H264Settings.defaults(),
                (unit, c, changed) -> delivered.add(unit.timestamp()));
        byte[][] packets = {
            Packetizer.rtp(1, 1000, true, new byte[] {0x67, 0x42}), // an SPS too short to use, then an IDR
            Packetizer.rtp(2, 1000, true, new byte[] {0x65, 1}),
            Packetizer.rtp(3, 4000, false, SPS),
            Packetizer.rtp(4, 4000, false, PPS),
            Packetizer.rtp(5, 4000, true, new byte[] {0x65, 2}),
        };
        long now = 0;
        for (byte[] p : packets) {
            receiver.receive(p, 0, p.length, now);
        }
        assertThat(receiver.keyframeNeeded()).isTrue();
        receiver.poll(now + 200_000_000L);
        assertThat(delivered).containsExactly(4000);
        assertThat(receiver.counters().accessUnitsWithoutParameterSets()).isEqualTo(1);
        assertThat(receiver.keyframeNeeded()).isFalse();
    }
}
