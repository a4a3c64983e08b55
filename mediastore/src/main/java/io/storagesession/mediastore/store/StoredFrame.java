package io.storagesession.mediastore.store;

/**
 * One frame of a stored fragment: its track number, its absolute time in epoch milliseconds (producer clock), whether
 * it is a keyframe, and its bytes exactly as the producer sent them (AVCC NAL units for H.264, one AAC or Opus frame).
 */
public record StoredFrame(long track, long timestampMillis, boolean keyframe, byte[] data) {
}
