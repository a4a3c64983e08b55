// Two RTCPeerConnections in headless Chromium that may only use TURN relay candidates (iceTransportPolicy 'relay'),
// connected to each other through the TURN server given in the environment: the browser's own WebRTC stack, not a
// look-alike. Sends a text and a 16 KiB binary message over a data channel (echoed back) and the fake camera's video,
// then reads the selected candidate pairs from getStats.
// Env: TURN_URL (turn:host:port?transport=udp), TURN_USERNAME, TURN_CREDENTIAL; optional CHROMIUM (executable,
// default /usr/bin/chromium), TIMEOUT_MS (per step, default 15000), VIDEO (default 1; 0 = data only).
// Prints one JSON line with the outcome and exits 0 when the run itself worked, whether or not the peers connected:
// judging the outcome is the caller's business. Exits 1 when the browser or the script failed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream'];

const PAGE_URL = 'http://127.0.0.1/relay-peers';

const options = {
    iceServer: { urls: [process.env.TURN_URL], username: process.env.TURN_USERNAME,
        credential: process.env.TURN_CREDENTIAL },
    timeoutMs: Number(process.env.TIMEOUT_MS || 15000),
    video: (process.env.VIDEO || '1') !== '0',
    frames: 20,
};

// Runs inside the page.
async function relayCall({ iceServer, timeoutMs, video, frames }) {
    const within = (promise, what) => Promise.race([promise, new Promise((resolve, reject) =>
        setTimeout(() => reject(new Error('timed out after ' + timeoutMs + ' ms: ' + what)), timeoutMs))]);
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const config = { iceServers: [iceServer], iceTransportPolicy: 'relay' };
    const peers = { offerer: new RTCPeerConnection(config), answerer: new RTCPeerConnection(config) };
    const result = { connected: false, states: {}, candidates: { offerer: [], answerer: [] }, candidateErrors: [],
        echo: {}, framesDecoded: 0, selectedPairs: {}, userAgent: navigator.userAgent };

    // Trickle: a candidate that arrives before the remote description waits for it.
    const inboxes = {};
    for (const [name, other] of [['offerer', 'answerer'], ['answerer', 'offerer']]) {
        const inbox = { open: false, waiting: [] };
        inboxes[name] = inbox;
        peers[name].onicecandidate = (e) => {
            if (!e.candidate || !e.candidate.candidate) return;
            result.candidates[name].push(e.candidate.candidate);
            const target = inboxes[other];
            if (target.open) peers[other].addIceCandidate(e.candidate);
            else target.waiting.push(e.candidate);
        };
        peers[name].onicecandidateerror = (e) => result.candidateErrors.push(
            { peer: name, errorCode: e.errorCode, errorText: e.errorText, url: e.url });
    }
    const openInbox = async (name) => {
        inboxes[name].open = true;
        for (const c of inboxes[name].waiting) await peers[name].addIceCandidate(c);
        inboxes[name].waiting = [];
    };

    let stream = null;
    try {
        const channel = peers.offerer.createDataChannel('relay-check');
        channel.binaryType = 'arraybuffer';
        peers.answerer.ondatachannel = (e) => { e.channel.onmessage = (m) => e.channel.send(m.data); };
        const opened = new Promise((resolve) => { channel.onopen = resolve; });
        if (video) {
            stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 15 } });
            for (const track of stream.getTracks()) peers.offerer.addTrack(track, stream);
        }
        const connected = (pc) => new Promise((resolve) => {
            const check = () => { if (pc.connectionState === 'connected') resolve(); };
            pc.addEventListener('connectionstatechange', check);
            check();
        });
        const bothConnected = Promise.all([connected(peers.offerer), connected(peers.answerer)]);

        await peers.offerer.setLocalDescription(await peers.offerer.createOffer());
        await peers.answerer.setRemoteDescription(peers.offerer.localDescription);
        await openInbox('answerer');
        await peers.answerer.setLocalDescription(await peers.answerer.createAnswer());
        await peers.offerer.setRemoteDescription(peers.answerer.localDescription);
        await openInbox('offerer');

        try {
            await within(bothConnected, 'both peers connected');
        } catch (e) {
            result.failure = String(e.message || e);
            return result;
        }
        result.connected = true;

        await within(opened, 'data channel open');
        const roundTrip = async (payload) => {
            const echoed = new Promise((resolve) => { channel.onmessage = (m) => resolve(m.data); });
            channel.send(payload);
            return within(echoed, 'echo');
        };
        const text = 'through ' + iceServer.urls[0];
        result.echo.text = (await roundTrip(text)) === text;
        const binary = crypto.getRandomValues(new Uint8Array(16 * 1024));
        const back = new Uint8Array(await roundTrip(binary));
        result.echo.binary = back.length === binary.length && back.every((b, i) => b === binary[i]);

        if (video) {
            const deadline = Date.now() + timeoutMs;
            while (result.framesDecoded < frames && Date.now() < deadline) {
                await sleep(200);
                const stats = await peers.answerer.getStats();
                stats.forEach((s) => {
                    if (s.type === 'inbound-rtp' && s.kind === 'video') result.framesDecoded = s.framesDecoded || 0;
                });
            }
        }

        for (const name of Object.keys(peers)) {
            const stats = await peers[name].getStats();
            stats.forEach((transport) => {
                if (transport.type !== 'transport' || !transport.selectedCandidatePairId) return;
                const pair = stats.get(transport.selectedCandidatePairId);
                const local = stats.get(pair.localCandidateId);
                const remote = stats.get(pair.remoteCandidateId);
                result.selectedPairs[name] = {
                    localType: local.candidateType, localAddress: local.address + ':' + local.port,
                    remoteType: remote.candidateType, remoteAddress: remote.address + ':' + remote.port,
                    bytesSent: pair.bytesSent, bytesReceived: pair.bytesReceived,
                };
            });
        }
        return result;
    } finally {
        result.states = { offerer: peers.offerer.connectionState, answerer: peers.answerer.connectionState };
        if (stream) stream.getTracks().forEach((t) => t.stop());
        peers.offerer.close();
        peers.answerer.close();
    }
}

async function main() {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-chromium-'));
    let context = null;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS,
            timeout: 30000 });
        const page = context.pages()[0] || await context.newPage();
        // getUserMedia needs a secure context, which about:blank is not and http://127.0.0.1 is: playwright answers
        // for that URL itself, so no server and no port are needed.
        await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html',
            body: '<!doctype html><title>relay-peers</title>' }));
        await page.goto(PAGE_URL);
        const result = await page.evaluate(relayCall, options);
        console.log(JSON.stringify(result));
    } finally {
        if (context) await context.close();
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
}

main().then(() => process.exit(0), (e) => {
    console.error(e && e.stack || String(e));
    process.exit(1);
});
