// dash.js in headless Chromium as a judge of a DASH session: plays SESSION_URL (a GetDASHStreamingSessionURL answer)
// muted, from a page on another origin (so the manifest and every fragment load go through CORS), and prints one JSON
// line per event on stdout: streamInitialized (dynamic or static, the tracks and codecs dash.js read from the MPD),
// dashError, failedLoad (an HTTP error answer), played (where playback started, the position reached, picture size,
// decoded video frames and audio bytes), and those of browser-player.js.
'use strict';
const { runJudge } = require('./browser-player');

/** Runs in the page, with dash.js and browser-player.js's page helpers loaded. */
async function play(opts) {
    const video = newVideo();
    const player = dashjs.MediaPlayer().create();
    const events = dashjs.MediaPlayer.events;
    const error = (kind) => (e) => window.report('dashError', {
        kind, code: e.error && e.error.code, message: String((e.error && e.error.message) || e.error || e.type || ''),
    });
    player.on(events.ERROR, error('error'));
    player.on(events.PLAYBACK_ERROR, error('playback'));
    player.on(events.STREAM_INITIALIZED, () => {
        const tracks = (type) => player.getTracksFor(type).map((t) => t.codec || '');
        window.report('streamInitialized', {
            dynamic: player.isDynamic(), video: tracks('video'), audio: tracks('audio'),
        });
    });
    let startedAt = null;
    video.addEventListener('playing', () => {
        if (startedAt === null) startedAt = video.currentTime;
    });
    player.initialize(video, opts.url, true);
    await playUntil(video, opts, () => (startedAt === null ? 0 : video.currentTime - startedAt));
    reportPlayed(video, { startedAt });
    player.destroy();
}

// the package's "require" export is its UMD bundle, which defines the dashjs global in the page
runJudge({ name: 'dash-player', library: require.resolve('dashjs'), play, reportFailedLoads: true });
