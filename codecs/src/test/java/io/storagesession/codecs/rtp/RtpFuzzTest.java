package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.storagesession.codecs.h264.H264Probe;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the RTP header reader ({@link Rtp}, RFC 3550 §5.1), the RFC 7983 demultiplexer
 * ({@link Demux}) and the keyframe probe ({@link H264Probe}) with whatever a participant can send. The contract: any
 * bytes give an answer, never an exception; a header accepted by {@link Rtp#headerLength} lies inside the datagram
 * with its padding; and the fields read from it, written again by {@link Rtp#writeHeader}, read back the same.
 *
 * <p>The datagram is read at an offset inside a larger array, as the receive path reads packets in its ring, and the
 * array ends where the datagram ends, so a read past the packet is an exception the fuzzer reports. Without
 * {@code JAZZER_FUZZ} only the seeds under {@code RtpFuzzTestInputs} run (README "Fuzzing").
 */
class RtpFuzzTest {
    /** Bytes before the datagram: the reader must honour its offset. */
    private static final int PREFIX = 3;
    private static final byte PREFIX_FILL = (byte) 0xFF;
    private static final int MAX_PAYLOAD_TYPE = 0x7F;
    private static final int MAX_SEQUENCE = 0xFFFF;
    private static final long MAX_TIMESTAMP = 0xFFFF_FFFFL;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void headerReading(byte[] datagram) {
        int len = datagram.length;
        byte[] buf = new byte[PREFIX + len];
        Arrays.fill(buf, 0, PREFIX, PREFIX_FILL);
        System.arraycopy(datagram, 0, buf, PREFIX, len);

        assertThat(Demux.classify(buf, PREFIX, len)).isNotNull();
        int payloadOffset = Rtp.payloadOffset(buf, PREFIX, len);
        if (payloadOffset != -1) {
            assertThat(payloadOffset).isBetween(Rtp.FIXED_HEADER, len);
        }
        int header = Rtp.headerLength(buf, PREFIX, len);
        if (header < 0) {
            return;
        }
        assertThat(header).isBetween(Rtp.FIXED_HEADER, len).isEqualTo(payloadOffset);
        assertThat(Rtp.version2(buf, PREFIX)).isTrue();
        int padding = Rtp.padding(buf, PREFIX, len);
        assertThat(padding).isNotNegative().isLessThanOrEqualTo(len - header);
        assertThat(Rtp.payloadLength(buf, PREFIX, len)).isEqualTo(len - header - padding);
        assertThat(H264Probe.nalTypes(buf, PREFIX, len)).isNotNegative();
        roundTrip(buf, PREFIX);
    }

    /** The fixed header's fields survive being written again by the sender's writer. */
    private static void roundTrip(byte[] buf, int off) {
        boolean marker = Rtp.marker(buf, off);
        int payloadType = Rtp.payloadType(buf, off);
        int sequence = Rtp.sequence(buf, off);
        long timestamp = Rtp.timestamp(buf, off);
        int ssrc = Rtp.ssrc(buf, off);
        assertThat(payloadType).isBetween(0, MAX_PAYLOAD_TYPE);
        assertThat(sequence).isBetween(0, MAX_SEQUENCE);
        assertThat(timestamp).isBetween(0L, MAX_TIMESTAMP);

        byte[] out = new byte[Rtp.FIXED_HEADER];
        assertThat(Rtp.writeHeader(out, 0, marker, payloadType, sequence, timestamp, ssrc))
                .isEqualTo(Rtp.FIXED_HEADER);
        assertThat(Rtp.headerLength(out, 0, out.length)).isEqualTo(Rtp.FIXED_HEADER);
        assertThat(Rtp.payloadLength(out, 0, out.length)).isZero();
        assertThat(Rtp.marker(out, 0)).isEqualTo(marker);
        assertThat(Rtp.payloadType(out, 0)).isEqualTo(payloadType);
        assertThat(Rtp.sequence(out, 0)).isEqualTo(sequence);
        assertThat(Rtp.timestamp(out, 0)).isEqualTo(timestamp);
        assertThat(Rtp.ssrc(out, 0)).isEqualTo(ssrc);
    }
}
