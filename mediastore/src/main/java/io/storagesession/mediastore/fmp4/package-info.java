/**
 * Fragmented MP4 (ISO/IEC 14496-12 §8.8) of stored fragments, the one packager of archived media: HLS and DASH
 * segments and GetClip's body are the same bytes for a fragment.
 *
 * <p>{@link io.storagesession.mediastore.fmp4.InitSegmentWriter} writes ftyp + moov with the tracks' sample entries
 * ({@code SampleEntries}: avc1/avcC of ISO/IEC 14496-15, mp4a/esds of 14496-14, Opus/dOps of the Opus-in-ISOBMFF
 * encapsulation); {@link io.storagesession.mediastore.fmp4.MediaSegmentWriter} one moof + mdat per fragment, with
 * sample durations from the timecodes and the codecs' frame lengths ({@code AudioFrameDurations}). Both write into a
 * reusable {@link io.storagesession.mediastore.fmp4.Mp4Buffer}, one per event loop thread
 * ({@link io.storagesession.mediastore.fmp4.SegmentBuffers}); {@link io.storagesession.mediastore.fmp4.CodecStrings}
 * names the codecs as RFC 6381 (HLS CODECS, DASH @codecs).
 */
package io.storagesession.mediastore.fmp4;
