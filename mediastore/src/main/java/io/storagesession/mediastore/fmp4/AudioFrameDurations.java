package io.storagesession.mediastore.fmp4;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.mediastore.archive.ArchivedTrack;

/**
 * How many samples an audio frame decodes to, read from the codec rather than from millisecond timecodes (which
 * cannot express an AAC frame's 21.333 ms): AAC frames hold 1024 samples, or 960 when the GASpecificConfig's
 * frameLengthFlag says so (ISO/IEC 14496-3 §4.4.1); an Opus packet's duration is in its TOC byte (RFC 6716 §3.1).
 */
final class AudioFrameDurations {
    /** RFC 6716 §3.1: TOC = config (5 bits) | stereo (1) | frame count code (2). */
    private static final int TOC_CONFIG_SHIFT = 3;
    private static final int TOC_COUNT_MASK = 0x03;
    private static final int CODE_ONE_FRAME = 0;
    private static final int CODE_ARBITRARY_FRAMES = 3;
    private static final int FRAME_COUNT_MASK = 0x3F;
    private static final int LAST_SILK_CONFIG = 11;
    private static final int LAST_HYBRID_CONFIG = 15;
    /** Frame sizes in 48 kHz samples: SILK 10/20/40/60 ms, hybrid 10/20 ms, CELT 2.5/5/10/20 ms (RFC 6716 Table 2). */
    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] HYBRID_SAMPLES = {480, 960};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};
    private static final int TWO_FRAMES = 2;

    private AudioFrameDurations() {
    }

    /** Samples (at the track's sample rate) of one frame; 0 when the frame does not say (empty Opus packet). */
    static int samples(ArchivedTrack track, byte[] frame) {
        return switch (track.codec()) {
            case AAC -> AudioSpecificConfig.frameSamples(track.codecPrivateView());
            case OPUS -> opusPacketSamples(frame);
            default -> 0;
        };
    }

    static int opusPacketSamples(byte[] packet) {
        if (packet.length == 0) {
            return 0;
        }
        int toc = packet[0] & 0xFF;
        int config = toc >>> TOC_CONFIG_SHIFT;
        int perFrame;
        if (config <= LAST_SILK_CONFIG) {
            perFrame = SILK_SAMPLES[config & 0x03];
        } else if (config <= LAST_HYBRID_CONFIG) {
            perFrame = HYBRID_SAMPLES[config & 0x01];
        } else {
            perFrame = CELT_SAMPLES[config & 0x03];
        }
        int code = toc & TOC_COUNT_MASK;
        int frames;
        if (code == CODE_ONE_FRAME) {
            frames = 1;
        } else if (code == CODE_ARBITRARY_FRAMES) {
            frames = packet.length > 1 ? packet[1] & FRAME_COUNT_MASK : 0;
        } else {
            frames = TWO_FRAMES;
        }
        return perFrame * frames;
    }
}
