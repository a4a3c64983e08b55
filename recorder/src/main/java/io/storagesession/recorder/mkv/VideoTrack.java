package io.storagesession.recorder.mkv;

import io.storagesession.codecs.mkv.MatroskaCodecIds;

/**
 * Track 1 of every stream KVS producers send (KVS-WIRE.md §5): H.264 in AVCC form, {@code V_MPEG4/ISO/AVC}, with
 * the avcC record (ISO/IEC 14496-15 §5.3.3.1) as CodecPrivate. The avcC comes from the caller, who builds it from the
 * stream's SPS/PPS; a new SPS means a new stream header.
 */
public record VideoTrack(int pixelWidth, int pixelHeight, byte[] avcDecoderConfiguration) {
    /** Matroska codec ID for AVC with an avcC CodecPrivate (Matroska codec mappings, "V_MPEG4/ISO/AVC"). */
    public static final String CODEC_ID = MatroskaCodecIds.AVC;
    /** The track name KVS producers give their video (KVS-WIRE.md §5); consumers look for it. */
    public static final String NAME = "kinesis_video";

    public VideoTrack {
        if (pixelWidth <= 0 || pixelHeight <= 0) {
            throw new IllegalArgumentException("video size must be positive: " + pixelWidth + "x" + pixelHeight);
        }
        if (avcDecoderConfiguration == null || avcDecoderConfiguration.length == 0) {
            throw new IllegalArgumentException("the avcC record (CodecPrivate) is required");
        }
        avcDecoderConfiguration = avcDecoderConfiguration.clone();
    }

    @Override
    public byte[] avcDecoderConfiguration() {
        return avcDecoderConfiguration.clone();
    }
}
