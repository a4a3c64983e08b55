package io.storagesession.recorder.mkv;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Drives the writers the way the recorder will: stream header once, then frames in time order, a new fragment at
 * the first video keyframe at least {@code fragmentMillis} after the current fragment began. Records what it wrote,
 * fragment by fragment, for the tests to compare with what readers find.
 */
final class RecordingWriter {
    static final String FRAGMENT_TAG = "fragment-index";

    /** What went into one fragment. */
    record Fragment(long timecode, String tagValue, List<MediaFrame> frames) {
    }

    record Recording(byte[] mkv, List<Fragment> fragments) {
    }

    private RecordingWriter() {
    }

    /** Video before audio at equal times, so each fragment can begin with its video keyframe. */
    static List<MediaFrame> interleave(List<MediaFrame> video, List<MediaFrame> audio) {
        List<MediaFrame> all = new ArrayList<>(video);
        all.addAll(audio);
        all.sort(Comparator.comparingLong(MediaFrame::timecodeMillis).thenComparingInt(MediaFrame::track));
        return all;
    }

    static Recording write(VideoTrack video, AudioTrack audio, List<MediaFrame> frames, long fragmentMillis) {
        MkvSettings settings = MkvSettings.defaults();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, video, audio);
        out.write(header.array(), 0, header.length());

        FragmentWriter writer = new FragmentWriter(settings);
        List<Fragment> fragments = new ArrayList<>();
        for (MediaFrame frame : frames) {
            boolean videoKey = frame.track() == StreamHeader.VIDEO_TRACK_NUMBER && frame.keyframe();
            boolean due = fragments.isEmpty()
                    || frame.timecodeMillis() - fragments.get(fragments.size() - 1).timecode() >= fragmentMillis;
            if (videoKey && due && (fragments.isEmpty() || writer.everyTrackHasFrame())) {
                String index = String.valueOf(fragments.size());
                writer.startFragment(frame.timecodeMillis(), FragmentTags.builder().add(FRAGMENT_TAG, index).build());
                fragments.add(new Fragment(frame.timecodeMillis(), index, new ArrayList<>()));
            }
            if (fragments.isEmpty()) {
                continue;
            }
            MkvBuffer bytes = writer.writeFrame(frame.track(), frame.timecodeMillis(), frame.keyframe(), frame.data(),
                    0, frame.data().length);
            out.write(bytes.array(), 0, bytes.length());
            fragments.get(fragments.size() - 1).frames().add(frame);
        }
        writer.closeFragment();
        return new Recording(out.toByteArray(), fragments);
    }
}
