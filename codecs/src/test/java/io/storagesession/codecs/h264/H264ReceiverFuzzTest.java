package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.codecs.rtp.Rtp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the recorder's H.264 receive path ({@link H264Receiver}: jitter buffer, RFC 6184
 * depacketizer, access unit assembler, avcC) with the RTP payloads a master can send. The contract: any sequence of
 * packets is taken or counted as dropped, never an exception; each access unit delivered is a walk of 4-byte length
 * prefixes (ISO/IEC 14496-15 §5.3.2) that ends exactly at its length, within {@code max-access-unit-bytes}; and the
 * avcC record built from the parameter sets in force reads back as one SPS and one PPS (§5.3.3.1).
 *
 * <p>The input is a list of packets, each a control byte, a 16-bit length and that many bytes. The control byte's
 * bits: {@link #MARKER}, {@link #NEXT_PICTURE} (a new timestamp), {@link #SEQUENCE_STEP} (next, same, skip one or
 * back one), {@link #WAIT_OUT} (the jitter wait passes first) and {@link #RAW_PACKET} (the bytes are a whole RTP packet
 * rather than a payload under a header this test writes). Settings are small so short inputs reach the ring's growth
 * and overwrite paths. Without {@code JAZZER_FUZZ} only the seeds under {@code H264ReceiverFuzzTestInputs} run
 * (README "Fuzzing").
 */
class H264ReceiverFuzzTest {
    private static final int MARKER = 0x01;
    private static final int NEXT_PICTURE = 0x02;
    private static final int SEQUENCE_STEP = 0x0C;
    private static final int SEQUENCE_STEP_SHIFT = 2;
    private static final int WAIT_OUT = 0x10;
    private static final int RAW_PACKET = 0x20;
    /** What each {@link #SEQUENCE_STEP} value adds to the sequence number: next, duplicate, gap, reordered. */
    private static final int[] STEPS = {1, 0, 2, -1};
    private static final int PAYLOAD_TYPE = 102;
    private static final int SSRC = 0x5EED;
    /** 90 kHz video (RFC 6184 §5.1) at 30 pictures per second. */
    private static final int TICKS_PER_PICTURE = 3000;
    private static final long NANOS_PER_PACKET = Duration.ofMillis(1).toNanos();
    private static final Duration JITTER_WAIT = Duration.ofMillis(150);
    private static final H264Settings SMALL = new H264Settings(JITTER_WAIT, 8, 64, 2048, 1500, 100, 8192, 64);
    private static final int RECORD_OUT = 2;
    private static final int HEADER_BYTES = 3;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void rtpPayloads(byte[] input) {
        List<Integer> sizes = new ArrayList<>();
        H264Receiver receiver = new H264Receiver(SMALL, (unit, config, changed) -> {
            checkAccessUnit(unit);
            checkRecord(config);
            sizes.add(unit.length());
        });
        receiver.expectPayloadType(PAYLOAD_TYPE);
        byte[] packet = new byte[Rtp.FIXED_HEADER + Short.toUnsignedInt((short) -1)];
        int sequence = 0;
        long timestamp = 0;
        long now = 0;
        int at = 0;
        while (at + HEADER_BYTES <= input.length) {
            int control = input[at] & 0xFF;
            int length = Math.min(((input[at + 1] & 0xFF) << Byte.SIZE) | (input[at + 2] & 0xFF),
                    input.length - at - HEADER_BYTES);
            at += HEADER_BYTES;
            sequence = (sequence + STEPS[(control & SEQUENCE_STEP) >>> SEQUENCE_STEP_SHIFT]) & 0xFFFF;
            timestamp += (control & NEXT_PICTURE) != 0 ? TICKS_PER_PICTURE : 0;
            now += (control & WAIT_OUT) != 0 ? JITTER_WAIT.toNanos() + NANOS_PER_PACKET : NANOS_PER_PACKET;
            receiver.poll(now);
            int packetLength;
            if ((control & RAW_PACKET) != 0) {
                System.arraycopy(input, at, packet, 0, length);
                packetLength = length;
            } else {
                Rtp.writeHeader(packet, 0, (control & MARKER) != 0, PAYLOAD_TYPE, sequence, timestamp, SSRC);
                System.arraycopy(input, at, packet, Rtp.FIXED_HEADER, length);
                packetLength = Rtp.FIXED_HEADER + length;
            }
            at += length;
            assertThat(receiver.receive(packet, 0, packetLength, now))
                    .isBetween(VideoJitterBuffer.BUFFERED, VideoJitterBuffer.JUMP);
            receiver.keyframeNeeded();
            assertThat(receiver.nextDeadlineNanos()).isPositive();
        }
        receiver.poll(now + JITTER_WAIT.toNanos() * 2);
        assertThat(sizes).allMatch(size -> size <= SMALL.maxAccessUnitBytes());
    }

    /** The length prefixes walk the access unit exactly; no NAL unit is empty. */
    private static void checkAccessUnit(AccessUnit unit) {
        assertThat(unit.length()).isBetween(AccessUnit.LENGTH_PREFIX_BYTES + 1, SMALL.maxAccessUnitBytes());
        int p = 0;
        while (p < unit.length()) {
            assertThat(unit.length() - p).isGreaterThan(AccessUnit.LENGTH_PREFIX_BYTES);
            int nal = unit.nalUnitLength(p);
            assertThat(nal).isBetween(1, unit.length() - p - AccessUnit.LENGTH_PREFIX_BYTES);
            p += AccessUnit.LENGTH_PREFIX_BYTES + nal;
        }
    }

    /** The avcC record of the parameter sets in force holds exactly one SPS then one PPS. */
    private static void checkRecord(AvcConfig config) {
        assertThat(config.ready()).isTrue();
        byte[] record = new byte[config.recordLength() + RECORD_OUT];
        assertThat(config.writeRecord(record, RECORD_OUT)).isEqualTo(config.recordLength());
        byte[] written = config.record();
        assertThat(AvcConfig.profileIndication(written)).isEqualTo(config.sps().profileIdc());
        assertThat(AvcConfig.levelIndication(written)).isEqualTo(config.sps().levelIdc());
        List<Integer> types = new ArrayList<>();
        AvcConfig.forEachParameterSet(written, (bytes, offset, length) -> types.add(NalUnitType.of(bytes[offset])));
        assertThat(types).containsExactly(NalUnitType.SPS, NalUnitType.PPS);
    }
}
