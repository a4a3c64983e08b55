package io.storagesession.mediastore;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.OpusHead;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.codecs.mkv.MatroskaCodecIds;
import io.storagesession.mediastore.mkv.TrackInfo;

/**
 * What the playback APIs (GetClip, HLS, DASH) require of one stored track of a codec they play (MKV Tracks, KVS-WIRE.md
 * §5), checked on the track as ingested before it becomes an fMP4 or MPEG-TS track. The API references: "the video
 * track of each fragment must contain codec private data in the Advanced Video Coding (AVC) ... format (ISO/IEC
 * 14496-15)"; "the audio track (if present) ... must contain codec private data in the AAC format". This server also
 * plays {@code A_OPUS} audio (its CodecPrivate an OpusHead, RFC 7845 §5.1), which fMP4 carries (KVS-WIRE.md §6).
 *
 * <p>A track number outside 1..2^31-1 (an fMP4 track_ID, ISO/IEC 14496-12 §8.3.2) and a track whose picture size or
 * audio settings are missing (nothing could describe it in a sample entry) are UnsupportedStreamMediaTypeException; an
 * empty CodecPrivate is MissingCodecPrivateDataException; a CodecPrivate that does not parse is
 * InvalidCodecPrivateDataException ({@link ArchiveErrors}, all 400).
 */
public final class TrackCodecs {
    /** avcC (ISO/IEC 14496-15 §5.3.3.1): version, profile, compatibility, level, lengthSizeMinusOne, SPS count. */
    private static final int AVCC_VERSION = 1;
    private static final int AVCC_MIN_BYTES = 7;
    private static final int AVCC_LENGTH_SIZE = 4;
    private static final int LENGTH_SIZE_MASK = 0x03;
    /** lengthSizeMinusOne 2 (3-byte lengths) is not allowed: 1, 2 or 4 bytes (§5.3.3.2). */
    private static final int FORBIDDEN_LENGTH_SIZE_MINUS_ONE = 2;
    private static final int NAL_TYPE_MASK = 0x1F;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    /** ISO/IEC 14496-3 Tables 1.16, 1.18, 1.19: object type 0 is null, indexes 13-14 reserved, channels 1-7. */
    private static final int MAX_FREQUENCY_INDEX = 12;
    private static final int MAX_CHANNEL_CONFIGURATION = 7;
    private static final int OPUS_MAPPING_FAMILY_0 = 0;

    private TrackCodecs() {
    }

    /** Whether {@code codecId} is H.264, AAC or Opus ({@link MatroskaCodecIds}). */
    public static boolean isPlayed(String codecId) {
        return MatroskaCodecIds.AVC.equals(codecId) || MatroskaCodecIds.AAC.equals(codecId)
                || MatroskaCodecIds.OPUS.equals(codecId);
    }

    /**
     * Throws the KVS error for a track of codec {@link #AVC}, {@link #AAC} or {@link #OPUS} that cannot be played;
     * returns when it can.
     */
    public static void requirePlayable(TrackInfo t) {
        if (t.number() < 1 || t.number() > Integer.MAX_VALUE) {
            throw ArchiveErrors.unsupportedMediaType("Track number " + t.number() + " is out of range");
        }
        String codec = t.codecId();
        if (t.codecPrivate().length == 0) {
            throw ArchiveErrors.missingCodecPrivateData("Track " + t.number() + " (" + codec + ") has no CodecPrivate");
        }
        switch (codec) {
            case MatroskaCodecIds.AVC -> video(t);
            case MatroskaCodecIds.AAC -> aac(t);
            case MatroskaCodecIds.OPUS -> opus(t);
            default -> throw new IllegalArgumentException("not a played codec: " + codec);
        }
    }

    /** The NAL unit length prefix of an avcC {@link #requirePlayable} accepted: 1, 2 or 4 bytes. */
    public static int lengthSize(byte[] avcC) {
        return (avcC[AVCC_LENGTH_SIZE] & LENGTH_SIZE_MASK) + 1;
    }

    private static void video(TrackInfo t) {
        if (t.pixelWidth() <= 0 || t.pixelHeight() <= 0) {
            throw ArchiveErrors.unsupportedMediaType("Video track " + t.number()
                    + " declares no PixelWidth/PixelHeight");
        }
        byte[] avcC = t.codecPrivate();
        int[] sets = new int[2];
        if (avcC.length >= AVCC_MIN_BYTES) {
            AvcConfig.forEachParameterSet(avcC, (record, offset, length) -> {
                int type = length > 0 ? record[offset] & NAL_TYPE_MASK : 0;
                if (type == NAL_SPS) {
                    sets[0]++;
                } else if (type == NAL_PPS) {
                    sets[1]++;
                }
            });
        }
        if (avcC.length < AVCC_MIN_BYTES || avcC[0] != AVCC_VERSION
                || (avcC[AVCC_LENGTH_SIZE] & LENGTH_SIZE_MASK) == FORBIDDEN_LENGTH_SIZE_MINUS_ONE
                || sets[0] == 0 || sets[1] == 0) {
            throw ArchiveErrors.invalidCodecPrivateData("Track " + t.number() + ": CodecPrivate is not an "
                    + "AVCDecoderConfigurationRecord with an SPS and a PPS (ISO/IEC 14496-15)");
        }
    }

    private static void aac(TrackInfo t) {
        audioSettings(t);
        byte[] asc = t.codecPrivate();
        if (asc.length < AudioSpecificConfig.AAC_LC_BYTES || AudioSpecificConfig.objectType(asc) == 0
                || AudioSpecificConfig.samplingFrequencyIndex(asc) > MAX_FREQUENCY_INDEX
                || AudioSpecificConfig.channelConfiguration(asc) == 0
                || AudioSpecificConfig.channelConfiguration(asc) > MAX_CHANNEL_CONFIGURATION) {
            throw ArchiveErrors.invalidCodecPrivateData("Track " + t.number() + ": CodecPrivate is not an AAC "
                    + "AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1)");
        }
    }

    private static void opus(TrackInfo t) {
        audioSettings(t);
        byte[] head = t.codecPrivate();
        if (!OpusHead.looksLikeOne(head) || OpusHead.channels(head) == 0
                || OpusHead.mappingFamily(head) == OPUS_MAPPING_FAMILY_0
                && OpusHead.channels(head) > OpusHead.MAX_CHANNELS_FAMILY_0) {
            throw ArchiveErrors.invalidCodecPrivateData("Track " + t.number() + ": CodecPrivate is not an OpusHead "
                    + "(RFC 7845 §5.1)");
        }
    }

    private static void audioSettings(TrackInfo t) {
        if (!(t.samplingFrequency() >= 1) || t.channels() < 1) {
            throw ArchiveErrors.unsupportedMediaType("Audio track " + t.number()
                    + " declares no SamplingFrequency/Channels");
        }
    }
}
