// The two ways this page takes part in a storage session: Watch (a viewer: the master's video and the mix, Talk to
// send the microphone) and Be the camera (the master: this device's camera and microphone). Each shows, once a
// second, what RTCPeerConnection.getStats() says arrived or left, under stable ids the browser test reads.
import { StoragePeer } from './rtc.js';
import { el, fill } from './ui.js';
import { bitRate } from './format.js';

const STATS_INTERVAL_MS = 1000;
const CAMERA = { video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } }, audio: true };

function stat(id, label) {
  const value = el('dd', { id, 'data-testid': id, 'data-value': '0' }, '–');
  return { value, nodes: [el('dt', {}, label), value] };
}

function setStat(s, raw, text) {
  s.value.dataset.value = String(raw);
  s.value.textContent = text === undefined ? String(raw) : text;
}

function stateLine(id) {
  return el('p', { id, 'data-testid': id, className: 'state', role: 'status', 'aria-live': 'polite' }, 'Starting…');
}

function reporter(line) {
  return (text, kind) => {
    line.textContent = text;
    line.className = `state ${kind || ''}`;
  };
}

/** Samples getStats every second; `read(report, seconds)` is called with each report. */
function sampleStats(peer, read) {
  let last = performance.now();
  const timer = setInterval(async () => {
    if (!peer.pc || peer.pc.connectionState === 'closed') {
      return;
    }
    const now = performance.now();
    const report = await peer.pc.getStats();
    read(report, (now - last) / 1000);
    last = now;
  }, STATS_INTERVAL_MS);
  return () => clearInterval(timer);
}

/** A byte counter turned into a bit rate between samples. */
function rate() {
  let previous = null;
  return (bytes, seconds) => {
    const bits = previous === null || seconds <= 0 ? NaN : ((bytes - previous) * 8) / seconds;
    previous = bytes;
    return bits;
  };
}

/** Watch `channel` as a viewer in `container`; `onClose()` runs after Leave. Returns a closer. */
export function openWatch(container, channel, onClose) {
  const state = stateLine('watch-state');
  const video = el('video', { id: 'watch-video', 'data-testid': 'watch-video', autoplay: true, playsinline: true,
    controls: true, 'aria-label': `Live video of ${channel.ChannelName}` });
  const frames = stat('watch-frames-decoded', 'Frames decoded');
  const fps = stat('watch-fps', 'Frames per second');
  const size = stat('watch-resolution', 'Resolution');
  const energy = stat('watch-audio-energy', 'Audio energy');
  const videoRate = stat('watch-video-bitrate', 'Video');
  const audioRate = stat('watch-audio-bitrate', 'Audio');
  const lost = stat('watch-packets-lost', 'Packets lost');
  const talk = el('button', { type: 'button', id: 'watch-talk', 'aria-pressed': 'false', disabled: true }, 'Talk');
  const leave = el('button', { type: 'button', id: 'watch-leave', className: 'secondary' }, 'Leave');
  const peer = new StoragePeer({ channelArn: channel.ChannelARN, role: 'VIEWER', onState: reporter(state),
    onTrack: (stream) => {
      if (video.srcObject !== stream) {
        video.srcObject = stream;
      }
      video.play().catch(() => {
        video.muted = true;
        video.play().catch(() => {});
        state.textContent += ' (sound muted by the browser: unmute with the video controls)';
      });
      talk.disabled = false;
    } });
  let microphone = null;
  talk.addEventListener('click', async () => {
    try {
      if (microphone) {
        await peer.talk(null);
        microphone.stop();
        microphone = null;
      } else {
        const media = await navigator.mediaDevices.getUserMedia({ audio: true });
        microphone = media.getAudioTracks()[0];
        await peer.talk(microphone);
      }
      talk.setAttribute('aria-pressed', String(Boolean(microphone)));
      talk.textContent = microphone ? 'Stop talking' : 'Talk';
    } catch (failed) {
      reporter(state)(`Microphone: ${failed.message}`, 'error');
    }
  });
  const videoBits = rate();
  const audioBits = rate();
  const stopStats = sampleStats(peer, (report, seconds) => {
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        setStat(frames, s.framesDecoded || 0);
        setStat(fps, s.framesPerSecond || 0);
        setStat(size, s.frameWidth ? `${s.frameWidth}x${s.frameHeight}` : '–');
        setStat(videoRate, s.bytesReceived || 0, bitRate(videoBits(s.bytesReceived || 0, seconds)));
        setStat(lost, s.packetsLost || 0);
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        const total = s.totalAudioEnergy || 0;
        setStat(energy, total, total.toPrecision(3));
        setStat(audioRate, s.bytesReceived || 0, bitRate(audioBits(s.bytesReceived || 0, seconds)));
      }
    });
  });
  const panel = el('section', { id: 'watch-panel', className: 'card media', 'aria-labelledby': 'watch-title' },
    el('h2', { id: 'watch-title' }, `Watching ${channel.ChannelName}`), state,
    el('div', { className: 'media-body' }, video,
      el('dl', { className: 'stats' }, frames.nodes, fps.nodes, size.nodes, energy.nodes, videoRate.nodes,
        audioRate.nodes, lost.nodes)),
    el('div', { className: 'actions' }, talk, leave));
  fill(container, panel);
  function close() {
    stopStats();
    peer.stop();
    if (microphone) {
      microphone.stop();
    }
    video.srcObject = null;
    container.replaceChildren();
  }
  leave.addEventListener('click', () => {
    close();
    onClose();
  });
  peer.start().catch((failed) => reporter(state)(failed.message, 'error'));
  video.focus();
  return close;
}

/** Be the camera (master) of `channel` in `container`; `onClose()` runs after Stop. Returns a closer. */
export function openCamera(container, channel, onClose) {
  const state = stateLine('camera-state');
  const preview = el('video', { id: 'camera-video', 'data-testid': 'camera-video', autoplay: true,
    playsinline: true, muted: true, 'aria-label': 'Your camera (preview)' });
  // What the viewers say (their mix) plays here, so a Talk in a Watch tab is heard by the camera's operator.
  const heard = el('audio', { id: 'camera-audio', autoplay: true });
  const sent = stat('camera-frames-sent', 'Frames sent');
  const heardEnergy = stat('camera-heard-energy', 'Heard (audio energy)');
  const fps = stat('camera-fps', 'Frames per second');
  const size = stat('camera-resolution', 'Resolution');
  const videoRate = stat('camera-video-bitrate', 'Video');
  const audioRate = stat('camera-audio-bitrate', 'Audio');
  const stop = el('button', { type: 'button', id: 'camera-stop', className: 'danger' }, 'Stop');
  let peer = null;
  let stopStats = () => {};
  const panel = el('section', { id: 'camera-panel', className: 'card media', 'aria-labelledby': 'camera-title' },
    el('h2', { id: 'camera-title' }, `Camera of ${channel.ChannelName}`), state,
    el('div', { className: 'media-body' }, preview,
      el('dl', { className: 'stats' }, sent.nodes, fps.nodes, size.nodes, videoRate.nodes, audioRate.nodes,
        heardEnergy.nodes)),
    heard, el('div', { className: 'actions' }, stop));
  fill(container, panel);
  let closed = false;
  function close() {
    closed = true;
    stopStats();
    if (peer) {
      peer.stop();
    }
    preview.srcObject = null;
    heard.srcObject = null;
    container.replaceChildren();
  }
  stop.addEventListener('click', () => {
    close();
    onClose();
  });
  const show = reporter(state);
  show('Asking for the camera and microphone…');
  navigator.mediaDevices.getUserMedia(CAMERA).then(async (media) => {
    if (closed) {
      media.getTracks().forEach((t) => t.stop());
      return;
    }
    preview.srcObject = media;
    peer = new StoragePeer({ channelArn: channel.ChannelARN, role: 'MASTER', localStream: media, onState: show,
      onTrack: (remote) => {
        if (heard.srcObject !== remote) {
          heard.srcObject = remote;
          heard.play().catch(() => {});
        }
      } });
    const videoBits = rate();
    const audioBits = rate();
    stopStats = sampleStats(peer, (report, seconds) => {
      report.forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          setStat(sent, s.framesSent || 0);
          setStat(fps, s.framesPerSecond || 0);
          setStat(size, s.frameWidth ? `${s.frameWidth}x${s.frameHeight}` : '–');
          setStat(videoRate, s.bytesSent || 0, bitRate(videoBits(s.bytesSent || 0, seconds)));
        } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
          setStat(audioRate, s.bytesSent || 0, bitRate(audioBits(s.bytesSent || 0, seconds)));
        } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          const total = s.totalAudioEnergy || 0;
          setStat(heardEnergy, total, total.toPrecision(3));
        }
      });
    });
    await peer.start();
  }).catch((failed) => show(`${failed.name === 'NotAllowedError' ? 'Camera not allowed' : 'Camera'}: `
    + `${failed.message}`, 'error'));
  return close;
}
