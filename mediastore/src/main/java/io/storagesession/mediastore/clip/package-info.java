/**
 * GetClip (KVS-WIRE.md §6; the GetClip API reference): {@code POST /getClip} answers a fragmented MP4 of a stream's
 * stored fragments over a time range, as the AWS SDKs' {@code getClip} reads it.
 *
 * <ul>
 * <li>{@link io.storagesession.mediastore.clip.GetClipApi} — the operation: every check that can still become a KVS
 * error, in the reference's terms, before the 200;</li>
 * <li>{@link io.storagesession.mediastore.clip.ClipRequest} — the ClipFragmentSelector, validated;</li>
 * <li>{@link io.storagesession.mediastore.clip.ClipCodecs} and {@link io.storagesession.mediastore.clip.ClipHeaders}
 * — what the stream headers' tracks must be (H.264 first, then AAC or Opus, with codec private data that parses, as
 * {@code TrackCodecs} checks it for HLS and DASH too), refused with {@code ArchiveErrors};</li>
 * <li>{@link io.storagesession.mediastore.clip.ClipSelection} — which fragments, cut to KVS's 200 fragments and
 * 100 MB;</li>
 * <li>{@link io.storagesession.mediastore.clip.ClipWriter} with {@link io.storagesession.mediastore.clip.ClipFrames}
 * and {@link io.storagesession.mediastore.clip.ClipTimeline} — the MP4 bytes, one fragment at a time, on a timeline
 * that starts at 0, reusing the fMP4 writers HLS and DASH use (package {@code fmp4});</li>
 * <li>{@link io.storagesession.mediastore.clip.ClipResponse} — the chunked body under back-pressure, stopped by a
 * client that leaves, reset after a failure;</li>
 * <li>{@link io.storagesession.mediastore.clip.ClipMetrics},
 * {@link io.storagesession.mediastore.clip.ClipSettings} ({@code media-store.clip} in reference.conf).</li>
 * </ul>
 *
 * <p>Fragments are listed and read through the {@code archive.ArchiveSource}, so a clip and an HLS session see the
 * same fragments and tracks.
 */
package io.storagesession.mediastore.clip;
