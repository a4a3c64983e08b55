// Drives the official KVS JS SDK SignalingClient (as browsers and Node apps use it) against the server:
// a master and a viewer on one channel exchange an SDP offer, an answer and ICE candidates peer-to-peer.
// Env: ENDPOINT (ws://host:port), CHANNEL_ARN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
// Prints one JSON line per event and exits 0 only when every expected message arrived intact.
'use strict';
global.WebSocket = require('ws');
const { SignalingClient, SigV4RequestSigner, Role } = require('amazon-kinesis-video-streams-webrtc');

const endpoint = process.env.ENDPOINT;
const channelARN = process.env.CHANNEL_ARN;
const region = process.env.AWS_REGION || 'us-west-2';
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
const TIMEOUT_MS = 15000;

// The SDK's signer signs only wss:// URLs: sign that form, then connect over plain ws:// (same host, same query).
const signer = new SigV4RequestSigner(region, credentials);
const requestSigner = {
    getSignedURL: async (url, queryParams, date) =>
        (await signer.getSignedURL(url.replace(/^ws:/, 'wss:'), queryParams, date)).replace(/^wss:/, 'ws:'),
};

function log(event, detail) {
    console.log(JSON.stringify({ event, ...detail }));
}

function client(role, clientId) {
    return new SignalingClient({ channelARN, channelEndpoint: endpoint, role, region, clientId, requestSigner,
        credentials, systemClockOffset: 0 });
}

const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
const answer = { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ relay', sdpMid: '0', sdpMLineIndex: 0 };
const viewerId = 'js-viewer-' + process.pid;

const master = client(Role.MASTER);
const viewer = client(Role.VIEWER, viewerId);
const timer = setTimeout(() => { log('timeout', {}); process.exit(2); }, TIMEOUT_MS);
let opened = 0;

function fail(what) {
    log('failure', { what });
    process.exit(1);
}

master.on('sdpOffer', (sdp, sender) => {
    log('master.sdpOffer', { sender, sdp: sdp.sdp });
    if (sender !== viewerId || sdp.sdp !== offer.sdp) fail('offer altered or sender wrong');
    master.sendSdpAnswer(answer, sender);
});
master.on('iceCandidate', (c, sender) => {
    log('master.iceCandidate', { sender, candidate: c.candidate });
    if (sender !== viewerId || c.candidate !== candidate.candidate) fail('candidate altered');
    master.sendIceCandidate(candidate, sender);
});
viewer.on('sdpAnswer', (sdp, sender) => {
    log('viewer.sdpAnswer', { sender: sender || null });
    if (sdp.sdp !== answer.sdp) fail('answer altered');
    viewer.sendIceCandidate(candidate);
});
viewer.on('iceCandidate', (c) => {
    log('viewer.iceCandidate', { candidate: c.candidate });
    clearTimeout(timer);
    master.close();
    viewer.close();
    log('done', {});
    process.exit(0);
});
for (const [name, c] of [['master', master], ['viewer', viewer]]) {
    c.on('error', (e) => fail(name + ' error: ' + (e && e.message)));
    c.on('close', () => log(name + '.close', {}));
    c.on('open', () => {
        log(name + '.open', {});
        if (++opened === 2) viewer.sendSdpOffer(offer);
    });
}
master.open();
setTimeout(() => viewer.open(), 200);
