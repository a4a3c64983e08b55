/**
 * MPEG-DASH playback of stored streams, as Kinesis Video Streams serves it (KVS-WIRE.md §6):
 * GetDASHStreamingSessionURL and the token-authorised resources below {@code /dash/v1/}, over the same fMP4 fragments,
 * session tokens, LIVE cache and CORS policy as HLS (package {@code hls}).
 *
 * <h2>Entry point</h2>
 * {@link io.storagesession.mediastore.dash.DashRoutes#mount} mounts everything on a Vert.x router, given the server's
 * SigV4-verified API (the HLS package's {@code HlsApiRegistry}), the {@code StreamingSessions} that
 * {@code HlsRoutes.mount} returned, and the {@code media-store.dash} settings.
 *
 * <h2>Shape of a session</h2>
 * <ul>
 *   <li>{@link io.storagesession.mediastore.dash.DashSessionRequest} validates the request as the service model does
 *       (the rules it shares with HLS live in {@code PlaybackRequest});
 *       {@link io.storagesession.mediastore.dash.DashSessionUrlApi} grants the session through
 *       {@code StreamingSessions} and signs it into a token that opens only the DASH resources.</li>
 *   <li>{@link io.storagesession.mediastore.dash.DashManifest}: the MPD, one AdaptationSet per track with a
 *       SegmentTemplate and a {@link io.storagesession.mediastore.dash.SegmentTimeline} of the window
 *       {@code SessionWindow} picks for LIVE, LIVE_REPLAY or ON_DEMAND; static on demand, dynamic otherwise.</li>
 *   <li>{@link io.storagesession.mediastore.dash.DashResources}: the manifest, and the init and media fragments HLS's
 *       fMP4 writers produce; a media fragment is addressed by its timestamp ({@code $Time$}).</li>
 * </ul>
 *
 * <h2>Not like KVS</h2>
 * KVS "adjusts the media timeline" across gaps and numbers fragments by their sequence in the session; this server
 * keeps no session state, so the timeline keeps the fragments' own timestamps (gaps stay gaps) and media fragments
 * are addressed by time. H.265 and G.711 are not stored; Opus audio plays in fMP4 as with HLS.
 */
package io.storagesession.mediastore.dash;
