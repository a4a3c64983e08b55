// dash.js in headless Chromium as a judge of a DASH session: plays SESSION_URL (a GetDASHStreamingSessionURL answer)
// muted, from a page on another origin (so the manifest and every fragment load go through CORS), and prints one JSON
// line per event on stdout: support (MSE codecs), streamInitialized (dynamic or static, the tracks and codecs dash.js
// read from the MPD), dashError, failedLoad (an HTTP error answer), played (where playback started, the position
// reached, picture size, decoded video frames and audio bytes), scriptError.
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
const PAGE_URL = 'http://127.0.0.1/dash-player';
// the package's "require" export is its UMD bundle, which defines the dashjs global in the page
const DASH = require.resolve('dashjs');
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
    const started = Date.now();
    await new Promise((resolve) => {
        const timer = setInterval(() => {
            const advanced = startedAt === null ? 0 : video.currentTime - startedAt;
            if (advanced >= opts.playSeconds || video.ended || Date.now() - started > opts.timeoutMs) {
                clearInterval(timer);
                resolve();
            }
        }, 250);
    });
    const buffered = [];
    for (let i = 0; i < video.buffered.length; i++) buffered.push([video.buffered.start(i), video.buffered.end(i)]);
    window.report('played', {
        startedAt, currentTime: video.currentTime, ended: video.ended, videoWidth: video.videoWidth,
        videoHeight: video.videoHeight, decodedFrames: video.webkitDecodedFrameCount,
        audioBytes: video.webkitAudioDecodedByteCount, buffered,
        error: video.error ? String(video.error.message || video.error.code) : null,
    });
    player.destroy();
}

async function main() {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-chromium-'));
    let context = null;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS,
            timeout: 30000 });
        const page = context.pages()[0] || await context.newPage();
        await page.exposeFunction('report', (event, detail) => log(event, detail));
        page.on('pageerror', (e) => log('pageError', { message: String(e.message || e) }));
        page.on('response', (r) => {
            if (r.status() >= 400) {
                log('failedLoad', { status: r.status(), url: r.url().replace(/SessionToken=[^&]*/, 'SessionToken=…') });
            }
        });
        await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html',
            body: '<!doctype html><title>dash-player</title><body></body>' }));
        await page.goto(PAGE_URL);
        await page.addScriptTag({ path: DASH });
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
