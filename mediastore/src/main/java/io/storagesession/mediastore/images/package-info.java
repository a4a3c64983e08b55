/**
 * KVS's archived-media {@code GetImages} (KVS-WIRE.md §6): frames of a stored H.264 stream, sampled every
 * {@code SamplingInterval} over a time range, decoded with FFmpeg and encoded as JPEG or PNG.
 *
 * <p>The path of one request: {@link io.storagesession.mediastore.images.GetImagesApi} checks the request
 * ({@link io.storagesession.mediastore.images.ImagesRequest}) and admits it to the
 * {@link io.storagesession.mediastore.images.DecodeExecutor} (or answers ClientLimitExceededException); an
 * {@link io.storagesession.mediastore.images.ImagePage} places the page's samples on stored fragments through the
 * {@link io.storagesession.mediastore.archive.ArchiveSource} and reads them one at a time, and for each fragment a
 * {@link io.storagesession.mediastore.images.FragmentImages} task decodes, on a decode thread, only the frames its
 * samples show ({@link io.storagesession.mediastore.images.FrameDecoder}: from the keyframe before each up to the last
 * one wanted), keeps the decoded pictures in the {@link io.storagesession.mediastore.images.PictureCache} and renders
 * them ({@link io.storagesession.mediastore.images.PictureScaler},
 * {@link io.storagesession.mediastore.images.ImageEncoder}).
 * The answer is put together back on the request's event loop.
 */
package io.storagesession.mediastore.images;
