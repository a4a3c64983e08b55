package io.storagesession.mediastore.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.util.ArrayList;
import java.util.List;

/**
 * One TrackEntry of a stream header (RFC 9559 §5.1.4.1), as players of the stored media need it: number, UID, codec
 * ID and CodecPrivate (avcC for {@code V_MPEG4/ISO/AVC}, AudioSpecificConfig for {@code A_AAC}, OpusHead for
 * {@code A_OPUS}), name, and the Video (PixelWidth/PixelHeight) or Audio (SamplingFrequency/Channels) settings; 0 where
 * the stream did not say.
 */
public record TrackInfo(long number, long uid, int type, String codecId, byte[] codecPrivate, String name,
                        int pixelWidth, int pixelHeight, double samplingFrequency, int channels) {
    /** RFC 9559 §5.1.4.1.3 TrackType values. */
    public static final int TYPE_VIDEO = 1;
    public static final int TYPE_AUDIO = 2;
    /** RFC 9559: SamplingFrequency defaults to 8000 Hz and Channels to 1 when absent. */
    private static final double DEFAULT_SAMPLING_FREQUENCY = 8000;
    private static final int DEFAULT_CHANNELS = 1;

    public TrackInfo {
        codecPrivate = codecPrivate.clone();
    }

    @Override
    public byte[] codecPrivate() {
        return codecPrivate.clone();
    }

    /** Reads every TrackEntry of a Tracks element held whole ({@code element}, data from {@code dataStart}). */
    public static List<TrackInfo> parseTracks(byte[] element, int dataStart, int end) throws MkvException {
        List<TrackInfo> tracks = new ArrayList<>();
        EbmlCursor children = new EbmlCursor(element, dataStart, end);
        while (children.next()) {
            if (children.id() == MatroskaIds.TRACK_ENTRY) {
                tracks.add(parseEntry(children.children()));
            }
        }
        return tracks;
    }

    private static TrackInfo parseEntry(EbmlCursor entry) throws MkvException {
        long number = 0;
        long uid = 0;
        int type = 0;
        String codecId = "";
        byte[] codecPrivate = new byte[0];
        String name = "";
        int width = 0;
        int height = 0;
        double sampling = 0;
        int channels = 0;
        while (entry.next()) {
            switch (entry.id()) {
                case MatroskaIds.TRACK_NUMBER -> number = entry.unsigned();
                case MatroskaIds.TRACK_UID -> uid = entry.unsigned();
                case MatroskaIds.TRACK_TYPE -> type = (int) entry.unsigned();
                case MatroskaIds.CODEC_ID -> codecId = entry.string();
                case MatroskaIds.CODEC_PRIVATE -> codecPrivate = entry.binary();
                case MatroskaIds.NAME -> name = entry.string();
                case MatroskaIds.VIDEO -> {
                    EbmlCursor video = entry.children();
                    while (video.next()) {
                        if (video.id() == MatroskaIds.PIXEL_WIDTH) {
                            width = (int) Math.min(Integer.MAX_VALUE, video.unsigned());
                        } else if (video.id() == MatroskaIds.PIXEL_HEIGHT) {
                            height = (int) Math.min(Integer.MAX_VALUE, video.unsigned());
                        }
                    }
                }
                case MatroskaIds.AUDIO -> {
                    sampling = DEFAULT_SAMPLING_FREQUENCY;
                    channels = DEFAULT_CHANNELS;
                    EbmlCursor audio = entry.children();
                    while (audio.next()) {
                        if (audio.id() == MatroskaIds.SAMPLING_FREQUENCY) {
                            sampling = audio.floatValue();
                        } else if (audio.id() == MatroskaIds.CHANNELS) {
                            channels = (int) Math.min(Integer.MAX_VALUE, audio.unsigned());
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (number < 1) {
            throw MkvException.invalid("a TrackEntry has no TrackNumber");
        }
        return new TrackInfo(number, uid, type, codecId, codecPrivate, name, width, height, sampling, channels);
    }
}
