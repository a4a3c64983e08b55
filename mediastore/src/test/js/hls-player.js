// hls.js in headless Chromium as a judge of an HLS session: plays SESSION_URL (a GetHLSStreamingSessionURL answer)
// muted, from a page on another origin (so every playlist and fragment load goes through CORS), and prints one JSON
// line per event on stdout: manifest (levels, audio renditions, codecs), hlsError, played (position, picture size,
// decoded video frames and audio bytes), scriptError.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
    // The page is served by playwright itself, so Chromium cannot place it in the loopback address space and its
    // Local Network Access checks would block the loads from the server on 127.0.0.1.
    '--disable-features=LocalNetworkAccessChecks'];
const PAGE_URL = 'http://127.0.0.1/hls-player';
const HLS = require.resolve('hls.js/dist/hls.min.js');
const options = {
    url: process.env.SESSION_URL,
    playSeconds: Number(process.env.PLAY_SECONDS || 5),
    timeoutMs: Number(process.env.TIMEOUT_MS || 60000),
};

function log(event, detail) {
    process.stdout.write(JSON.stringify(Object.assign({ event }, detail)) + '\n');
}

async function play(opts) {
    const video = document.createElement('video');
    video.muted = true;
    document.body.appendChild(video);
    window.report('support', {
        h264: MediaSource.isTypeSupported('video/mp4; codecs="avc1.42c01e"'),
        opus: MediaSource.isTypeSupported('audio/mp4; codecs="opus"'),
        aac: MediaSource.isTypeSupported('audio/mp4; codecs="mp4a.40.2"'),
    });
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
    const started = Date.now();
    await new Promise((resolve) => {
        const timer = setInterval(() => {
            if (video.currentTime >= opts.playSeconds || video.ended || Date.now() - started > opts.timeoutMs) {
                clearInterval(timer);
                resolve();
            }
        }, 250);
    });
    const buffered = [];
    for (let i = 0; i < video.buffered.length; i++) buffered.push([video.buffered.start(i), video.buffered.end(i)]);
    window.report('played', {
        currentTime: video.currentTime, ended: video.ended, videoWidth: video.videoWidth,
        videoHeight: video.videoHeight, decodedFrames: video.webkitDecodedFrameCount,
        audioBytes: video.webkitAudioDecodedByteCount, buffered, audioTracks: hls.audioTracks.length,
        error: video.error ? String(video.error.message || video.error.code) : null,
    });
    hls.destroy();
}

async function main() {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hls-chromium-'));
    let context = null;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS,
            timeout: 30000 });
        const page = context.pages()[0] || await context.newPage();
        await page.exposeFunction('report', (event, detail) => log(event, detail));
        page.on('pageerror', (e) => log('pageError', { message: String(e.message || e) }));
        await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html',
            body: '<!doctype html><title>hls-player</title><body></body>' }));
        await page.goto(PAGE_URL);
        await page.addScriptTag({ path: HLS });
        await page.evaluate(play, options);
        log('done', {});
    } finally {
        if (context) await context.close();
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
}

main().then(() => process.exit(0), (e) => {
    log('scriptError', { message: String(e && e.stack || e) });
    process.exit(1);
});
