package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the DASH tests read of an fMP4 segment (ISO/IEC 14496-12): the top-level box types, the track IDs and
 * timescales an init segment declares (tkhd, mdhd), and per traf of a media segment its track ID and base media decode
 * time (tfhd, tfdt). Box sizes must chain exactly to their parent's end.
 */
final class Fmp4 {
    private static final int HEADER = 8;
    private static final int FULL_BOX = 4;
    private static final int TKHD_V0_TRACK_ID = 8;
    private static final int TKHD_V1_TRACK_ID = 16;
    private static final int MDHD_V0_TIMESCALE = 8;
    private static final int MDHD_V1_TIMESCALE = 16;
    private static final List<String> CONTAINERS = List.of("moov", "trak", "mdia", "moof", "traf");

    /** A track fragment: its track and the decode time of its first sample, in the track's timescale. */
    record Traf(long trackId, long baseMediaDecodeTime) {
    }

    /** A track of an init segment. */
    record Track(long trackId, long timescale, String handler) {
    }

    private record Box(String type, int payload, int end) {
    }

    private Fmp4() {
    }

    static List<String> topLevel(byte[] bytes) {
        return boxes(bytes, 0, bytes.length).stream().map(Box::type).toList();
    }

    static List<Track> tracks(byte[] init) {
        List<Track> tracks = new ArrayList<>();
        for (Box trak : path(init, "moov", "trak")) {
            Box tkhd = child(init, trak, "tkhd");
            Box mdia = child(init, trak, "mdia");
            Box mdhd = child(init, mdia, "mdhd");
            Box hdlr = child(init, mdia, "hdlr");
            ByteBuffer b = ByteBuffer.wrap(init);
            boolean v1 = init[tkhd.payload()] == 1;
            long id = b.getInt(tkhd.payload() + (v1 ? TKHD_V1_TRACK_ID : TKHD_V0_TRACK_ID) + FULL_BOX) & 0xFFFF_FFFFL;
            boolean mdhdV1 = init[mdhd.payload()] == 1;
            long timescale = b.getInt(mdhd.payload() + FULL_BOX + (mdhdV1 ? MDHD_V1_TIMESCALE : MDHD_V0_TIMESCALE))
                    & 0xFFFF_FFFFL;
            // hdlr: full box header, pre_defined, then handler_type
            String handler = new String(init, hdlr.payload() + FULL_BOX + FULL_BOX, FULL_BOX,
                    StandardCharsets.US_ASCII);
            tracks.add(new Track(id, timescale, handler));
        }
        return tracks;
    }

    static List<Traf> trafs(byte[] segment) {
        List<Traf> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(segment);
        for (Box traf : path(segment, "moof", "traf")) {
            Box tfhd = child(segment, traf, "tfhd");
            Box tfdt = child(segment, traf, "tfdt");
            long id = b.getInt(tfhd.payload() + FULL_BOX) & 0xFFFF_FFFFL;
            long time = segment[tfdt.payload()] == 1 ? b.getLong(tfdt.payload() + FULL_BOX)
                    : b.getInt(tfdt.payload() + FULL_BOX) & 0xFFFF_FFFFL;
            out.add(new Traf(id, time));
        }
        return out;
    }

    private static List<Box> path(byte[] bytes, String top, String inner) {
        List<Box> out = new ArrayList<>();
        for (Box t : boxes(bytes, 0, bytes.length)) {
            if (t.type().equals(top)) {
                boxes(bytes, t.payload(), t.end()).stream().filter(c -> c.type().equals(inner)).forEach(out::add);
            }
        }
        return out;
    }

    private static Box child(byte[] bytes, Box parent, String type) {
        return boxes(bytes, parent.payload(), parent.end()).stream().filter(c -> c.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + parent.type()));
    }

    private static List<Box> boxes(byte[] bytes, int from, int to) {
        List<Box> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int at = from;
        while (at < to) {
            assertThat(to - at).as("room for a box header at " + at).isGreaterThanOrEqualTo(HEADER);
            int size = b.getInt(at);
            String type = new String(bytes, at + FULL_BOX, FULL_BOX, StandardCharsets.US_ASCII);
            assertThat(size).as("size of " + type + " at " + at).isBetween(HEADER, to - at);
            Box box = new Box(type, at + HEADER, at + size);
            if (CONTAINERS.contains(type)) {
                boxes(bytes, box.payload(), box.end());
            }
            out.add(box);
            at += size;
        }
        return out;
    }
}
