package io.storagesession.mediastore.clip;

import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.TrackCodecs;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;

/**
 * The frame checks behind InvalidMediaFrameException ("one or more frames in the requested clip could not be parsed
 * based on the specified codec", GetClip API reference), made on each fragment before it is packaged, without
 * decoding: an H.264 frame must be a sequence of NAL units each prefixed by its length in the avcC's length size
 * (ISO/IEC 14496-15 §5.3.2) that ends exactly at the frame's end, none empty and none with the forbidden_zero_bit set
 * (ISO/IEC 14496-10 §7.4.1); an AAC frame must be a raw data block, not empty and not ADTS (whose 12-bit sync word an
 * MP4 sample must not carry, ISO/IEC 14496-3 §1.A.2); an Opus packet must hold its TOC byte, and a code 3 packet its
 * frame count byte with at least one frame (RFC 6716 §3.1, §3.2.5).
 */
final class ClipFrames {
    private static final int FORBIDDEN_ZERO_BIT = 0x80;
    private static final int ADTS_SYNC_HIGH = 0xFF;
    private static final int ADTS_SYNC_LOW_MASK = 0xF0;
    private static final int OPUS_CODE_MASK = 0x03;
    private static final int OPUS_CODE_ARBITRARY = 3;
    private static final int OPUS_FRAME_COUNT_MASK = 0x3F;
    private static final int BYTE_MASK = 0xFF;

    /** Per track of the clip, in the clip's track order: its number, codec and (H.264) NAL length size. */
    private final int[] numbers;
    private final ArchivedTrack.Codec[] codecs;
    private final int[] lengthSizes;

    ClipFrames(List<ArchivedTrack> tracks) {
        numbers = new int[tracks.size()];
        codecs = new ArchivedTrack.Codec[tracks.size()];
        lengthSizes = new int[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            ArchivedTrack t = tracks.get(i);
            numbers[i] = t.trackNumber();
            codecs[i] = t.codec();
            lengthSizes[i] = t.codec() == ArchivedTrack.Codec.H264 ? TrackCodecs.lengthSize(t.codecPrivate()) : 0;
        }
    }

    /** Throws InvalidMediaFrameException for the first frame of {@code frames} that does not parse. */
    void check(String fragmentNumber, List<ArchivedFrame> frames) {
        if (frames.isEmpty()) {
            throw ArchiveErrors.invalidMediaFrame("Fragment " + fragmentNumber + " has no frames");
        }
        for (ArchivedFrame f : frames) {
            int t = track(f.trackNumber());
            if (t < 0) {
                continue;
            }
            boolean valid = switch (codecs[t]) {
                case H264 -> nalUnits(f.data(), lengthSizes[t]);
                case AAC -> f.data().length > 0 && !adts(f.data());
                case OPUS -> opus(f.data());
            };
            if (!valid) {
                throw ArchiveErrors.invalidMediaFrame("Fragment " + fragmentNumber + ": the " + codecs[t]
                        + " frame of track " + f.trackNumber() + " at " + f.timecodeMillis() + " ms does not parse");
            }
        }
    }

    private int track(int number) {
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] == number) {
                return i;
            }
        }
        return -1;
    }

    private static boolean nalUnits(byte[] frame, int lengthSize) {
        int at = 0;
        if (frame.length == 0) {
            return false;
        }
        while (at < frame.length) {
            if (at + lengthSize > frame.length) {
                return false;
            }
            long length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = length << Byte.SIZE | frame[at + i] & BYTE_MASK;
            }
            at += lengthSize;
            if (length == 0 || length > frame.length - at || (frame[at] & FORBIDDEN_ZERO_BIT) != 0) {
                return false;
            }
            at += (int) length;
        }
        return true;
    }

    private static boolean adts(byte[] frame) {
        return frame.length > 1 && (frame[0] & BYTE_MASK) == ADTS_SYNC_HIGH
                && (frame[1] & ADTS_SYNC_LOW_MASK) == ADTS_SYNC_LOW_MASK;
    }

    private static boolean opus(byte[] packet) {
        if (packet.length == 0) {
            return false;
        }
        if ((packet[0] & OPUS_CODE_MASK) != OPUS_CODE_ARBITRARY) {
            return true;
        }
        return packet.length > 1 && (packet[1] & OPUS_FRAME_COUNT_MASK) > 0;
    }
}
