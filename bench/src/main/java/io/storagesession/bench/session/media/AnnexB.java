package io.storagesession.bench.session.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an H.264 Annex B byte stream (ITU-T H.264 Annex B: NAL units behind {@code 00 00 01} or {@code 00 00 00 01}
 * start codes, as {@code ffmpeg -f h264} writes it) into access units. An access unit starts at an access unit
 * delimiter (type 9), or — for streams without delimiters — at a parameter set or SEI after a slice, or at a slice
 * whose {@code first_mb_in_slice} is 0 after a slice (H.264 §7.4.1.2.3). Delimiters themselves are dropped: WebRTC
 * senders do not send them. Never throws on malformed input: bytes before the first start code are skipped, empty
 * NAL units are dropped.
 */
public final class AnnexB {
    /** NAL unit types (H.264 Table 7-1) the grouping looks at. */
    static final int NAL_NON_IDR_SLICE = 1;
    static final int NAL_IDR_SLICE = 5;
    static final int NAL_SEI = 6;
    static final int NAL_SPS = 7;
    static final int NAL_PPS = 8;
    static final int NAL_AUD = 9;
    private static final int NAL_TYPE_MASK = 0x1F;
    /** {@code first_mb_in_slice} is the slice header's first ue(v); value 0 is coded as a single 1 bit. */
    private static final int FIRST_MB_ZERO_BIT = 0x80;

    private AnnexB() {
    }

    /** The NAL units of {@code stream}, without start codes, in order. */
    public static List<byte[]> nalUnits(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    add(units, stream, start, trimZeros(stream, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            add(units, stream, start, stream.length);
        }
        return units;
    }

    /** Groups NAL units into access units (delimiters dropped); each list is one picture's NAL units. */
    public static List<List<byte[]>> accessUnits(List<byte[]> nalUnits) {
        List<List<byte[]>> units = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean hasSlice = false;
        for (byte[] nal : nalUnits) {
            int type = type(nal);
            boolean slice = type == NAL_NON_IDR_SLICE || type == NAL_IDR_SLICE;
            boolean startsNew = type == NAL_AUD
                    || hasSlice && (type == NAL_SPS || type == NAL_PPS || type == NAL_SEI)
                    || hasSlice && slice && nal.length > 1 && (nal[1] & FIRST_MB_ZERO_BIT) != 0;
            if (startsNew && !current.isEmpty()) {
                units.add(current);
                current = new ArrayList<>();
                hasSlice = false;
            }
            if (type != NAL_AUD) {
                current.add(nal);
                hasSlice |= slice;
            }
        }
        if (!current.isEmpty()) {
            units.add(current);
        }
        return units;
    }

    /** The NAL unit type of a non-empty NAL unit. */
    public static int type(byte[] nal) {
        return nal[0] & NAL_TYPE_MASK;
    }

    /** Whether an access unit holds an IDR slice: a decoder can start there. */
    public static boolean isKeyframe(List<byte[]> accessUnit) {
        return accessUnit.stream().anyMatch(n -> type(n) == NAL_IDR_SLICE);
    }

    /** The end of a NAL unit that a 4-byte start code follows: its trailing zero bytes belong to the start code. */
    private static int trimZeros(byte[] stream, int start, int end) {
        int e = end;
        while (e > start && stream[e - 1] == 0) {
            e--;
        }
        return e;
    }

    private static void add(List<byte[]> units, byte[] stream, int from, int to) {
        if (to > from) {
            units.add(Arrays.copyOfRange(stream, from, to));
        }
    }
}
