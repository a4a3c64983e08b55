package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transport stream's packet structure (ISO/IEC 13818-1 §2.4.3), read back packet by packet. */
class TsSegmentWriterTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1F, 0x11};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C};
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 5, 0x67, 0x42,
        (byte) 0xC0, 0x1F, 0x11, 1, 0, 3, 0x68, (byte) 0xCE, 0x3C};
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, AVCC, 320, 240);
    private static final ArchivedTrack AAC = ArchivedTrack.aac(2, new byte[] {0x11, (byte) 0x90}, 48_000, 2);

    private static byte[] write() {
        List<ArchivedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] nal = new byte[400 + i];
            nal[0] = (byte) (i == 0 ? 0x65 : 0x41);
            byte[] avcc = new byte[4 + nal.length];
            avcc[2] = (byte) (nal.length >>> 8);
            avcc[3] = (byte) nal.length;
            System.arraycopy(nal, 0, avcc, 4, nal.length);
            frames.add(new ArchivedFrame(1, T0 + i * 40L, i == 0, avcc));
            frames.add(new ArchivedFrame(2, T0 + i * 21L, true, new byte[20]));
        }
        ArchivedFragment fragment = new ArchivedFragment(new ArchivedFragmentInfo("1", T0, T0, 120, 0, 0, 0), frames);
        Mp4Buffer out = new Mp4Buffer(64);
        new TsSegmentWriter().write(out, List.of(VIDEO, AAC), fragment, 0);
        return out.toByteArray();
    }

    private static int pid(byte[] ts, int packet) {
        return ((ts[packet + 1] & 0x1F) << 8) | (ts[packet + 2] & 0xFF);
    }

    @Test
    void packetsAre188BytesWithSyncBytesAndPerPidContinuity() {
        byte[] ts = write();
        assertThat(ts.length % TsSegmentWriter.PACKET_BYTES).isZero();
        Map<Integer, Integer> last = new HashMap<>();
        for (int p = 0; p < ts.length; p += TsSegmentWriter.PACKET_BYTES) {
            assertThat(ts[p]).isEqualTo((byte) 0x47);
            int pid = pid(ts, p);
            int cc = ts[p + 3] & 0x0F;
            Integer previous = last.put(pid, cc);
            if (previous != null) {
                assertThat(cc).as("continuity_counter of PID " + pid).isEqualTo((previous + 1) & 0x0F);
            }
        }
        assertThat(last.keySet()).containsExactlyInAnyOrder(0, TsSegmentWriter.PMT_PID, TsSegmentWriter.FIRST_ES_PID,
                TsSegmentWriter.FIRST_ES_PID + 1);
    }

    @Test
    void patAndPmtAnnounceTheProgramWithValidCrcs() {
        byte[] ts = write();
        assertThat(pid(ts, 0)).isZero();
        int patLength = ((ts[6] & 0x0F) << 8) | (ts[7] & 0xFF);
        byte[] pat = java.util.Arrays.copyOfRange(ts, 5, 5 + 3 + patLength);
        assertThat(Crc32Mpeg.of(pat)).as("a section's CRC over itself and its CRC is 0").isZero();

        int pmt = TsSegmentWriter.PACKET_BYTES;
        assertThat(pid(ts, pmt)).isEqualTo(TsSegmentWriter.PMT_PID);
        int pmtLength = ((ts[pmt + 6] & 0x0F) << 8) | (ts[pmt + 7] & 0xFF);
        byte[] section = java.util.Arrays.copyOfRange(ts, pmt + 5, pmt + 5 + 3 + pmtLength);
        assertThat(Crc32Mpeg.of(section)).isZero();
        assertThat(section[12]).isEqualTo((byte) TsSegmentWriter.STREAM_TYPE_H264);
        assertThat(section[17]).isEqualTo((byte) TsSegmentWriter.STREAM_TYPE_AAC_ADTS);
    }

    @Test
    void theKeyframesPesStartsWithPcrRandomAccessAnAudAndTheParameterSets() {
        byte[] ts = write();
        int p = 2 * TsSegmentWriter.PACKET_BYTES;
        assertThat(pid(ts, p)).isEqualTo(TsSegmentWriter.FIRST_ES_PID);
        assertThat(ts[p + 1] & 0x40).as("payload_unit_start_indicator").isNotZero();
        assertThat(ts[p + 3] & 0x30).as("adaptation field and payload").isEqualTo(0x30);
        assertThat(ts[p + 5] & 0x50).as("random_access and PCR flags").isEqualTo(0x50);
        int pes = p + 4 + 1 + (ts[p + 4] & 0xFF);
        assertThat(new byte[] {ts[pes], ts[pes + 1], ts[pes + 2], ts[pes + 3]})
                .isEqualTo(new byte[] {0, 0, 1, (byte) 0xE0});
        int es = pes + 14;
        byte[] expected = new byte[6 + 4 + SPS.length + 4 + PPS.length + 4];
        int at = 0;
        for (byte[] part : new byte[][] {{0, 0, 0, 1, 9, (byte) 0xF0}, {0, 0, 0, 1}, SPS, {0, 0, 0, 1}, PPS,
            {0, 0, 0, 1}}) {
            System.arraycopy(part, 0, expected, at, part.length);
            at += part.length;
        }
        assertThat(java.util.Arrays.copyOfRange(ts, es, es + expected.length)).isEqualTo(expected);
        assertThat(ts[es + expected.length]).as("then the IDR slice").isEqualTo((byte) 0x65);
    }

    @Test
    void aacFramesGetAdtsHeaders() {
        byte[] ts = write();
        for (int p = 0; p < ts.length; p += TsSegmentWriter.PACKET_BYTES) {
            if (pid(ts, p) == TsSegmentWriter.FIRST_ES_PID + 1 && (ts[p + 1] & 0x40) != 0) {
                int payload = p + 4 + ((ts[p + 3] & 0x20) != 0 ? 1 + (ts[p + 4] & 0xFF) : 0);
                int adts = payload + 14;
                assertThat(ts[adts] & 0xFF).isEqualTo(0xFF);
                assertThat(ts[adts + 1] & 0xF6).as("sync, MPEG-4, layer 0").isEqualTo(0xF0);
                int length =
                        ((ts[adts + 3] & 0x03) << 11) | ((ts[adts + 4] & 0xFF) << 3) | ((ts[adts + 5] & 0xFF) >>> 5);
                assertThat(length).isEqualTo(7 + 20);
                return;
            }
        }
        throw new AssertionError("no audio PES");
    }
}
