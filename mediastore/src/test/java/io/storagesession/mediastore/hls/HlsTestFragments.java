package io.storagesession.mediastore.hls;

import io.storagesession.codecs.AacEncoder;
import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.AacUnits;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.TestMedia;
import io.storagesession.codecs.Tone;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The test media ({@link TestMedia}) as HLS plays it: its frames as {@link ArchivedFrame}s of a track, grouped into
 * KVS-like fragments that each start on a keyframe.
 */
final class HlsTestFragments {
    private static final int MILLIS = 1000;
    /** A KVS-looking fragment number for sequence 0. */
    private static final long FIRST_FRAGMENT_NUMBER = 91_343_852_333_181_432L;

    private HlsTestFragments() {
    }

    /** AAC as the recorder writes it: the codecs {@link AacEncoder}'s frames and its AudioSpecificConfig. */
    record Aac(byte[] audioSpecificConfig, int sampleRate, int channels, List<ArchivedFrame> frames) {
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
     * Cuts the frames into fragments of {@code keyframesPerFragment} GOPs, each starting at a video keyframe, with the
     * audio frames that fall into it (the first fragment also those before it); fragment numbers and sequences count
     * from {@code firstSequence}.
     */
    static List<ArchivedFragment> fragments(List<ArchivedFrame> video, List<ArchivedFrame> audio,
            int keyframesPerFragment,
                                       long firstSequence, long tracksSequence, long serverSkewMillis) {
        List<Long> starts = new ArrayList<>();
        int keys = 0;
        for (ArchivedFrame f : video) {
            if (f.keyframe() && keys++ % keyframesPerFragment == 0) {
                starts.add(f.timecodeMillis());
            }
        }
        long end = video.get(video.size() - 1).timecodeMillis() + MILLIS / TestMedia.FRAME_RATE;
        starts.add(end);
        List<ArchivedFragment> out = new ArrayList<>();
        for (int s = 0; s + 1 < starts.size(); s++) {
            long from = starts.get(s);
            long to = starts.get(s + 1);
            List<ArchivedFrame> frames = new ArrayList<>();
            long size = 0;
            // video first then audio, ordered by timecode as a cluster interleaves them
            for (ArchivedFrame f : video) {
                if (f.timecodeMillis() >= from && f.timecodeMillis() < to) {
                    frames.add(f);
                    size += f.data().length;
                }
            }
            for (ArchivedFrame f : audio) {
                // audio before the first keyframe (an AAC encoder's priming frame) goes into the first fragment, as
                // the recorder writes it: a block with a negative relative timecode
                if ((f.timecodeMillis() >= from || s == 0) && f.timecodeMillis() < to) {
                    frames.add(f);
                    size += f.data().length;
                }
            }
            frames.sort((a, b) -> Long.compare(a.timecodeMillis(), b.timecodeMillis()));
            long sequence = firstSequence + s;
            ArchivedFragmentInfo info = new ArchivedFragmentInfo(String.valueOf(FIRST_FRAGMENT_NUMBER + sequence), from,
                    from + serverSkewMillis, to - from, size, sequence, tracksSequence);
            out.add(new ArchivedFragment(info, frames));
        }
        return out;
    }
}
