package io.storagesession.recorder.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a PutMedia stream starts with (KVS-WIRE.md §5): the EBML header, a Segment of unknown size, its Info and
 * its Tracks. A producer sends them once per connection and again whenever the tracks change (a new SPS means a new
 * avcC); fragments from {@link FragmentWriter} follow. Track numbers and UIDs are 1 (video) and 2 (audio).
 */
public final class StreamHeader {
    /** RFC 8794 §11.2.2–§11.2.5: EBML version 1, IDs of at most 4 octets, sizes of at most 8. */
    private static final int EBML_VERSION = 1;
    private static final int MAX_ID_LENGTH = 4;
    private static final String DOC_TYPE = "matroska";
    /**
     * DocTypeVersion 2 is the first with SimpleBlock. RFC 9559 requires DocTypeVersion to be at least the version of
     * every element present, so a track with CodecDelay/SeekPreRoll (Matroska v4, the Opus mapping) raises it to 4.
     * DocTypeReadVersion stays 2: a v2 reader can ignore those elements and still play the file.
     */
    private static final int DOC_TYPE_VERSION_SIMPLE_BLOCK = 2;
    private static final int DOC_TYPE_VERSION_CODEC_DELAY = 4;
    private static final int DOC_TYPE_READ_VERSION = 2;
    /** KVS-WIRE.md §5: TimecodeScale 1,000,000 ns, so cluster and block timecodes are milliseconds. */
    public static final long TIMECODE_SCALE_NANOS = 1_000_000L;
    public static final int VIDEO_TRACK_NUMBER = 1;
    public static final int AUDIO_TRACK_NUMBER = 2;
    /** RFC 9559 §5.1.4.1.3 TrackType values. */
    private static final int TRACK_TYPE_VIDEO = 1;
    private static final int TRACK_TYPE_AUDIO = 2;

    private final byte[] muxingApp;
    private final byte[] writingApp;

    public StreamHeader(MkvSettings settings) {
        this.muxingApp = settings.muxingApp().getBytes(StandardCharsets.UTF_8);
        this.writingApp = settings.writingApp().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Resets {@code out} and writes the header for these tracks; the bytes are {@code out.array()[0, length)}. With
     * {@code audio} null the header declares the video track alone (a video-only master, KVS-WIRE.md §3).
     */
    public void write(MkvBuffer out, VideoTrack video, AudioTrack audio) {
        out.reset();
        writeEbmlHeader(out, audio != null && audio.usesVersion4Elements() ? DOC_TYPE_VERSION_CODEC_DELAY
                : DOC_TYPE_VERSION_SIMPLE_BLOCK);
        Ebml.startUnknownSizeMaster(out, MatroskaIds.SEGMENT);
        writeInfo(out);
        int tracks = Ebml.startMaster(out, MatroskaIds.TRACKS);
        writeVideoTrack(out, video);
        if (audio != null) {
            writeAudioTrack(out, audio);
        }
        Ebml.endMaster(out, tracks);
    }

    private static void writeEbmlHeader(MkvBuffer out, int docTypeVersion) {
        int header = Ebml.startMaster(out, Ebml.EBML);
        Ebml.writeUnsigned(out, Ebml.EBML_VERSION, EBML_VERSION);
        Ebml.writeUnsigned(out, Ebml.EBML_READ_VERSION, EBML_VERSION);
        Ebml.writeUnsigned(out, Ebml.EBML_MAX_ID_LENGTH, MAX_ID_LENGTH);
        Ebml.writeUnsigned(out, Ebml.EBML_MAX_SIZE_LENGTH, Ebml.MAX_VINT_LENGTH);
        Ebml.writeString(out, Ebml.DOC_TYPE, DOC_TYPE);
        Ebml.writeUnsigned(out, Ebml.DOC_TYPE_VERSION, docTypeVersion);
        Ebml.writeUnsigned(out, Ebml.DOC_TYPE_READ_VERSION, DOC_TYPE_READ_VERSION);
        Ebml.endMaster(out, header);
    }

    private void writeInfo(MkvBuffer out) {
        int info = Ebml.startMaster(out, MatroskaIds.INFO);
        Ebml.writeUnsigned(out, MatroskaIds.TIMECODE_SCALE, TIMECODE_SCALE_NANOS);
        Ebml.writeBinary(out, MatroskaIds.MUXING_APP, muxingApp);
        Ebml.writeBinary(out, MatroskaIds.WRITING_APP, writingApp);
        Ebml.endMaster(out, info);
    }

    private static void writeVideoTrack(MkvBuffer out, VideoTrack video) {
        int entry = startTrackEntry(out, VIDEO_TRACK_NUMBER, TRACK_TYPE_VIDEO, VideoTrack.NAME, VideoTrack.CODEC_ID);
        Ebml.writeBinary(out, MatroskaIds.CODEC_PRIVATE, video.avcDecoderConfiguration());
        int settings = Ebml.startMaster(out, MatroskaIds.VIDEO);
        Ebml.writeUnsigned(out, MatroskaIds.PIXEL_WIDTH, video.pixelWidth());
        Ebml.writeUnsigned(out, MatroskaIds.PIXEL_HEIGHT, video.pixelHeight());
        Ebml.endMaster(out, settings);
        Ebml.endMaster(out, entry);
    }

    private static void writeAudioTrack(MkvBuffer out, AudioTrack audio) {
        int entry = startTrackEntry(out, AUDIO_TRACK_NUMBER, TRACK_TYPE_AUDIO, AudioTrack.NAME, audio.codecId());
        Ebml.writeBinary(out, MatroskaIds.CODEC_PRIVATE, audio.codecPrivate());
        if (audio.codecDelayNanos() > 0) {
            Ebml.writeUnsigned(out, MatroskaIds.CODEC_DELAY, audio.codecDelayNanos());
        }
        if (audio.seekPreRollNanos() > 0) {
            Ebml.writeUnsigned(out, MatroskaIds.SEEK_PRE_ROLL, audio.seekPreRollNanos());
        }
        int settings = Ebml.startMaster(out, MatroskaIds.AUDIO);
        Ebml.writeFloat(out, MatroskaIds.SAMPLING_FREQUENCY, audio.samplingFrequency());
        Ebml.writeUnsigned(out, MatroskaIds.CHANNELS, audio.channels());
        Ebml.endMaster(out, settings);
        Ebml.endMaster(out, entry);
    }

    private static int startTrackEntry(MkvBuffer out, int number, int type, String name, String codecId) {
        int entry = Ebml.startMaster(out, MatroskaIds.TRACK_ENTRY);
        Ebml.writeUnsigned(out, MatroskaIds.TRACK_NUMBER, number);
        Ebml.writeUnsigned(out, MatroskaIds.TRACK_UID, number);
        Ebml.writeUnsigned(out, MatroskaIds.TRACK_TYPE, type);
        Ebml.writeString(out, MatroskaIds.NAME, name);
        Ebml.writeString(out, MatroskaIds.CODEC_ID, codecId);
        return entry;
    }
}
