package io.storagesession.mediastore.hls;

import io.storagesession.codecs.AacEncoder;
import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.AacUnits;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.TestMedia;
import io.storagesession.codecs.Tone;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The test media ({@link TestMedia}) as HLS plays it: its frames as {@link ArchivedFrame}s of a track, and as the
 * PutMedia body of a producer whose fragments each start on a keyframe.
 */
final class HlsTestFragments {
    private static final int MILLIS = 1000;

    private HlsTestFragments() {
    }

    /** AAC as the recorder writes it: the codecs {@link AacEncoder}'s frames and its AudioSpecificConfig. */
    record Aac(byte[] audioSpecificConfig, int sampleRate, int channels, List<ArchivedFrame> frames) {
        /** The MKV audio track the recorder declares for it: A_AAC with this AudioSpecificConfig. */
        AudioTrack track() {
            return new AudioTrack(AudioTrack.AAC_CODEC_ID, sampleRate, channels, audioSpecificConfig, 0, 0);
        }
    }

    /**
     * {@code seconds} of a tone through the recorder's AAC encoder (the {@code codecs.aac} defaults: mono 48 kHz), fed
     * in the mixer's 20 ms chunks from {@code baseMillis}; each access unit gets the millisecond timecode of its PTS,
     * as the recorder gives its blocks, so the first one (the encoder's priming) lies before {@code baseMillis}.
     */
    static Aac recorderAac(int trackNumber, int seconds, long baseMillis) {
        AacSettings settings = AacSettings.defaults();
        AacUnits units = new AacUnits();
        try (AacEncoder encoder = new AacEncoder(settings, units)) {
            short[] chunk = new short[Opus.FRAME_SAMPLES * settings.channels()];
            int chunks = seconds * MILLIS / Opus.FRAME_MILLIS;
            for (int i = 0; i < chunks; i++) {
                long pts = (long) i * Opus.FRAME_SAMPLES;
                Tone.fill(chunk, TestMedia.TONE_HZ, TestMedia.TONE_AMPLITUDE, pts);
                encoder.encode(chunk, 0, chunk.length, pts);
            }
            encoder.flush();
            List<ArchivedFrame> frames = new ArrayList<>();
            for (AacUnits.Unit u : units.units()) {
                long millis = baseMillis + Math.floorDiv(u.pts() * MILLIS, encoder.sampleRate());
                frames.add(new ArchivedFrame(trackNumber, millis, true, u.data()));
            }
            return new Aac(encoder.audioSpecificConfig(), encoder.sampleRate(), encoder.channels(), frames);
        }
    }

    /** The test media's frames as frames of MKV track {@code trackNumber}. */
    static List<ArchivedFrame> frames(int trackNumber, List<TestMedia.Frame> frames) {
        return frames.stream().map(f -> new ArchivedFrame(trackNumber, f.timecodeMillis(), f.keyframe(), f.data()))
                .toList();
    }

    /**
     * The frames as a producer sends them over PutMedia, written with the recorder's own MKV writer (StreamHeader and
     * FragmentWriter): under a header of {@code video} and {@code audio} (null: video alone), cut into fragments of
     * {@code keyframesPerFragment} GOPs, each starting at a video keyframe, with the audio frames that fall into it;
     * audio before the first keyframe (an AAC encoder's priming frame) goes into the first fragment, as the recorder
     * writes it — a block with a negative relative timecode — and audio after the last video frame into none.
     */
    static TestMkv.Recording recording(VideoTrack video, AudioTrack audio, List<ArchivedFrame> videoFrames,
                                       List<ArchivedFrame> audioFrames, int keyframesPerFragment) {
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, video, audio);
        FragmentWriter writer = new FragmentWriter(settings);
        writer.declareTracks(audio == null ? StreamHeader.VIDEO_TRACK_NUMBER : StreamHeader.AUDIO_TRACK_NUMBER);
        List<Long> starts = new ArrayList<>();
        int keys = 0;
        for (ArchivedFrame f : videoFrames) {
            if (f.keyframe() && keys++ % keyframesPerFragment == 0) {
                starts.add(f.timecodeMillis());
            }
        }
        starts.add(videoFrames.get(videoFrames.size() - 1).timecodeMillis() + MILLIS / TestMedia.FRAME_RATE);
        List<byte[]> bytes = new ArrayList<>();
        List<TestMkv.Fragment> fragments = new ArrayList<>();
        for (int s = 0; s + 1 < starts.size(); s++) {
            long from = starts.get(s);
            long to = starts.get(s + 1);
            boolean first = s == 0;
            List<ArchivedFrame> frames = new ArrayList<>(videoFrames.stream()
                    .filter(f -> f.timecodeMillis() >= from && f.timecodeMillis() < to).toList());
            audioFrames.stream().filter(f -> (f.timecodeMillis() >= from || first) && f.timecodeMillis() < to)
                    .forEach(frames::add);
            // the fragment's keyframe first (a fragment starts with one), then the rest in time order as a cluster
            // interleaves them; a sort keeps each track's order
            frames.sort(Comparator.comparing((ArchivedFrame f) -> f.trackNumber() != StreamHeader.VIDEO_TRACK_NUMBER
                    || f.timecodeMillis() != from).thenComparingLong(ArchivedFrame::timecodeMillis)
                    .thenComparingInt(ArchivedFrame::trackNumber));
            writer.startFragment(from, FragmentTags.NONE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<TestMkv.Frame> written = new ArrayList<>();
            for (ArchivedFrame f : frames) {
                MkvBuffer b = writer.writeFrame(f.trackNumber(), f.timecodeMillis(), f.keyframe(), f.data(), 0,
                        f.data().length);
                out.write(b.array(), 0, b.length());
                written.add(new TestMkv.Frame(f.trackNumber(), f.timecodeMillis(), f.keyframe(), f.data()));
            }
            writer.closeFragment();
            bytes.add(out.toByteArray());
            fragments.add(new TestMkv.Fragment(from, written));
        }
        return new TestMkv.Recording(header.toByteArray(), bytes, fragments);
    }
}
