package io.storagesession.mediastore.archive;

/**
 * One MKV block of a fragment (KVS-WIRE.md §5): H.264 access units as length-prefixed NAL units (AVCC, 4-byte
 * lengths, exactly as MKV's {@code V_MPEG4/ISO/AVC} stores them and as fMP4's {@code avc1} wants them, ISO/IEC
 * 14496-15 §5.3.2), Opus packets or raw AAC frames. Frames of a fragment come in stored order; for video this is
 * decode order, and WebRTC's H.264 has no B-frames, so decode and presentation times are equal.
 *
 * @param trackNumber     the MKV TrackNumber the block belongs to
 * @param timecodeMillis  absolute producer time of the frame in ms: the cluster timecode (ABSOLUTE) or producer start
 *                        plus cluster timecode (RELATIVE), plus the block's relative timecode
 * @param keyframe        the SimpleBlock keyframe flag (0x80); an IDR access unit for H.264
 * @param data            the frame bytes; not copied, never modified
 */
public record ArchivedFrame(int trackNumber, long timecodeMillis, boolean keyframe, byte[] data) {
    public ArchivedFrame {
        if (data == null) {
            throw new IllegalArgumentException("a frame needs bytes");
        }
    }
}
