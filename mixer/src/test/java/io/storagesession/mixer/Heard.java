package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusDecoder;
import io.storagesession.codecs.rtp.Rtp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What one listener received, decoded by real libopus the way its browser would, and checked as an RTP stream. */
final class Heard {
    final List<short[]> frames = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();

    static Heard of(List<byte[]> packets) {
        Heard heard = new Heard();
        try (OpusDecoder decoder = new OpusDecoder()) {
            for (byte[] packet : packets) {
                int start = Rtp.payloadOffset(packet, 0, packet.length);
                byte[] payload = Arrays.copyOfRange(packet, start, packet.length);
                heard.payloads.add(payload);
                short[] pcm = new short[Opus.FRAME_SAMPLES];
                assertThat(decoder.decode(payload, 0, payload.length, pcm)).isEqualTo(Opus.FRAME_SAMPLES);
                heard.frames.add(pcm);
            }
        }
        return heard;
    }

    /** The last {@code n} frames as one signal. */
    short[] last(int n) {
        short[] all = new short[n * Opus.FRAME_SAMPLES];
        for (int i = 0; i < n; i++) {
            System.arraycopy(frames.get(frames.size() - n + i), 0, all, i * Opus.FRAME_SAMPLES, Opus.FRAME_SAMPLES);
        }
        return all;
    }

    /**
     * RFC 3550/3551 as a receiver checks them: one SSRC and payload type, sequence numbers without a gap, timestamps
     * in whole 20 ms frames, and the marker exactly on the first packet and after each gap in time (a talk spurt).
     */
    static void assertContinuous(List<byte[]> packets, int ssrc, int payloadType) {
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            assertThat(Rtp.ssrc(p, 0)).isEqualTo(ssrc);
            assertThat(Rtp.payloadType(p, 0)).isEqualTo(payloadType);
            if (i == 0) {
                assertThat(Rtp.marker(p, 0)).as("marker on the first packet").isTrue();
                continue;
            }
            byte[] q = packets.get(i - 1);
            assertThat(Rtp.sequence(p, 0)).as("packet %d", i).isEqualTo((Rtp.sequence(q, 0) + 1) & 0xFFFF);
            long step = (Rtp.timestamp(p, 0) - Rtp.timestamp(q, 0)) & 0xFFFF_FFFFL;
            assertThat(step % Opus.FRAME_SAMPLES).as("timestamp step of packet %d", i).isZero();
            assertThat(step).isPositive();
            assertThat(Rtp.marker(p, 0)).as("marker on packet %d after a step of %d", i, step)
                    .isEqualTo(step > Opus.FRAME_SAMPLES);
        }
    }
}
