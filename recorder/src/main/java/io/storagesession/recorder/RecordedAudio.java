package io.storagesession.recorder;

import io.storagesession.codecs.AacSettings;
import io.storagesession.recorder.mkv.AudioTrack;

/**
 * The recording's audio track: how the session's full mix (20 ms frames of PCM and their Opus encoding, from the
 * audio mixer) becomes the frames of an {@code A_OPUS} or {@code A_AAC} track (KVS-WIRE.md §5). Confined to the
 * session executor.
 */
public interface RecordedAudio extends AutoCloseable {
    /** Receives the track's frames with their timecodes in ms since the Unix epoch. */
    interface Frames {
        void audio(long timecode, byte[] frame, int off, int len);
    }

    AudioTrack track();

    /** One mix frame whose first sample is at {@code timecode}; the track's frames go to {@code out}. */
    void mixed(long timecode, short[] pcm, byte[] opus, int off, int len, Frames out);

    /** Whether {@link #mixed} reads the PCM (an encoder does); when not, the mixer need not decode a lone talker. */
    default boolean needsPcm() {
        return true;
    }

    /** A recording ends: frames still inside an encoder go to {@code out}, and the next recording starts afresh. */
    void flush(Frames out);

    @Override
    void close();

    /** The track for a resolved codec (OPUS or AAC, the latter encoded with {@code aac}). */
    static RecordedAudio of(RecorderSettings.AudioCodec codec, AacSettings aac) {
        return switch (codec) {
            case OPUS -> opus();
            case AAC -> new AacAudio(aac);
            case AUTO -> throw new IllegalArgumentException("resolve AUTO against the target first");
        };
    }

    /** Opus passthrough: the mixer's frame is already a valid Opus packet (RFC 6716), one per block. */
    static RecordedAudio opus() {
        AudioTrack track = AudioTrack.opus(1);
        return new RecordedAudio() {
            @Override
            public AudioTrack track() {
                return track;
            }

            @Override
            public void mixed(long timecode, short[] pcm, byte[] opus, int off, int len, Frames out) {
                out.audio(timecode, opus, off, len);
            }

            @Override
            public boolean needsPcm() {
                return false;
            }

            @Override
            public void flush(Frames out) {
            }

            @Override
            public void close() {
            }
        };
    }
}
