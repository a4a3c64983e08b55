package io.storagesession.mixer;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;
import io.storagesession.codecs.Tone;
import io.storagesession.codecs.rtp.AudioLevelExtension;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.media.OfferCodecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A participant's microphone as the mixer sees it: a tone encoded by real libopus, packetized as RTP Opus (RFC 7587)
 * with the RFC 6464 level in a one-byte header extension at the offer's id, as browsers send it.
 */
final class Talker implements AutoCloseable {
    static final OpusEncoder.Settings BROWSER = new OpusEncoder.Settings(32_000, 5, true, 10, "voip");
    static final int LOUD = 30;
    static final int AMPLITUDE = 6_000;

    private final OpusEncoder encoder = new OpusEncoder(BROWSER);
    private final double hz;
    private final int ssrc;
    private final short[] pcm = new short[Opus.FRAME_SAMPLES];
    private final byte[] opus = new byte[Opus.MAX_PACKET_BYTES];
    private int sequence = 1000;
    private long frames;
    /** Every payload sent, in order. */
    final List<byte[]> payloads = new ArrayList<>();

    Talker(double hz, int ssrc) {
        this.hz = hz;
        this.ssrc = ssrc;
    }

    /** The next 20 ms packet; {@code level} is what the RFC 6464 extension says (127 with a silent microphone). */
    byte[] next(int level) {
        if (level == AudioLevel.SILENCE) {
            Arrays.fill(pcm, (short) 0);
        } else {
            Tone.fill(pcm, hz, AMPLITUDE, frames * Opus.FRAME_SAMPLES);
        }
        int len = encoder.encode(pcm, opus, 0);
        byte[] packet = new byte[12 + 8 + len];
        packet[0] = (byte) 0x90;
        packet[1] = (byte) OfferCodecs.OPUS_PAYLOAD_TYPE;
        Bytes.writeShort(packet, 2, sequence);
        Bytes.writeInt(packet, 4, (int) (frames * Opus.FRAME_SAMPLES));
        Bytes.writeInt(packet, 8, ssrc);
        AudioLevelExtension.append(packet, 0, OfferCodecs.AUDIO_LEVEL.id(), true, level);
        System.arraycopy(opus, 0, packet, 20, len);
        payloads.add(Arrays.copyOf(opus, len));
        sequence = (sequence + 1) & 0xFFFF;
        frames++;
        return packet;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
