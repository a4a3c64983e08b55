package io.storagesession.mediastore.hls;

import io.storagesession.codecs.h264.AccessUnit;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.codecs.h264.NalUnitType;
import io.storagesession.codecs.h264.SequenceParameterSet;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;

/**
 * The picture size a player decodes, for the master playlist's RESOLUTION (RFC 8216 §4.3.4.2: "the optimal pixel
 * resolution at which to display all the video in the Variant Stream"), which players use to pick and size a
 * variant before loading anything.
 *
 * <p>Why not the MKV track's PixelWidth/PixelHeight alone: a WebRTC sender (Chrome) starts small and raises the
 * resolution as its bandwidth estimate grows, and the new size arrives in band, as an SPS before a later IDR picture
 * (H.264 §7.3.2.1.1); a stream header written from the first SPS keeps the first size, and a producer's
 * PixelWidth/PixelHeight may disagree with its own avcC. The decoder obeys the SPS it meets in the stream, so the size
 * is taken, in this order, from:
 * <ol>
 *   <li>the SPS carried in band by the newest keyframe of the fragment that has one (the newest fragment of the
 *       session, so the size now played);</li>
 *   <li>the first SPS of the track's avcC record (ISO/IEC 14496-15 §5.3.3.1), what the init segment configures;</li>
 *   <li>the track's PixelWidth/PixelHeight.</li>
 * </ol>
 * The width and height are those of the cropped frame (H.264 §7.4.2.1.1, equations 7-19 to 7-22), as the codecs
 * module's {@link SequenceParameterSet} computes them. Stored frames may come from an untrusted upload: a NAL unit
 * length past the frame's end stops the walk through it, and an SPS that does not parse is skipped.
 *
 * @param width  luma samples across
 * @param height luma samples down
 */
record PictureSize(int width, int height) {

    /** The size of {@code video} as its {@code frames} (a fragment's, any tracks, stored order) show it. */
    static PictureSize of(ArchivedTrack video, List<ArchivedFrame> frames) {
        SequenceParameterSet sps = new SequenceParameterSet();
        PictureSize inBand = null;
        for (ArchivedFrame f : frames) {
            if (f.trackNumber() == video.trackNumber() && f.keyframe()) {
                PictureSize found = lastSpsSize(f.data(), sps);
                inBand = found != null ? found : inBand;
            }
        }
        if (inBand != null) {
            return inBand;
        }
        PictureSize[] configured = new PictureSize[1];
        AvcConfig.forEachParameterSet(video.codecPrivateView(), (record, offset, length) -> {
            if (configured[0] == null && sps.parse(record, offset, length)) {
                configured[0] = new PictureSize(sps.width(), sps.height());
            }
        });
        return configured[0] != null ? configured[0] : new PictureSize(video.width(), video.height());
    }

    /** The video track with this size, for the playlist writers that read it from the track. */
    ArchivedTrack applyTo(ArchivedTrack video) {
        if (video.width() == width && video.height() == height) {
            return video;
        }
        return new ArchivedTrack(video.trackNumber(), video.codec(), video.codecPrivateView(), width, height,
                video.sampleRate(), video.channels());
    }

    /**
     * The size of the last valid SPS among the NAL units of one AVCC frame (4-byte lengths, as MKV's
     * {@code V_MPEG4/ISO/AVC} blocks and {@link ArchivedFrame} hold them), or null when it has none.
     */
    private static PictureSize lastSpsSize(byte[] frame, SequenceParameterSet sps) {
        PictureSize found = null;
        int at = 0;
        while (at + AccessUnit.LENGTH_PREFIX_BYTES < frame.length) {
            long length = 0;
            for (int i = 0; i < AccessUnit.LENGTH_PREFIX_BYTES; i++) {
                length = (length << Byte.SIZE) | (frame[at + i] & 0xFF);
            }
            at += AccessUnit.LENGTH_PREFIX_BYTES;
            if (length <= 0 || length > frame.length - at) {
                break;
            }
            int n = (int) length;
            if (NalUnitType.of(frame[at]) == NalUnitType.SPS && sps.parse(frame, at, n)) {
                found = new PictureSize(sps.width(), sps.height());
            }
            at += n;
        }
        return found;
    }
}
