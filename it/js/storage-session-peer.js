// A KVS storage-session participant in headless Chromium, on the official KVS JS SDK's browser bundle (the
// SignalingClient every web app uses) and Chromium's own WebRTC stack: it opens signaling as MASTER or VIEWER,
// prints {"event":"open"} so the caller can call JoinStorageSession (as apps do with the AWS SDK), answers the
// storage session's SDP_OFFER with the fake camera and microphone (relay-only ICE through the given TURN servers),
// trickles its candidates with correlation ids, and prints what happens until STOP_AFTER_MS passes.
// Env: ENDPOINT (ws://host:port), CHANNEL_ARN, ROLE (MASTER|VIEWER), CLIENT_ID (viewer), AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_REGION, ICE_SERVERS (JSON array of {urls, username, credential}); optional CHROMIUM,
// STOP_AFTER_MS (default 60000); TONE_HZ (send a sine of that frequency instead of the fake microphone); LISTEN_HZ
// (comma-separated frequencies: report the level of each in the received audio, once a second, as audioLevels);
// SEND_AUDIO=0 (add no audio track: the answer's audio section is recvonly — a video-only master, a silent viewer).
// Prints one JSON line per event; exits 0 when the run itself worked, 1 when the browser or the script failed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    // The page's AudioContext (tone out, analysis in) must run without a user gesture.
    '--autoplay-policy=no-user-gesture-required',
    // The page is served by playwright itself, so Chromium cannot place it in the loopback address space and its
    // Local Network Access checks would block the WebSocket to the server on 127.0.0.1.
    '--disable-features=LocalNetworkAccessChecks'];
const PAGE_URL = 'http://127.0.0.1/storage-session-peer';
const SDK = require.resolve('amazon-kinesis-video-streams-webrtc/dist/kvs-webrtc.js');

const options = {
    endpoint: process.env.ENDPOINT,
    channelARN: process.env.CHANNEL_ARN,
    role: process.env.ROLE || 'MASTER',
    clientId: process.env.CLIENT_ID || undefined,
    region: process.env.AWS_REGION || 'us-west-2',
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
    iceServers: JSON.parse(process.env.ICE_SERVERS || '[]'),
    toneHz: Number(process.env.TONE_HZ || 0),
    sendAudio: process.env.SEND_AUDIO !== '0',
    listenHz: (process.env.LISTEN_HZ || '').split(',').filter((f) => f).map(Number),
};
const STOP_AFTER_MS = Number(process.env.STOP_AFTER_MS || 60000);

function log(event, detail) {
    console.log(JSON.stringify({ event, ...detail }));
}

// Runs inside the page, with the SDK's bundle loaded as window.KVSWebRTC.
async function participate(o) {
    const { SignalingClient, SigV4RequestSigner, Role } = window.KVSWebRTC;
    const report = (event, detail) => window.report(event, detail || {});
    // The SDK's signer signs only wss:// URLs: sign that form, connect over plain ws:// (same host, same query).
    const signer = new SigV4RequestSigner(o.region, o.credentials);
    const requestSigner = { getSignedURL: async (url, query, date) => {
        const signed = (await signer.getSignedURL(url.replace(/^ws:/, 'wss:'), query, date)).replace(/^wss:/, 'ws:');
        report('signedUrl', { url: signed.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=…') });
        return signed;
    } };
    const client = new SignalingClient({ channelARN: o.channelARN, channelEndpoint: o.endpoint,
        role: Role[o.role], clientId: o.clientId, region: o.region, credentials: o.credentials, requestSigner,
        systemClockOffset: 0 });
    const pc = new RTCPeerConnection({ iceServers: o.iceServers, iceTransportPolicy: 'relay' });
    const audio = new AudioContext({ sampleRate: 48000 });
    const stream = new MediaStream();
    if (o.role === 'MASTER') {
        (await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 15 } }))
            .getTracks().forEach((track) => stream.addTrack(track));
    }
    if (!o.sendAudio) {
        // Nothing to send: the answer's audio section says recvonly (a video-only master, a silent viewer).
    } else if (o.toneHz) {
        // A pure tone, so whoever hears this participant can be told apart by frequency.
        const oscillator = new OscillatorNode(audio, { frequency: o.toneHz });
        const out = audio.createMediaStreamDestination();
        oscillator.connect(new GainNode(audio, { gain: 0.25 })).connect(out);
        oscillator.start();
        out.stream.getAudioTracks().forEach((track) => stream.addTrack(track));
    } else {
        (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks()
            .forEach((track) => stream.addTrack(track));
    }
    stream.getTracks().forEach((track) => pc.addTrack(track, stream));
    pc.ontrack = ({ track }) => {
        if (track.kind !== 'audio' || !o.listenHz.length) {
            return;
        }
        const received = new MediaStream([track]);
        // Chromium feeds a remote WebRTC track into WebAudio only while a media element plays it.
        const element = new Audio();
        element.muted = true;
        element.srcObject = received;
        element.play().catch(() => {});
        const analyser = new AnalyserNode(audio, { fftSize: 8192, smoothingTimeConstant: 0 });
        audio.createMediaStreamSource(received).connect(analyser);
        const spectrum = new Float32Array(analyser.frequencyBinCount);
        const hzPerBin = audio.sampleRate / analyser.fftSize;
        setInterval(() => {
            analyser.getFloatFrequencyData(spectrum);
            const levels = {};
            for (const hz of o.listenHz) {
                const bin = Math.round(hz / hzPerBin);
                let peak = -Infinity;
                for (let b = Math.max(0, bin - 2); b <= Math.min(spectrum.length - 1, bin + 2); b++) {
                    peak = Math.max(peak, spectrum[b]);
                }
                // Digital silence reads -Infinity, which JSON cannot carry.
                levels[hz] = Number.isFinite(peak) ? Math.round(peak) : -200;
            }
            report('audioLevels', { levels, contextState: audio.state });
        }, 1000);
    };
    let sequence = 0;
    const correlationId = () => 'c' + Date.now() + '-' + (sequence++);
    pc.onicecandidate = ({ candidate }) => {
        if (candidate && candidate.candidate) {
            report('localCandidate', { candidate: candidate.candidate });
            client.sendIceCandidate(candidate, undefined, correlationId());
        }
    };
    pc.onconnectionstatechange = async () => {
        report('connectionState', { state: pc.connectionState, ice: pc.iceConnectionState });
        if (pc.connectionState === 'connected' && o.role === 'VIEWER') {
            // How long after the media path came up the first keyframe was decoded (an upper bound on its arrival).
            const since = performance.now();
            let seen = false;
            const poll = setInterval(async () => {
                (await pc.getStats()).forEach((s) => {
                    if (!seen && s.type === 'inbound-rtp' && s.kind === 'video' && (s.keyFramesDecoded || 0) > 0) {
                        seen = true;
                        clearInterval(poll);
                        report('firstKeyframe', { millis: Math.round(performance.now() - since) });
                    }
                });
            }, 20);
        }
        if (pc.connectionState === 'failed') {
            // For the log of a failed run: every candidate pair Chromium tried, and how far it got.
            const pairs = [];
            (await pc.getStats()).forEach((s) => {
                if (s.type === 'candidate-pair') {
                    pairs.push({ state: s.state, nominated: s.nominated, requestsSent: s.requestsSent,
                        responsesReceived: s.responsesReceived, requestsReceived: s.requestsReceived,
                        responsesSent: s.responsesSent });
                }
            });
            report('candidatePairs', { pairs });
        }
    };
    // What the browser decoded of the video the server forwards (viewers), read from getStats every 500 ms.
    let lastDecoded = 0;
    let lastOut = '';
    setInterval(async () => {
        (await pc.getStats()).forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) !== lastDecoded) {
                lastDecoded = s.framesDecoded || 0;
                report('framesDecoded', { frames: lastDecoded, keyFramesDecoded: s.keyFramesDecoded || 0,
                    freezeCount: s.freezeCount || 0, pliCount: s.pliCount || 0, nackCount: s.nackCount || 0,
                    packetsLost: s.packetsLost || 0,
                    retransmittedPacketsReceived: s.retransmittedPacketsReceived || 0 });
            }
            if (s.type === 'outbound-rtp' && s.kind === 'video') {
                // The master's side of loss repair: NACKs and keyframe requests the server sent it, what it resent.
                const out = { nackCount: s.nackCount || 0, pliCount: s.pliCount || 0, firCount: s.firCount || 0,
                    retransmittedPacketsSent: s.retransmittedPacketsSent || 0, packetsSent: s.packetsSent || 0 };
                if (JSON.stringify(out) !== lastOut) {
                    lastOut = JSON.stringify(out);
                    report('videoSent', out);
                }
            }
        });
    }, 500);
    client.on('open', () => report('open'));
    client.on('error', (e) => report('signalingError', { message: String(e && (e.message || e.type || e)) }));
    client.on('statusResponse', (s) => report('statusResponse', s));
    client.on('sdpOffer', async (offer) => {
        report('offer', { sdp: offer.sdp });
        await pc.setRemoteDescription(offer);
        await pc.setLocalDescription(await pc.createAnswer());
        report('answer', { sdp: pc.localDescription.sdp });
        client.sendSdpAnswer(pc.localDescription, undefined, correlationId());
    });
    client.on('iceCandidate', async (candidate) => {
        report('remoteCandidate', { candidate: candidate.candidate });
        try {
            await pc.addIceCandidate(candidate);
        } catch (e) {
            report('addIceCandidateError', { message: String(e.message || e) });
        }
    });
    client.open();
}

async function main() {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-chromium-'));
    let context = null;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS,
            timeout: 30000 });
        const page = context.pages()[0] || await context.newPage();
        await page.exposeFunction('report', (event, detail) => log(event, detail));
        page.on('pageerror', (e) => log('pageError', { message: String(e.message || e) }));
        page.on('console', (m) => log('console', { type: m.type(), text: m.text() }));
        // getUserMedia needs a secure context: playwright answers for http://127.0.0.1 itself.
        await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html',
            body: '<!doctype html><title>storage-session-peer</title>' }));
        await page.goto(PAGE_URL);
        await page.addScriptTag({ path: SDK });
        await page.evaluate(participate, options);
        await new Promise((resolve) => setTimeout(resolve, STOP_AFTER_MS));
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
