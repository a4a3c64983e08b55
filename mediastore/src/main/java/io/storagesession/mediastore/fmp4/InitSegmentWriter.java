package io.storagesession.mediastore.fmp4;

import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;

/**
 * The fMP4 initialization segment (RFC 8216 §3.3 "Fragmented MPEG-4", the EXT-X-MAP resource; KVS's
 * GetMP4InitFragment): {@code ftyp} then a {@code moov} whose tracks have sample entries and empty sample tables, and
 * an {@code mvex} announcing movie fragments (ISO/IEC 14496-12 §8.8.1). KVS serves one track per init segment (the
 * TrackNumber parameter); given several tracks the same writer produces one moov holding all of them, which single-
 * rendition players (hls.js, ffmpeg) also accept.
 *
 * <p>Timescales: video uses 90 kHz, the MPEG convention every HLS packager uses (it represents both 25 and 29.97 fps
 * frame durations exactly); audio uses its sample rate, so each audio frame lasts a whole number of ticks. The movie
 * timescale is 1000 (durations there are all 0: a fragmented movie's length is in its fragments).
 */
public final class InitSegmentWriter {
    /** 14496-12 §4.3 / §6: brands. iso6 for tfdt version 1 and default-base-is-moof, cmfc the CMAF track brand. */
    private static final String MAJOR_BRAND = "iso6";
    private static final String[] COMPATIBLE_BRANDS = {"iso6", "cmfc", "mp41"};
    private static final int MINOR_VERSION = 0;
    public static final int VIDEO_TIMESCALE = 90_000;
    private static final int MOVIE_TIMESCALE = 1000;
    /** 1.0 as 16.16 (rate) and 8.8 (volume) fixed point (14496-12 §8.2.2). */
    private static final long RATE_ONE = 0x0001_0000L;
    private static final int VOLUME_ONE = 0x0100;
    /** The unity transformation matrix {0x00010000,0,0, 0,0x00010000,0, 0,0,0x40000000} (§8.2.2). */
    private static final long[] UNITY_MATRIX = {RATE_ONE, 0, 0, 0, RATE_ONE, 0, 0, 0, 0x4000_0000L};
    private static final int MVHD_RESERVED_BYTES = 10;
    private static final int MVHD_PRE_DEFINED_BYTES = 24;
    /** tkhd flags: track_enabled | track_in_movie (§8.3.2). */
    private static final int TRACK_ENABLED_IN_MOVIE = 0x000003;
    private static final int TKHD_RESERVED_BYTES = 8;
    /** Audio tracks are alternatives of each other (§8.3.2 alternate_group); video is group 0. */
    private static final int AUDIO_ALTERNATE_GROUP = 1;
    private static final int FIXED_16_16_SHIFT = 16;
    /** ISO 639-2/T "und" packed as three 5-bit letters minus 0x60 (§8.4.2). */
    private static final int LANGUAGE_UNDETERMINED = 0x55C4;
    /** dref's single entry: url with flags 1, media data in this file (§8.7.2). */
    private static final int SELF_CONTAINED = 0x000001;
    /** vmhd flags must be 1 (§12.1.2). */
    private static final int VMHD_FLAGS = 0x000001;
    private static final int VMHD_OPCOLOR_BYTES = 6;
    private static final int DEFAULT_SAMPLE_DESCRIPTION_INDEX = 1;

    private InitSegmentWriter() {
    }

    /** Writes ftyp + moov for {@code tracks} (at least one) into {@code out}, after whatever it already holds. */
    public static void write(Mp4Buffer out, List<ArchivedTrack> tracks) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("an init segment needs at least one track");
        }
        ftyp(out);
        int moov = out.startBox("moov");
        mvhd(out, tracks);
        for (ArchivedTrack track : tracks) {
            trak(out, track);
        }
        int mvex = out.startBox("mvex");
        for (ArchivedTrack track : tracks) {
            int trex = out.startFullBox("trex", 0, 0);
            out.u32(track.trackNumber());
            out.u32(DEFAULT_SAMPLE_DESCRIPTION_INDEX);
            out.u32(0);
            out.u32(0);
            out.u32(0);
            out.endBox(trex);
        }
        out.endBox(mvex);
        out.endBox(moov);
    }

    /** The media timescale of a track: 90 kHz for video, the sample rate for audio. */
    public static int timescale(ArchivedTrack track) {
        return track.isVideo() ? VIDEO_TIMESCALE : track.sampleRate();
    }

    private static void ftyp(Mp4Buffer out) {
        int box = out.startBox("ftyp");
        out.fourcc(MAJOR_BRAND);
        out.u32(MINOR_VERSION);
        for (String brand : COMPATIBLE_BRANDS) {
            out.fourcc(brand);
        }
        out.endBox(box);
    }

    private static void mvhd(Mp4Buffer out, List<ArchivedTrack> tracks) {
        int box = out.startFullBox("mvhd", 0, 0);
        out.u32(0);
        out.u32(0);
        out.u32(MOVIE_TIMESCALE);
        out.u32(0);
        out.u32(RATE_ONE);
        out.u16(VOLUME_ONE);
        out.zeros(MVHD_RESERVED_BYTES);
        matrix(out);
        out.zeros(MVHD_PRE_DEFINED_BYTES);
        int next = 0;
        for (ArchivedTrack t : tracks) {
            next = Math.max(next, t.trackNumber());
        }
        out.u32(next + 1L);
        out.endBox(box);
    }

    private static void trak(Mp4Buffer out, ArchivedTrack track) {
        int trak = out.startBox("trak");
        int tkhd = out.startFullBox("tkhd", 0, TRACK_ENABLED_IN_MOVIE);
        out.u32(0);
        out.u32(0);
        out.u32(track.trackNumber());
        out.u32(0);
        out.u32(0);
        out.zeros(TKHD_RESERVED_BYTES);
        out.u16(0);
        out.u16(track.isVideo() ? 0 : AUDIO_ALTERNATE_GROUP);
        out.u16(track.isVideo() ? 0 : VOLUME_ONE);
        out.u16(0);
        matrix(out);
        out.u32((long) track.width() << FIXED_16_16_SHIFT);
        out.u32((long) track.height() << FIXED_16_16_SHIFT);
        out.endBox(tkhd);

        int mdia = out.startBox("mdia");
        int mdhd = out.startFullBox("mdhd", 0, 0);
        out.u32(0);
        out.u32(0);
        out.u32(timescale(track));
        out.u32(0);
        out.u16(LANGUAGE_UNDETERMINED);
        out.u16(0);
        out.endBox(mdhd);
        hdlr(out, track);
        minf(out, track);
        out.endBox(mdia);
        out.endBox(trak);
    }

    private static void hdlr(Mp4Buffer out, ArchivedTrack track) {
        int box = out.startFullBox("hdlr", 0, 0);
        out.u32(0);
        out.fourcc(track.isVideo() ? "vide" : "soun");
        out.zeros(3 * Integer.BYTES);
        String name = track.isVideo() ? "VideoHandler" : "SoundHandler";
        for (int i = 0; i < name.length(); i++) {
            out.u8(name.charAt(i));
        }
        out.u8(0);
        out.endBox(box);
    }

    private static void minf(Mp4Buffer out, ArchivedTrack track) {
        int minf = out.startBox("minf");
        if (track.isVideo()) {
            int vmhd = out.startFullBox("vmhd", 0, VMHD_FLAGS);
            out.u16(0);
            out.zeros(VMHD_OPCOLOR_BYTES);
            out.endBox(vmhd);
        } else {
            int smhd = out.startFullBox("smhd", 0, 0);
            out.u16(0);
            out.u16(0);
            out.endBox(smhd);
        }
        int dinf = out.startBox("dinf");
        int dref = out.startFullBox("dref", 0, 0);
        out.u32(1);
        int url = out.startFullBox("url ", 0, SELF_CONTAINED);
        out.endBox(url);
        out.endBox(dref);
        out.endBox(dinf);

        int stbl = out.startBox("stbl");
        int stsd = out.startFullBox("stsd", 0, 0);
        out.u32(1);
        SampleEntries.write(out, track);
        out.endBox(stsd);
        emptyTable(out, "stts");
        emptyTable(out, "stsc");
        int stsz = out.startFullBox("stsz", 0, 0);
        out.u32(0);
        out.u32(0);
        out.endBox(stsz);
        emptyTable(out, "stco");
        out.endBox(stbl);
        out.endBox(minf);
    }

    /** A FullBox holding only entry_count = 0: the samples are all in the movie fragments (§8.8.1). */
    private static void emptyTable(Mp4Buffer out, String type) {
        int box = out.startFullBox(type, 0, 0);
        out.u32(0);
        out.endBox(box);
    }

    private static void matrix(Mp4Buffer out) {
        for (long v : UNITY_MATRIX) {
            out.u32(v);
        }
    }
}
