package io.storagesession.mediastore.hls;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.h264.AvcConfig;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.InitSegmentWriter;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import java.util.Arrays;
import java.util.List;

/**
 * An MPEG-2 transport stream segment (ISO/IEC 13818-1; RFC 8216 §3.2; KVS's GetTSFragment) for one stored fragment
 * of H.264 and AAC: a PAT and a PMT, then one PES per frame in timecode order, cut into 188-byte packets. TS has no
 * out-of-band codec configuration, so H.264 goes as an Annex B byte stream with an access unit delimiter and the avcC's
 * SPS and PPS before every IDR picture (ISO/IEC 14496-10 Annex B, 13818-1 §2.14), and AAC as ADTS frames built from
 * the AudioSpecificConfig (ISO/IEC 14496-3 §1.A.2). Opus has no TS mapping HLS players use, so Opus tracks are refused
 * before this writer is reached.
 *
 * <p>Timestamps are the fragment's frame times on the session's timeline in 90 kHz, modulo 2^33 as PES timestamps are
 * (players unwrap them); the PCR rides on the video PID at each keyframe.
 */
public final class TsSegmentWriter {
    static final int PACKET_BYTES = 188;
    private static final int SYNC_BYTE = 0x47;
    private static final int PAT_PID = 0x0000;
    static final int PMT_PID = 0x1000;
    static final int FIRST_ES_PID = 0x0100;
    private static final int PROGRAM_NUMBER = 1;
    private static final int TRANSPORT_STREAM_ID = 1;
    /** 13818-1 Table 2-34: 0x1B H.264, 0x0F AAC with ADTS transport. */
    static final int STREAM_TYPE_H264 = 0x1B;
    static final int STREAM_TYPE_AAC_ADTS = 0x0F;
    private static final int VIDEO_STREAM_ID = 0xE0;
    private static final int AUDIO_STREAM_ID = 0xC0;
    private static final int HEADER_BYTES = 4;
    private static final int PUSI = 0x40;
    private static final int PID_HIGH_MASK = 0x1F;
    private static final int PAYLOAD_ONLY = 0x10;
    private static final int ADAPTATION_AND_PAYLOAD = 0x30;
    private static final int CONTINUITY_MASK = 0x0F;
    private static final int RANDOM_ACCESS = 0x40;
    private static final int PCR_FLAG = 0x10;
    private static final int PCR_BYTES = 6;
    private static final int STUFFING = 0xFF;
    private static final long PTS_MASK = (1L << 33) - 1;
    private static final int PES_HEADER_BYTES = 14;
    /** start code (3), stream_id (1), PES_packet_length (2). */
    private static final int PES_LENGTH_END = 6;
    /** '10' marker bits, data_alignment_indicator (each PES starts an access unit). */
    private static final int PES_FLAGS_ALIGNED = 0x84;
    private static final int PES_PTS_ONLY = 0x80;
    private static final int PTS_BYTES = 5;
    private static final int PTS_PREFIX = 0x20;
    private static final int MAX_PES_LENGTH = 0xFFFF;
    /** Access unit delimiter, primary_pic_type 7 (any slice type), rbsp stop bit (14496-10 §7.3.2.4). */
    private static final byte[] ACCESS_UNIT_DELIMITER = {0, 0, 0, 1, 0x09, (byte) 0xF0};
    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final int NAL_LENGTH_BYTES = 4;
    private static final int ADTS_HEADER_BYTES = 7;
    private static final int SECTION_HEADER_BYTES = 3;
    private static final int PAT_TABLE_ID = 0x00;
    private static final int PMT_TABLE_ID = 0x02;
    private static final int SECTION_SYNTAX_AND_RESERVED = 0xB000;
    private static final int VERSION_0_CURRENT = 0xC1;
    private static final int RESERVED_3_BITS = 0xE000;
    /** Reserved '1111' then a 12-bit info length of 0 (program_info_length, ES_info_length). */
    private static final int RESERVED_4_BITS = 0xF000;
    private static final int PSI_INITIAL_BYTES = 32;
    private static final int ADTS_SYNC_HIGH = 0xFF;
    /** Syncword low nibble, ID 0 (MPEG-4), layer 00, protection_absent 1. */
    private static final int ADTS_SYNC_LOW_MPEG4_NO_CRC = 0xF1;
    private static final int ADTS_PROFILE_SHIFT = 6;
    private static final int ADTS_FREQUENCY_SHIFT = 2;
    private static final int ADTS_CHANNELS_LOW_SHIFT = 6;
    private static final int ADTS_LENGTH_HIGH_SHIFT = 11;
    private static final int ADTS_LENGTH_MID_SHIFT = 3;
    private static final int ADTS_LENGTH_LOW_SHIFT = 5;
    /** adts_buffer_fullness 0x7FF (variable bit rate): its top 5 bits, then its low 6 bits and 0 more raw blocks. */
    private static final int ADTS_FULLNESS_HIGH = 0x1F;
    private static final int ADTS_FULLNESS_LOW_ONE_BLOCK = 0xFC;
    private static final int CRC_BYTES = 4;

    private final int[] continuity = new int[FIRST_ES_PID + 2];
    private final Mp4Buffer payload = new Mp4Buffer(PACKET_BYTES);
    private final byte[] header = new byte[PES_HEADER_BYTES];
    /** Writes one of the avcC's parameter sets into {@link #payload} as an Annex B NAL unit. */
    private final AvcConfig.ParameterSetSink parameterSetToPayload = (record, offset, length) -> {
        payload.bytes(START_CODE);
        payload.bytes(record, offset, length);
    };

    /**
     * Writes the segment for {@code tracks} (H.264 and/or AAC) of {@code fragment} into {@code out}.
     *
     * @param shiftMillis moves frame timecodes onto the session's timeline (as for fMP4)
     */
    public void write(Mp4Buffer out, List<ArchivedTrack> tracks, ArchivedFragment fragment, long shiftMillis) {
        Arrays.fill(continuity, 0);
        int pcrPid = FIRST_ES_PID;
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).isVideo()) {
                pcrPid = FIRST_ES_PID + i;
                break;
            }
        }
        section(out, PAT_PID, pat());
        section(out, PMT_PID, pmt(tracks, pcrPid));
        for (ArchivedFrame frame : fragment.frames()) {
            int index = indexOf(tracks, frame.trackNumber());
            if (index < 0) {
                continue;
            }
            ArchivedTrack track = tracks.get(index);
            long pts = MediaSegmentWriter.ticks(frame.timecodeMillis() + shiftMillis, InitSegmentWriter.VIDEO_TIMESCALE)
                    & PTS_MASK;
            payload.reset();
            if (track.isVideo()) {
                annexB(track, frame);
            } else {
                adts(payload, track, frame.data().length);
                payload.bytes(frame.data());
            }
            int pid = FIRST_ES_PID + index;
            boolean key = track.isVideo() && frame.keyframe();
            packets(out, pid, track.isVideo() ? VIDEO_STREAM_ID : AUDIO_STREAM_ID, pts, key,
                    key && pid == pcrPid);
        }
    }

    private static int indexOf(List<ArchivedTrack> tracks, int trackNumber) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).trackNumber() == trackNumber) {
                return i;
            }
        }
        return -1;
    }

    /**
     * AVCC (4-byte lengths) to Annex B in {@link #payload}, with an AUD first and the avcC's parameter sets before an
     * IDR picture.
     */
    private void annexB(ArchivedTrack track, ArchivedFrame frame) {
        Mp4Buffer out = payload;
        out.bytes(ACCESS_UNIT_DELIMITER);
        if (frame.keyframe()) {
            AvcConfig.forEachParameterSet(track.codecPrivateView(), parameterSetToPayload);
        }
        byte[] d = frame.data();
        int at = 0;
        while (at + NAL_LENGTH_BYTES <= d.length) {
            int n = ((d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
            at += NAL_LENGTH_BYTES;
            if (n <= 0 || at + n > d.length) {
                break;
            }
            out.bytes(START_CODE);
            out.bytes(d, at, n);
            at += n;
        }
    }

    /**
     * ADTS fixed and variable header without CRC (14496-3 §1.A.2.2): syncword 0xFFF, MPEG-4, layer 0, no CRC; profile
     * (object type − 1), sampling frequency index and channel configuration from the AudioSpecificConfig; the 13-bit
     * frame length; buffer fullness 0x7FF (variable rate); one raw data block.
     */
    private static void adts(Mp4Buffer out, ArchivedTrack track, int rawLength) {
        byte[] asc = track.codecPrivateView();
        int objectType = AudioSpecificConfig.objectType(asc);
        int frequencyIndex = AudioSpecificConfig.samplingFrequencyIndex(asc);
        int channels = AudioSpecificConfig.channelConfiguration(asc);
        int length = rawLength + ADTS_HEADER_BYTES;
        out.u8(ADTS_SYNC_HIGH);
        out.u8(ADTS_SYNC_LOW_MPEG4_NO_CRC);
        out.u8(((objectType - 1) << ADTS_PROFILE_SHIFT) | (frequencyIndex << ADTS_FREQUENCY_SHIFT)
                | (channels >>> 2));
        out.u8(((channels & 0x03) << ADTS_CHANNELS_LOW_SHIFT) | (length >>> ADTS_LENGTH_HIGH_SHIFT));
        out.u8((length >>> ADTS_LENGTH_MID_SHIFT) & 0xFF);
        out.u8(((length & 0x07) << ADTS_LENGTH_LOW_SHIFT) | ADTS_FULLNESS_HIGH);
        out.u8(ADTS_FULLNESS_LOW_ONE_BLOCK);
    }

    /** Cuts a PES of the bytes in {@link #payload} into TS packets on {@code pid}. */
    private void packets(Mp4Buffer out, int pid, int streamId, long pts, boolean randomAccess, boolean pcr) {
        int payloadBytes = payload.length();
        // PES_packet_length counts what follows it; 0 ("unbounded") is allowed for video only and only needed there
        int pesLength = PES_HEADER_BYTES - PES_LENGTH_END + payloadBytes;
        header[0] = 0;
        header[1] = 0;
        header[2] = 1;
        header[3] = (byte) streamId;
        int declared = pesLength > MAX_PES_LENGTH ? 0 : pesLength;
        header[4] = (byte) (declared >>> 8);
        header[5] = (byte) declared;
        header[6] = (byte) PES_FLAGS_ALIGNED;
        header[7] = (byte) PES_PTS_ONLY;
        header[8] = PTS_BYTES;
        header[9] = (byte) (PTS_PREFIX | ((pts >>> 29) & 0x0E) | 1);
        header[10] = (byte) (pts >>> 22);
        header[11] = (byte) (((pts >>> 14) & 0xFE) | 1);
        header[12] = (byte) (pts >>> 7);
        header[13] = (byte) (((pts << 1) & 0xFE) | 1);
        int total = PES_HEADER_BYTES + payloadBytes;
        int sent = 0;
        boolean first = true;
        while (sent < total) {
            int adaptation = first && (randomAccess || pcr) ? 2 + (pcr ? PCR_BYTES : 0) : 0;
            int room = PACKET_BYTES - HEADER_BYTES - adaptation;
            int chunk = Math.min(room, total - sent);
            // the last packet is filled up by growing its adaptation field (13818-1 §2.4.3.5 stuffing_byte)
            adaptation += room - chunk;
            out.u8(SYNC_BYTE);
            out.u8((first ? PUSI : 0) | ((pid >>> 8) & PID_HIGH_MASK));
            out.u8(pid & 0xFF);
            out.u8((adaptation > 0 ? ADAPTATION_AND_PAYLOAD : PAYLOAD_ONLY) | nextContinuity(pid));
            if (adaptation > 0) {
                writeAdaptation(out, adaptation, first && randomAccess, first && pcr, pts);
            }
            int fromHeader = Math.max(0, Math.min(chunk, PES_HEADER_BYTES - sent));
            if (fromHeader > 0) {
                out.bytes(header, sent, fromHeader);
            }
            if (chunk > fromHeader) {
                out.bytes(payload.array(), sent + fromHeader - PES_HEADER_BYTES, chunk - fromHeader);
            }
            sent += chunk;
            first = false;
        }
    }

    /** adaptation_field of {@code size} bytes in all (length byte included), flags, optional PCR, then stuffing. */
    private static void writeAdaptation(Mp4Buffer out, int size, boolean randomAccess, boolean pcr, long pts) {
        out.u8(size - 1);
        if (size == 1) {
            return;
        }
        out.u8((randomAccess ? RANDOM_ACCESS : 0) | (pcr ? PCR_FLAG : 0));
        int written = 2;
        if (pcr) {
            // program_clock_reference_base (33 bits), 6 reserved bits, extension 0 (13818-1 §2.4.3.5)
            out.u8((int) (pts >>> 25));
            out.u8((int) (pts >>> 17));
            out.u8((int) (pts >>> 9));
            out.u8((int) (pts >>> 1));
            out.u8((int) (((pts & 1) << 7) | 0x7E));
            out.u8(0);
            written += PCR_BYTES;
        }
        for (; written < size; written++) {
            out.u8(STUFFING);
        }
    }

    private int nextContinuity(int pid) {
        int index = pid == PAT_PID ? 0 : pid == PMT_PID ? 1 : pid;
        int c = continuity[index];
        continuity[index] = (c + 1) & CONTINUITY_MASK;
        return c;
    }

    /**
     * program_association_section (13818-1 §2.4.4.3), CRC and lengths filled by {@link #section}: one program, whose
     * PMT is on {@link #PMT_PID}.
     */
    private static byte[] pat() {
        Mp4Buffer s = new Mp4Buffer(PSI_INITIAL_BYTES);
        psiHeader(s, PAT_TABLE_ID, TRANSPORT_STREAM_ID);
        s.u16(PROGRAM_NUMBER);
        s.u16(RESERVED_3_BITS | PMT_PID);
        return s.toByteArray();
    }

    /** TS_program_map_section (13818-1 §2.4.4.8): the PCR PID, no program descriptors, one entry per track. */
    private static byte[] pmt(List<ArchivedTrack> tracks, int pcrPid) {
        Mp4Buffer s = new Mp4Buffer(PSI_INITIAL_BYTES);
        psiHeader(s, PMT_TABLE_ID, PROGRAM_NUMBER);
        s.u16(RESERVED_3_BITS | pcrPid);
        s.u16(RESERVED_4_BITS);
        for (int i = 0; i < tracks.size(); i++) {
            s.u8(tracks.get(i).isVideo() ? STREAM_TYPE_H264 : STREAM_TYPE_AAC_ADTS);
            s.u16(RESERVED_3_BITS | (FIRST_ES_PID + i));
            s.u16(RESERVED_4_BITS);
        }
        return s.toByteArray();
    }

    /**
     * table_id; section_syntax_indicator 1, '0', reserved '11' and a section_length patched later; the table's id
     * extension; reserved '11', version 0, current_next_indicator 1; section_number and last_section_number 0.
     */
    private static void psiHeader(Mp4Buffer s, int tableId, int idExtension) {
        s.u8(tableId);
        s.u16(SECTION_SYNTAX_AND_RESERVED);
        s.u16(idExtension);
        s.u8(VERSION_0_CURRENT);
        s.u8(0);
        s.u8(0);
    }

    /** A PSI section in one packet: pointer_field 0, the section with its length and CRC-32, 0xFF stuffing. */
    private void section(Mp4Buffer out, int pid, byte[] section) {
        int length = section.length - SECTION_HEADER_BYTES + CRC_BYTES;
        section[1] = (byte) ((section[1] & 0xF0) | (length >>> 8));
        section[2] = (byte) length;
        int start = out.length();
        out.u8(SYNC_BYTE);
        out.u8(PUSI | ((pid >>> 8) & PID_HIGH_MASK));
        out.u8(pid & 0xFF);
        out.u8(PAYLOAD_ONLY | nextContinuity(pid));
        out.u8(0);
        out.bytes(section);
        out.u32(Crc32Mpeg.of(section));
        while (out.length() - start < PACKET_BYTES) {
            out.u8(STUFFING);
        }
    }
}
