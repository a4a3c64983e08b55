/**
 * HLS playback of stored streams, as Kinesis Video Streams serves it (KVS-WIRE.md §6): GetHLSStreamingSessionURL and
 * the token-authorised resources below {@code /hls/v1/}.
 *
 * <h2>Entry point</h2> {@link io.storagesession.mediastore.hls.HlsRoutes#mount} mounts everything on a Vert.x router,
 * given the server's SigV4-verified API ({@link io.storagesession.mediastore.hls.HlsApiRegistry}, whose Javadoc has
 * the one-line adapter to the api module's ApiRoutes), the store as an {@link
 * io.storagesession.mediastore.archive.ArchiveSource}, the {@code media-store.hls} settings and a clock.
 *
 * <h2>Shape of a session</h2>
 * <ul>
 *   <li>{@link io.storagesession.mediastore.hls.HlsSessionRequest} validates the request as the service model does;
 *       {@link io.storagesession.mediastore.hls.HlsSessionUrlApi} resolves the stream and checks it has fragments;
 *       {@link io.storagesession.mediastore.hls.HlsSessionToken} signs the granted
 *       {@link io.storagesession.mediastore.hls.HlsSession} into the URL. The server keeps no session state.</li>
 *   <li>{@link io.storagesession.mediastore.hls.MasterPlaylist}: as KVS, one media playlist per track — the video as
 *       the variant, audio as an {@code EXT-X-MEDIA} rendition. {@link io.storagesession.mediastore.hls.MediaPlaylist}:
 *       the window {@code SessionWindow} picks for LIVE, LIVE_REPLAY or ON_DEMAND, with the asked discontinuity and
 *       date-time tags.</li>
 *   <li>{@link io.storagesession.mediastore.fmp4.InitSegmentWriter} and
 *       {@link io.storagesession.mediastore.fmp4.MediaSegmentWriter} write fMP4 (ISO/IEC 14496-12, avc1/avcC of
 *       14496-15, mp4a/esds of 14496-14, Opus/dOps of the Opus-in-ISOBMFF encapsulation) into a reusable
 *       {@link io.storagesession.mediastore.fmp4.Mp4Buffer}; one fragment of the store is one media segment.
 *       {@link io.storagesession.mediastore.hls.TsSegmentWriter} writes the MPEG-TS form (H.264 and AAC only) for
 *       ContainerFormat MPEG_TS sessions, which have one muxed variant.</li>
 *   <li>{@link io.storagesession.mediastore.hls.StreamingSessions} holds what HLS and DASH share: the session URL
 *       handler, token checks by protocol, the window, GetMP4InitFragment and GetMP4MediaFragment, the per-thread
 *       {@link io.storagesession.mediastore.fmp4.SegmentBuffers} and failures as KVS errors; {@code HlsResources} adds
 *       the playlists and GetTSFragment.</li>
 * </ul>
 *
 * <h2>Numbers that must not move</h2>
 * Players match a reloaded playlist to the last one by numbers (RFC 8216 §6.2.1, §6.2.2), so: media sequence numbers
 * are the store's fragment ordinals, kept across retention and restarts; EXT-X-DISCONTINUITY-SEQUENCE counts the
 * discontinuities before a sliding window ({@code LiveFragments} for LIVE, a listing from the session's start for
 * LIVE_REPLAY); EXT-X-TARGETDURATION of a growing playlist comes from the store's fragment limit, not from the window
 * ({@link io.storagesession.mediastore.hls.MediaPlaylist}). The master playlist's RESOLUTION is the size the newest
 * keyframes' SPS declares ({@code PictureSize}), which can differ from the stream header's.
 *
 * <p>LIVE windows come from {@code LiveFragments}, a cache of each watched stream's newest fragments fed by
 * {@code ArchiveSource.onPersisted}.
 */
package io.storagesession.mediastore.hls;
