package io.storagesession.mediastore.ingest;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.mkv.MatroskaCodecIds;
import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.mkv.EbmlWriter;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvBlock;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvHeader;
import io.storagesession.mediastore.mkv.TrackInfo;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes each frame of a laced block (RFC 9559 §10.3) as a SimpleBlock of its own (§10.2: track number as sent, 16-bit
 * relative timestamp, flags, frame), so that the store keeps one frame per block and every reader — GetMedia's
 * consumers, archived media — sees the frames one by one.
 *
 * <p><b>Timestamps.</b> RFC 9559 §10.3.5 ("Laced Frames Timestamp"): the block's timestamp "applies to the first
 * frame in the lace"; the others are "underdetermined" but contiguous, so a decoder places them one frame duration
 * apart. The first frame keeps the block's timestamp. On an AAC track ({@code A_AAC}) the others follow one AAC frame
 * apart — 1024 samples, or 960 when the AudioSpecificConfig says so (ISO/IEC 14496-3 §4.4.1), at the track's
 * SamplingFrequency — rounded down to the stream's TimestampScale, as a decoder would play them. Any other track's
 * frames keep the block's timestamp: an Opus packet's length varies from packet to packet, and video should not be
 * laced at all (§10.3.5: lacing suits "small contiguous data ... usually the case for audio").
 *
 * <p><b>Flags.</b> Keyframe (the SimpleBlock's bit, or a BlockGroup without ReferenceBlock), invisible and
 * discardable are carried to every frame; the LACING bits are cleared. A BlockGroup's other children (BlockDuration,
 * the ReferenceBlock values, BlockAdditions) are not carried: a SimpleBlock has no room for them.
 *
 * <p>Confined to the upload's event loop; writes into the fragment's buffer, allocates nothing per block.
 */
final class LaceSplitter {
    /** RFC 9559 §10.2: SimpleBlock flags. */
    private static final int KEYFRAME = 0x80;
    private static final int INVISIBLE = 0x08;
    private static final int DISCARDABLE = 0x01;
    /** The relative timestamp and the flags octet after the track number. */
    private static final int AFTER_TRACK = Short.BYTES + Byte.BYTES;
    private static final int SIMPLE_BLOCK_ID_OCTETS = 1;
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * Per track of the current stream header: its number, and the timestamp ticks one laced frame lasts as a fraction,
     * samples × 10^9 over SamplingFrequency × TimestampScale (0 for frames that keep the block's timestamp). Kept as
     * a fraction so that frame i's offset, i × numerator / denominator, is exact when it is a whole number of ticks.
     */
    private final long[] trackNumbers;
    private final double[] ticksNumerator;
    private final double[] ticksDenominator;
    private int trackCount;

    LaceSplitter(int maxTracks) {
        this.trackNumbers = new long[maxTracks];
        this.ticksNumerator = new double[maxTracks];
        this.ticksDenominator = new double[maxTracks];
    }

    /** A new stream header: what one laced frame lasts on each of its tracks. */
    void header(MkvHeader header) {
        List<TrackInfo> tracks = header.tracks();
        trackCount = Math.min(tracks.size(), trackNumbers.length);
        for (int i = 0; i < trackCount; i++) {
            TrackInfo t = tracks.get(i);
            trackNumbers[i] = t.number();
            boolean aac = MatroskaCodecIds.AAC.equals(t.codecId()) && t.samplingFrequency() > 0;
            ticksNumerator[i] = aac ? AudioSpecificConfig.frameSamples(t.codecPrivate()) * NANOS_PER_SECOND : 0;
            ticksDenominator[i] = aac ? t.samplingFrequency() * header.timecodeScale() : 1;
        }
    }

    /** The relative timestamp frame {@code frame} of {@code block} gets; 4006 when it leaves the signed 16 bits. */
    int relativeTimecode(MkvBlock.Reader block, int frame) throws MkvException {
        int t = trackIndex(block.track());
        long offset = t < 0 ? 0 : (long) Math.floor(frame * ticksNumerator[t] / ticksDenominator[t]);
        long relative = block.relativeTimecode() + offset;
        if (relative > Short.MAX_VALUE) {
            throw new MkvException(ErrorIds.INVALID_MKV, "laced frame " + frame + " of track " + block.track()
                    + " falls beyond the 16-bit relative timestamp of its block");
        }
        return (int) relative;
    }

    /** Octets the block takes once split into SimpleBlocks. */
    static long splitBytes(MkvBlock.Reader block) {
        long total = 0;
        for (int i = 0; i < block.frameCount(); i++) {
            long payload = (long) block.trackLength() + AFTER_TRACK + block.frameLength(i);
            total += SIMPLE_BLOCK_ID_OCTETS + EbmlWriter.sizeOctets(payload) + payload;
        }
        return total;
    }

    /** Writes the block's frames, one SimpleBlock each, to {@code out}. */
    void write(MkvBlock.Reader block, byte[] element, ByteArrayOutputStream out) throws MkvException {
        int flags = (block.keyframe() ? KEYFRAME : 0) | block.flags() & (INVISIBLE | DISCARDABLE);
        for (int i = 0; i < block.frameCount(); i++) {
            int relative = relativeTimecode(block, i);
            EbmlWriter.id(out, MatroskaIds.SIMPLE_BLOCK);
            EbmlWriter.size(out, (long) block.trackLength() + AFTER_TRACK + block.frameLength(i));
            out.write(element, block.trackOffset(), block.trackLength());
            out.write(relative >>> Byte.SIZE);
            out.write(relative);
            out.write(flags);
            out.write(element, block.frameOffset(i), block.frameLength(i));
        }
    }

    private int trackIndex(long track) {
        for (int i = 0; i < trackCount; i++) {
            if (trackNumbers[i] == track) {
                return i;
            }
        }
        return -1;
    }
}
