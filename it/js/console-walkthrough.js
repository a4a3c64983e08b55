// The web console walked through in headless Chromium as an operator would, through its forms and buttons only:
// a wrong secret refused, sign in, a channel and a stream created and linked, a second tab as the channel's camera
// ("Be the camera", Chromium's fake camera and microphone), a third watching it live, the recording found, played
// and clipped, the server's charts; then what a stranger gets: no cookie (401/403), a forged cross-origin POST.
// Screenshots of every page at desktop and phone widths go to SCREENSHOT_DIR/<page>-<desktop|phone>.png.
// Env: BASE_URL (http://127.0.0.1:port), ACCESS_KEY_ID, SECRET_ACCESS_KEY, CHANNEL, STREAM, FORGED_CHANNEL,
// SCREENSHOT_DIR, CLIP_PATH; optional CHROMIUM, RECORD_MS (default 10000).
// Prints one JSON line per event; exits 0 when the walk completed, 1 when a step failed (event "scriptError").
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
    // The forged page's POSTs must reach the server, so its refusal is what is proven, not Chromium's Local Network
    // Access checks (which would stop a page on localhost from calling 127.0.0.1 before the server sees anything).
    '--disable-features=LocalNetworkAccessChecks'];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const STEP_MS = 45000;

const base = process.env.BASE_URL;
const key = process.env.ACCESS_KEY_ID;
const secret = process.env.SECRET_ACCESS_KEY;
const channel = process.env.CHANNEL;
const stream = process.env.STREAM;
const forgedChannel = process.env.FORGED_CHANNEL;
const shots = process.env.SCREENSHOT_DIR;
const clipPath = process.env.CLIP_PATH;
const recordMs = Number(process.env.RECORD_MS || 10000);

function log(event, detail) {
    console.log(JSON.stringify({ event, ...detail }));
}

function watchPage(page, name) {
    page.on('pageerror', (e) => log('pageError', { page: name, message: String(e.message || e) }));
    page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') {
            log('console', { page: name, type: m.type(), text: m.text() });
        }
    });
    page.on('response', async (r) => {
        if (r.status() >= 400) {
            log('httpError', { page: name, status: r.status(), method: r.request().method(), url: r.url(),
                request: (r.request().postData() || '').slice(0, 300),
                body: (await r.text().catch(() => '')).slice(0, 300) });
        }
    });
    page.setDefaultTimeout(STEP_MS);
    return page;
}

/** Screenshots of `page` as it is, at desktop and at phone width (then back to desktop). */
async function screenshots(page, name) {
    for (const [width, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        await page.setViewportSize(size);
        // The bar is sticky: from the top, a full-page screenshot shows it where a reader sees it.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(400);
        const file = path.join(shots, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        log('screenshot', { page: name, width, path: file });
    }
    await page.setViewportSize(DESKTOP);
}

/** Waits until the element `id`'s data-value is a number above zero; returns it. */
async function positive(page, id) {
    await page.waitForFunction((i) => Number((document.getElementById(i) || { dataset: {} }).dataset.value) > 0, id,
        { timeout: STEP_MS });
    return Number(await page.locator(`#${id}`).getAttribute('data-value'));
}

async function signIn(page, secretValue) {
    await page.goto(base + '/');
    await page.getByLabel('Access key ID').fill(key);
    await page.getByLabel('Secret access key').fill(secretValue);
    await page.getByRole('button', { name: 'Sign in' }).click();
}

async function wrongSecret(browser) {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = watchPage(await context.newPage(), 'stranger');
    await page.goto(base + '/');
    await page.getByLabel('Access key ID').waitFor();
    await screenshots(page, 'sign-in');
    await signIn(page, secret + 'x');
    const error = page.getByTestId('signin-error');
    await page.waitForFunction(() => document.getElementById('signin-error').textContent.trim().length > 0);
    await screenshots(page, 'sign-in-refused');
    log('wrongSecret', { error: (await error.textContent()).trim(), cookies: (await context.cookies()).length,
        secretFieldEmpty: (await page.getByLabel('Secret access key').inputValue()) === '',
        navHidden: await page.locator('#nav').isHidden() });
    // Without the cookie: the console's figures and the KVS API as the page calls them.
    const answers = await page.evaluate(async () => {
        const live = await fetch('/console/live');
        const list = await fetch('/listSignalingChannels', { method: 'POST', headers: {
            'Content-Type': 'application/json', 'X-Console-Csrf': 'guessed' }, body: '{}' });
        return { live: live.status, liveBody: await live.text(), list: list.status, listBody: await list.text() };
    });
    log('unauthenticated', answers);
    await context.close();
}

async function createAndLink(admin) {
    await admin.getByRole('link', { name: 'Channels' }).click();
    await admin.getByLabel('Channel name').fill(channel);
    await admin.getByRole('button', { name: 'Create channel' }).click();
    await admin.getByTestId(`channel-${channel}`).waitFor();
    await admin.getByLabel('Stream name').fill(stream);
    await admin.getByLabel('Retention (hours)').fill('2');
    await admin.getByRole('button', { name: 'Create stream' }).click();
    await admin.getByTestId(`stream-${stream}`).waitFor();
    await admin.getByRole('button', { name: `Details of channel ${channel}` }).click();
    const link = async () => {
        await admin.getByLabel('Stream to record into').selectOption({ label: stream });
        await admin.getByRole('button', { name: 'Link', exact: true }).click();
        await admin.getByTestId('storage-state').filter({ hasText: 'Records into' }).waitFor();
    };
    // Linked, unlinked and linked again; and a second stream created and deleted (confirmed in the dialog).
    await link();
    await admin.getByRole('button', { name: 'Unlink' }).click();
    await admin.getByTestId('storage-state').filter({ hasText: 'Not recording' }).waitFor();
    await link();
    const scratch = `${stream}-scratch`;
    await admin.getByLabel('Stream name').fill(scratch);
    await admin.getByRole('button', { name: 'Create stream' }).click();
    await admin.getByTestId(`stream-${scratch}`).waitFor();
    await admin.getByRole('button', { name: `Delete stream ${scratch}` }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await admin.getByTestId(`stream-${scratch}`).waitFor({ state: 'detached' });
    log('deleted', { stream: scratch });
    await admin.getByTestId('endpoints').waitFor();
    await admin.getByTestId('ice-servers').waitFor();
    log('linked', { storage: (await admin.getByTestId('storage-state').textContent()).trim(),
        endpoints: (await admin.getByTestId('endpoints').textContent()).trim(),
        commands: await admin.locator('.snippet pre').allTextContents() });
    await screenshots(admin, 'channels');
}

async function camera(context) {
    const page = watchPage(await context.newPage(), 'camera');
    await page.goto(base + '/#/live');
    const button = page.getByRole('button', { name: `Be the camera of ${channel}` });
    await page.waitForFunction((name) => {
        const b = document.querySelector(`[aria-label="Be the camera of ${name}"]`);
        return b && !b.disabled;
    }, channel);
    await button.click();
    const framesSent = await positive(page, 'camera-frames-sent');
    log('cameraSending', { framesSent, state: await page.locator('#camera-state').textContent() });
    return page;
}

async function viewer(context, camera) {
    const page = watchPage(await context.newPage(), 'viewer');
    await page.goto(base + '/#/live');
    await page.getByRole('button', { name: `Watch ${channel}` }).focus();
    await page.keyboard.press('Enter');
    const framesDecoded = await positive(page, 'watch-frames-decoded');
    const audioEnergy = await positive(page, 'watch-audio-energy');
    log('watching', { framesDecoded, audioEnergy, state: await page.locator('#watch-state').textContent() });
    await page.getByRole('button', { name: 'Talk' }).click();
    await page.locator('#watch-talk[aria-pressed="true"]').waitFor();
    // The server's own view of the session: the viewer's microphone arrives once Talk replaced its silent track.
    // What is not seen is reported (the Java test judges), and the walk goes on.
    try {
        const deadline = Date.now() + STEP_MS;
        let talking = null;
        while (!talking && Date.now() < deadline) {
            await page.waitForTimeout(1000);
            talking = await page.evaluate(async (name) => {
                const live = await (await fetch('/console/live')).json();
                const session = (live.sessions || []).find((s) => s.channelName === name);
                const v = session && session.participants.find((p) => p.role === 'VIEWER' && p.audioPackets > 0);
                return v ? { viewerAudioPackets: v.audioPackets, session } : null;
            }, channel);
        }
        log(talking ? 'talking' : 'talkingUnseen', talking || {});
        // And the camera's operator hears it: the mix of the viewers plays in the camera tab.
        log('cameraHears', { energy: await positive(camera, 'camera-heard-energy') });
        await screenshots(camera, 'live-camera');
        await page.locator(`[data-testid="live-${channel}"] [data-testid="master-state"]`)
            .filter({ hasText: 'master connected' }).waitFor();
        log('liveCard', { text: await page.getByTestId(`live-${channel}`).textContent() });
    } catch (unseen) {
        log('liveUnseen', { message: String(unseen.message || unseen) });
    }
    await screenshots(page, 'live');
    return page;
}

async function recordings(admin) {
    await admin.waitForTimeout(recordMs);
    await admin.goto(`${base}/#/recordings?stream=${encodeURIComponent(stream)}`);
    const deadline = Date.now() + STEP_MS;
    let count = 0;
    while (count === 0 && Date.now() < deadline) {
        await admin.getByRole('button', { name: 'Last 15 minutes' }).click();
        await admin.waitForTimeout(1500);
        count = Number(await admin.getByTestId('fragment-count').getAttribute('data-value'));
    }
    log('fragments', { count, runs: await admin.getByTestId('recording-run').count(),
        summary: (await admin.getByTestId('fragment-summary').textContent()).trim() });
    await admin.getByRole('button', { name: 'Zoom to recording' }).click();
    await admin.waitForFunction(() => {
        const track = document.querySelector('[data-testid="timeline"] .timeline-track').getBoundingClientRect();
        const runs = [...document.querySelectorAll('[data-testid="recording-run"]')];
        return runs.reduce((sum, r) => sum + r.getBoundingClientRect().width, 0) > track.width / 2;
    });
    await admin.getByTestId('recording-run').first().click({ position: { x: 3, y: 5 } });
    await admin.waitForFunction(() => document.getElementById('recording-video').currentTime > 0);
    const first = await admin.evaluate(() => document.getElementById('recording-video').currentTime);
    await admin.waitForTimeout(2000);
    const later = await admin.evaluate(() => document.getElementById('recording-video').currentTime);
    log('playback', { first, later, state: await admin.locator('#recording-state').textContent() });
    await admin.waitForFunction(() => document.querySelector('[data-testid="picture"] img') !== null)
        .catch(() => {});
    log('pictures', { images: await admin.locator('[data-testid="picture"] img').count(),
        buttons: await admin.getByTestId('picture').count() });
    await screenshots(admin, 'recordings');
    const [download] = await Promise.all([admin.waitForEvent('download'),
        admin.getByRole('button', { name: 'Download clip' }).click()]);
    await download.saveAs(clipPath);
    log('clip', { path: clipPath, suggestedFilename: download.suggestedFilename(), bytes: fs.statSync(clipPath).size });
}

async function serverPage(admin) {
    await admin.getByRole('link', { name: 'Server' }).click();
    try {
        await admin.locator('[data-testid="chart-sessions"] canvas').waitFor();
        log('server', { charts: await admin.locator('.chart-card canvas').count(),
            now: (await admin.getByTestId('server-now').textContent()).trim() });
    } catch (unseen) {
        log('serverUnseen', { message: String(unseen.message || unseen) });
    }
    await screenshots(admin, 'server');
    await admin.setViewportSize(PHONE);
    await admin.getByRole('button', { name: 'Menu' }).click();
    await admin.getByRole('link', { name: 'Recordings' }).waitFor();
    await admin.screenshot({ path: path.join(shots, 'menu-phone.png') });
    log('screenshot', { page: 'menu', width: 'phone', path: path.join(shots, 'menu-phone.png') });
    await admin.getByRole('button', { name: 'Menu' }).click();
    await admin.setViewportSize(DESKTOP);
}

/** A page on another origin (same site: 127.0.0.1 on another port; cross-site: localhost) posting at the server. */
async function forged(context, admin) {
    const server = http.createServer((req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><title>elsewhere</title><form id="f" method="post" enctype="text/plain"></form>');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    const results = [];
    try {
        for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
            const page = watchPage(await context.newPage(), 'forger');
            await page.goto(origin + '/');
            const sent = await page.evaluate(async ({ target, name }) => {
                const body = JSON.stringify({ ChannelName: name });
                const out = {};
                const attempt = async (label, init) => {
                    try {
                        const r = await fetch(target + '/createSignalingChannel', init);
                        out[label] = r.type === 'opaque' ? 'opaque' : r.status;
                    } catch (e) {
                        out[label] = 'blocked: ' + e.message;
                    }
                };
                await attempt('simple', { method: 'POST', credentials: 'include', mode: 'no-cors',
                    headers: { 'Content-Type': 'text/plain' }, body });
                await attempt('json', { method: 'POST', credentials: 'include',
                    headers: { 'Content-Type': 'application/json', 'X-Console-Csrf': 'guessed' }, body });
                try {
                    const r = await fetch(target + '/console/session/end', { method: 'POST', credentials: 'include',
                        mode: 'no-cors' });
                    out.end = r.type;
                } catch (e) {
                    out.end = 'blocked: ' + e.message;
                }
                return out;
            }, { target: base, name: forgedChannel });
            // And the classic: a form posted across origins (a top-level navigation, which carries Lax cookies).
            await page.evaluate(({ target, name }) => {
                const form = document.getElementById('f');
                form.action = target + '/createSignalingChannel';
                const input = document.createElement('input');
                input.name = JSON.stringify({ ChannelName: name }).slice(0, -1) + ',"x":"';
                input.value = '"}';
                form.append(input);
                form.submit();
            }, { target: base, name: forgedChannel });
            await page.waitForLoadState('load').catch(() => {});
            const formAnswer = await page.textContent('body').catch(() => '');
            results.push({ origin, ...sent, form: formAnswer.slice(0, 200) });
            await page.close();
        }
    } finally {
        server.close();
    }
    const after = await admin.evaluate(async (name) => {
        const session = await fetch('/console/session');
        const token = session.ok ? (await session.clone().json()).csrfToken : '';
        const list = await fetch('/listSignalingChannels', { method: 'POST', headers: {
            'Content-Type': 'application/json', 'X-Console-Csrf': token }, body: '{}' });
        const names = list.ok ? (await list.json()).ChannelInfoList.map((c) => c.ChannelName) : [];
        return { sessionStatus: session.status, forgedChannelExists: names.includes(name), channels: names };
    }, forgedChannel);
    log('forged', { attempts: results, ...after });
}

async function main() {
    fs.mkdirSync(shots, { recursive: true });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true, args: FLAGS, timeout: 30000 });
    try {
        await wrongSecret(browser);
        const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
        const admin = watchPage(await context.newPage(), 'admin');
        // The operator signs in with the keyboard alone: the key field has the focus, Tab, Enter.
        await admin.goto(base + '/');
        await admin.getByLabel('Access key ID').waitFor();
        const focused = await admin.evaluate(() => document.activeElement && document.activeElement.id);
        await admin.keyboard.type(key);
        await admin.keyboard.press('Tab');
        await admin.keyboard.type(secret);
        await admin.keyboard.press('Enter');
        await admin.locator('#nav').waitFor();
        const cookies = await context.cookies();
        log('signedIn', { cookies: cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite,
            path: c.path })), focusedOnLoad: focused,
            secretFieldEmpty: (await admin.locator('#signin-secret').inputValue()) === '',
            who: await admin.locator('#who').textContent() });
        await createAndLink(admin);
        const cam = await camera(context);
        const watcher = await viewer(context, cam);
        await recordings(admin);
        await serverPage(admin);
        await forged(context, admin);
        await watcher.getByRole('button', { name: 'Leave' }).click();
        await cam.getByRole('button', { name: 'Stop' }).click();
        await admin.getByRole('button', { name: 'Sign out' }).click();
        await admin.getByLabel('Access key ID').waitFor();
        const status = await admin.evaluate(async () => (await fetch('/console/live')).status);
        log('signedOut', { cookies: (await context.cookies()).length, liveStatus: status });
        log('done', {});
    } finally {
        await browser.close();
    }
}

main().then(() => process.exit(0), (e) => {
    log('scriptError', { message: String(e && e.stack || e) });
    process.exit(1);
});
