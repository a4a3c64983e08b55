// hls.js in headless Chromium as a judge of an HLS session: plays SESSION_URL (a GetHLSStreamingSessionURL answer)
// muted, from a page on another origin (so every playlist and fragment load goes through CORS), and prints one JSON
// line per event on stdout: manifest (levels, audio renditions, codecs), hlsError, played (position, picture size,
// decoded video frames and audio bytes, audio renditions), and those of browser-player.js.
'use strict';
const { runJudge } = require('./browser-player');

/** Runs in the page, with hls.js and browser-player.js's page helpers loaded. */
async function play(opts) {
    const video = newVideo();
    const hls = new Hls({ enableWorker: false });
    hls.on(Hls.Events.ERROR, (e, d) => window.report('hlsError', {
        type: d.type, details: d.details, fatal: d.fatal, reason: String(d.reason || d.error || ''),
        url: d.url || (d.frag && d.frag.url) || '',
    }));
    hls.on(Hls.Events.MANIFEST_PARSED, (e, d) => {
        window.report('manifest', {
            levels: d.levels.length, audioTracks: hls.audioTracks.length,
            codecs: d.levels.map((l) => [l.videoCodec || '', l.audioCodec || '']),
        });
        video.play().catch((err) => window.report('playError', { message: String(err) }));
    });
    hls.loadSource(opts.url);
    hls.attachMedia(video);
    await playUntil(video, opts, () => video.currentTime);
    reportPlayed(video, { audioTracks: hls.audioTracks.length });
    hls.destroy();
}

runJudge({ name: 'hls-player', library: require.resolve('hls.js/dist/hls.min.js'), play });
