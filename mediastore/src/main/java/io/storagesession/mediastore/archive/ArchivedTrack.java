package io.storagesession.mediastore.archive;

import io.storagesession.codecs.OpusHead;
import java.util.Arrays;

/**
 * One track of a stream as HLS plays it: the MKV track (KVS-WIRE.md §5) reduced to what an fMP4 sample entry and an
 * RFC 6381 CODECS string need. The store builds these from the stream header (MKV Tracks) a fragment was ingested
 * under; a codec KVS HLS cannot carry is never an {@code ArchivedTrack} (the store answers
 * {@code UnsupportedStreamMediaTypeException} instead).
 *
 * @param trackNumber   the MKV TrackNumber (1 video, 2 audio as KVS producers write them); also the fMP4 track_ID
 * @param codec         H.264, Opus or AAC
 * @param codecPrivate  the MKV CodecPrivate: avcC (ISO/IEC 14496-15 §5.3.3.1), OpusHead (RFC 7845 §5.1) or the
 *                      AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1)
 * @param width         video picture width in pixels (0 for audio)
 * @param height        video picture height in pixels (0 for audio)
 * @param sampleRate    audio sampling rate in Hz (0 for video); Opus always 48 000 (RFC 7845 §5.1)
 * @param channels      audio channel count (0 for video)
 */
public record ArchivedTrack(int trackNumber, Codec codec, byte[] codecPrivate, int width, int height, int sampleRate,
                       int channels) {

    /** The codecs KVS HLS serves (H.264, AAC) and the one this server adds in fMP4 only (Opus, KVS-WIRE.md §6). */
    public enum Codec {
        H264(true), OPUS(false), AAC(false);

        private final boolean video;

        Codec(boolean video) {
            this.video = video;
        }

        public boolean isVideo() {
            return video;
        }
    }

    /** RFC 6716 §2: Opus is always decoded at 48 kHz, whatever the OpusHead's informative input rate says. */
    public static final int OPUS_SAMPLE_RATE = 48_000;

    public ArchivedTrack {
        if (trackNumber < 1) {
            throw new IllegalArgumentException("track numbers start at 1: " + trackNumber);
        }
        if (codec == null || codecPrivate == null || codecPrivate.length == 0) {
            throw new IllegalArgumentException("track " + trackNumber + " needs a codec and its codec private data");
        }
        if (codec.isVideo() && (width <= 0 || height <= 0)) {
            throw new IllegalArgumentException("video track " + trackNumber + " needs a picture size");
        }
        if (!codec.isVideo() && (sampleRate <= 0 || channels <= 0)) {
            throw new IllegalArgumentException("audio track " + trackNumber + " needs a sample rate and channels");
        }
        codecPrivate = codecPrivate.clone();
    }

    public static ArchivedTrack h264(int trackNumber, byte[] avcC, int width, int height) {
        return new ArchivedTrack(trackNumber, Codec.H264, avcC, width, height, 0, 0);
    }

    /** Opus with its OpusHead as MKV's {@code A_OPUS} CodecPrivate holds it; the channel count is read from it. */
    public static ArchivedTrack opus(int trackNumber, byte[] opusHead) {
        if (opusHead.length <= OpusHead.CHANNELS) {
            throw new IllegalArgumentException("an OpusHead is at least 19 bytes, not " + opusHead.length);
        }
        return new ArchivedTrack(trackNumber, Codec.OPUS, opusHead, 0, 0, OPUS_SAMPLE_RATE,
                OpusHead.channels(opusHead));
    }

    public static ArchivedTrack aac(int trackNumber, byte[] audioSpecificConfig, int sampleRate, int channels) {
        return new ArchivedTrack(trackNumber, Codec.AAC, audioSpecificConfig, 0, 0, sampleRate, channels);
    }

    @Override
    public byte[] codecPrivate() {
        return codecPrivate.clone();
    }

    /** The codec private bytes without a copy, for the fMP4 and TS writers (they never modify them). */
    public byte[] codecPrivateView() {
        return codecPrivate;
    }

    public boolean isVideo() {
        return codec.isVideo();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchivedTrack t && t.trackNumber == trackNumber && t.codec == codec && t.width == width
                && t.height == height && t.sampleRate == sampleRate && t.channels == channels
                && Arrays.equals(t.codecPrivate, codecPrivate);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * trackNumber + codec.hashCode()) + Arrays.hashCode(codecPrivate);
    }

    @Override
    public String toString() {
        return "ArchivedTrack[" + trackNumber + " " + codec + (isVideo() ? " " + width + "x" + height
                : " " + sampleRate + " Hz x" + channels) + "]";
    }
}
