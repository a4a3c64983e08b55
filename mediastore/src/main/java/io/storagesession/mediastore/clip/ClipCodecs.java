package io.storagesession.mediastore.clip;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.OpusHead;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.mediastore.mkv.TrackInfo;
import java.util.List;

/**
 * What GetClip requires of a stream header's tracks (MKV Tracks, KVS-WIRE.md §5), checked on the tracks as ingested
 * before any of them becomes an fMP4 track. The GetClip API reference: "the codec ID of track 1 should be
 * V_MPEG/ISO/AVC (for h.264) ... Optionally, the codec ID of track 2 should be A_AAC"; "the video track of each
 * fragment must contain codec private data in the Advanced Video Coding (AVC) ... format (ISO/IEC 14496-15)"; "the
 * audio track (if present) ... must contain codec private data in the AAC format". This server also plays
 * {@code A_OPUS} audio (its CodecPrivate an OpusHead, RFC 7845 §5.1), which fMP4 carries (KVS-WIRE.md §6).
 *
 * <p>A codec ID other than these is UnsupportedStreamMediaTypeException, as is a track whose picture size or audio
 * settings are missing (nothing could describe it in a sample entry); an empty CodecPrivate is
 * MissingCodecPrivateDataException; a CodecPrivate that does not parse is InvalidCodecPrivateDataException.
 */
final class ClipCodecs {
    static final String AVC = "V_MPEG4/ISO/AVC";
    static final String AAC = "A_AAC";
    static final String OPUS = "A_OPUS";
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

    private ClipCodecs() {
    }

    /** Throws the KVS error for the first track GetClip cannot play; returns when every track is playable. */
    static void check(List<TrackInfo> tracks) {
        if (tracks.isEmpty()) {
            throw ClipErrors.unsupportedMediaType("The stream header declares no tracks");
        }
        for (int i = 0; i < tracks.size(); i++) {
            TrackInfo t = tracks.get(i);
            if (t.number() > Integer.MAX_VALUE) {
                throw ClipErrors.unsupportedMediaType("Track number " + t.number() + " is out of range");
            }
            boolean first = i == 0;
            String codec = t.codecId();
            if (first ? !AVC.equals(codec) : !AAC.equals(codec) && !OPUS.equals(codec)) {
                throw ClipErrors.unsupportedMediaType("Track " + t.number() + " has codec ID '" + codec + "'; GetClip "
                        + "plays " + AVC + " as the first track and " + AAC + " or " + OPUS + " audio after it");
            }
            if (t.codecPrivate().length == 0) {
                throw ClipErrors.missingCodecPrivateData("Track " + t.number() + " (" + codec
                        + ") has no CodecPrivate");
            }
            switch (codec) {
                case AVC -> video(t);
                case AAC -> aac(t);
                default -> opus(t);
            }
        }
    }

    /** The NAL unit length prefix of an avcC the check accepted: 1, 2 or 4 bytes. */
    static int lengthSize(byte[] avcC) {
        return (avcC[AVCC_LENGTH_SIZE] & LENGTH_SIZE_MASK) + 1;
    }

    private static void video(TrackInfo t) {
        if (t.pixelWidth() <= 0 || t.pixelHeight() <= 0) {
            throw ClipErrors.unsupportedMediaType("Video track " + t.number() + " declares no PixelWidth/PixelHeight");
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
            throw ClipErrors.invalidCodecPrivateData("Track " + t.number() + ": CodecPrivate is not an "
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
            throw ClipErrors.invalidCodecPrivateData("Track " + t.number() + ": CodecPrivate is not an AAC "
                    + "AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1)");
        }
    }

    private static void opus(TrackInfo t) {
        audioSettings(t);
        byte[] head = t.codecPrivate();
        if (!OpusHead.looksLikeOne(head) || OpusHead.channels(head) == 0
                || OpusHead.mappingFamily(head) == OPUS_MAPPING_FAMILY_0
                && OpusHead.channels(head) > OpusHead.MAX_CHANNELS_FAMILY_0) {
            throw ClipErrors.invalidCodecPrivateData("Track " + t.number() + ": CodecPrivate is not an OpusHead "
                    + "(RFC 7845 §5.1)");
        }
    }

    private static void audioSettings(TrackInfo t) {
        if (!(t.samplingFrequency() >= 1) || t.channels() < 1) {
            throw ClipErrors.unsupportedMediaType("Audio track " + t.number()
                    + " declares no SamplingFrequency/Channels");
        }
    }
}
