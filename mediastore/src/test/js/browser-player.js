// What the browser judges (hls-player.js, dash-player.js) share: headless Chromium through playwright-core, a blank
// page on another origin than the server (so every load goes through CORS) with the player library and the page-side
// helpers below added to it, the player script's `play(options)` evaluated in it, and one JSON line per event on stdout
// (support, played, pageError, failedLoad when asked, done, scriptError). Options come from the environment:
// SESSION_URL (the session URL answer), PLAY_SECONDS (how far playback must advance), TIMEOUT_MS, CHROMIUM.
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
const POLL_MS = 250;

function log(event, detail) {
    process.stdout.write(JSON.stringify(Object.assign({ event }, detail)) + '\n');
}

// Page-side helpers, added to the page as source: they may use only the page's globals.

/** A muted video element in the page, after reporting which codecs MSE plays. */
function newVideo() {
    const video = document.createElement('video');
    video.muted = true;
    document.body.appendChild(video);
    window.report('support', {
        h264: MediaSource.isTypeSupported('video/mp4; codecs="avc1.42c01e"'),
        opus: MediaSource.isTypeSupported('audio/mp4; codecs="opus"'),
        aac: MediaSource.isTypeSupported('audio/mp4; codecs="mp4a.40.2"'),
    });
    return video;
}

/** Resolves once advanced() reaches opts.playSeconds, the video ends, or opts.timeoutMs passes. */
function playUntil(video, opts, advanced) {
    const started = Date.now();
    return new Promise((resolve) => {
        const timer = setInterval(() => {
            if (advanced() >= opts.playSeconds || video.ended || Date.now() - started > opts.timeoutMs) {
                clearInterval(timer);
                resolve();
            }
        }, POLL_MS_IN_PAGE);
    });
}

/** Reports where playback got: position, picture size, decoded video frames and audio bytes, buffered ranges. */
function reportPlayed(video, extra) {
    const buffered = [];
    for (let i = 0; i < video.buffered.length; i++) buffered.push([video.buffered.start(i), video.buffered.end(i)]);
    window.report('played', Object.assign({}, extra, {
        currentTime: video.currentTime, ended: video.ended, videoWidth: video.videoWidth,
        videoHeight: video.videoHeight, decodedFrames: video.webkitDecodedFrameCount,
        audioBytes: video.webkitAudioDecodedByteCount, buffered,
        error: video.error ? String(video.error.message || video.error.code) : null,
    }));
}

const PAGE_HELPERS = [`const POLL_MS_IN_PAGE = ${POLL_MS};`, newVideo, playUntil, reportPlayed].map(String).join('\n');

/**
 * Runs one judge: `name` names the page, `library` is the player bundle's path, `play(options)` runs in the page,
 * `reportFailedLoads` logs every HTTP answer of 400 or more as a failedLoad event (its SessionToken masked).
 */
async function judge({ name, library, play, reportFailedLoads = false }) {
    const options = {
        url: process.env.SESSION_URL,
        playSeconds: Number(process.env.PLAY_SECONDS || 5),
        timeoutMs: Number(process.env.TIMEOUT_MS || 60000),
    };
    const pageUrl = `http://127.0.0.1/${name}`;
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-chromium-`));
    let context = null;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS,
            timeout: 30000 });
        const page = context.pages()[0] || await context.newPage();
        await page.exposeFunction('report', (event, detail) => log(event, detail));
        page.on('pageerror', (e) => log('pageError', { message: String(e.message || e) }));
        if (reportFailedLoads) {
            page.on('response', (r) => {
                if (r.status() >= 400) {
                    const url = r.url().replace(/SessionToken=[^&]*/, 'SessionToken=…');
                    log('failedLoad', { status: r.status(), url });
                }
            });
        }
        await page.route(pageUrl, (route) => route.fulfill({ contentType: 'text/html',
            body: `<!doctype html><title>${name}</title><body></body>` }));
        await page.goto(pageUrl);
        await page.addScriptTag({ path: library });
        await page.addScriptTag({ content: PAGE_HELPERS });
        await page.evaluate(play, options);
        log('done', {});
    } finally {
        if (context) await context.close();
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
}

/** Runs the judge and exits: 0 when it ran, 1 after a scriptError event. */
function runJudge(spec) {
    judge(spec).then(() => process.exit(0), (e) => {
        log('scriptError', { message: String(e && e.stack || e) });
        process.exit(1);
    });
}

module.exports = { runJudge };
