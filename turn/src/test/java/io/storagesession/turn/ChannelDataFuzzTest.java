package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of TURN over TCP's framing ({@link TcpClient#frameLength}): STUN messages and ChannelData
 * back to back on one stream, a STUN message as long as its header says and ChannelData padded to 4 bytes (RFC 8656
 * §12.5). The contract: any bytes give "need more", "not TURN" or a frame that fits in what arrived and is as long as
 * its header says, never an exception; and the frames found do not depend on how the stream was cut into reads, when
 * they are taken out of a reassembly buffer of {@link TcpClient}'s size the way the relay loop takes them. The
 * ChannelData header itself (channel number, data length inside the frame) is read the same way over UDP.
 *
 * <p>The input's first byte says where the stream is cut in two reads; the rest is the stream. Without
 * {@code JAZZER_FUZZ} only the seeds under {@code ChannelDataFuzzTestInputs} run (README "Fuzzing").
 */
class ChannelDataFuzzTest {
    private static final int ALIGNMENT = 3;
    /** The largest frame: a STUN header with the largest length (TcpClient sizes its input buffer for it). */
    private static final int MAX_FRAME = Stun.HEADER + 0xFFFF;
    private static final int NOT_TURN = -1;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void tcpFraming(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] stream = new byte[input.length - 1];
        System.arraycopy(input, 1, stream, 0, stream.length);
        int cut = stream.length == 0 ? 0 : (input[0] & 0xFF) * stream.length / 0xFF;

        List<Integer> whole = frames(ByteBuffer.wrap(stream), 0, stream.length);
        List<Integer> inTwoReads = reassembled(stream, cut);
        assertThat(inTwoReads).isEqualTo(whole);
    }

    /** The frame lengths from {@code at}, checked against their headers; a -1 last when the stream is not TURN. */
    private static List<Integer> frames(ByteBuffer in, int at, int end) {
        List<Integer> found = new ArrayList<>();
        int p = at;
        while (true) {
            int frame = TcpClient.frameLength(in, p, end);
            if (frame == NOT_TURN) {
                int first = in.get(p) & 0xFF;
                assertThat(Stun.isStun(first) || Stun.isChannelData(first)).isFalse();
                found.add(frame);
                return found;
            }
            if (frame == 0) {
                return found;
            }
            assertThat(frame).isBetween(Stun.CHANNEL_DATA_HEADER, Math.min(end - p, MAX_FRAME));
            int length = in.getShort(p + 2) & 0xFFFF;
            if (Stun.isChannelData(in.get(p) & 0xFF)) {
                int channel = in.getShort(p) & 0xFFFF;
                assertThat(channel).isBetween(Stun.MIN_CHANNEL, Stun.MAX_CHANNEL);
                assertThat(frame).isEqualTo(Stun.CHANNEL_DATA_HEADER + ((length + ALIGNMENT) & ~ALIGNMENT));
                assertThat(Stun.CHANNEL_DATA_HEADER + length).isLessThanOrEqualTo(frame);
            } else {
                assertThat(frame).isEqualTo(Stun.HEADER + length);
            }
            found.add(frame);
            p += frame;
        }
    }

    /** The frames taken from a buffer filled in two reads, compacted after each as the relay loop does. */
    private static List<Integer> reassembled(byte[] stream, int cut) {
        ByteBuffer in = ByteBuffer.allocate(MAX_FRAME + Stun.CHANNEL_DATA_HEADER);
        List<Integer> found = new ArrayList<>();
        int read = 0;
        for (int end : new int[] {cut, stream.length}) {
            while (read < end && in.hasRemaining()) {
                int n = Math.min(end - read, in.remaining());
                in.put(stream, read, n);
                read += n;
                List<Integer> frames = frames(in, 0, in.position());
                int consumed = frames.stream().filter(f -> f > 0).mapToInt(Integer::intValue).sum();
                found.addAll(frames);
                if (frames.contains(NOT_TURN)) {
                    return found;
                }
                in.limit(in.position()).position(consumed);
                in.compact();
            }
        }
        return found;
    }
}
