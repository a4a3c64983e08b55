// Live: every storage session the key may see (GET /console/live, every 2 s) — master and viewers, their bit rates
// (from byte deltas between polls), lost packets, join-to-connected time, the recorder — and, for each channel that
// records into a stream, Watch (join as a viewer) and Be the camera (join as the master).
import { figures } from './api.js';
import { loadChannelsAndStreams } from './channels.js';
import { el, fill, showError } from './ui.js';
import { arnName, bitRate, millis, time } from './format.js';
import { openCamera, openWatch } from './media-panels.js';

const POLL_MS = 2000;
const CHANNELS_EVERY_POLLS = 15;

export function mount(view) {
  const error = el('p', { className: 'error', role: 'alert' });
  const updated = el('span', { className: 'meta', 'data-testid': 'live-updated' });
  const sessionsBox = el('div', { className: 'sessions', 'data-testid': 'live-sessions' },
    el('p', { className: 'meta' }, 'Loading…'));
  const watchBox = el('div', { className: 'media-slot' });
  const cameraBox = el('div', { className: 'media-slot' });
  let channels = [];
  let last = null;
  let polls = 0;
  let timer = null;
  let closeWatch = null;
  let closeCamera = null;
  let stopped = false;
  const cards = new Map();

  fill(view,
    el('div', { className: 'view-head' }, el('h1', {}, 'Live'), updated),
    error, el('div', { className: 'media-row' }, cameraBox, watchBox), sessionsBox);

  async function poll() {
    try {
      if (polls % CHANNELS_EVERY_POLLS === 0) {
        channels = (await loadChannelsAndStreams()).channels;
      }
      polls += 1;
      let live = null;
      try {
        live = await figures('/console/live');
        error.textContent = '';
      } catch (failed) {
        // Without the figures the channels still show, so Watch and Be the camera stay usable.
        showError(error, failed, true);
      }
      render(live || { at: Date.now(), sessions: [] });
    } catch (failed) {
      showError(error, failed, true);
    }
    if (!stopped) {
      timer = setTimeout(poll, POLL_MS);
    }
  }

  function rates(live) {
    const result = new Map();
    const seconds = last ? (live.at - last.at) / 1000 : 0;
    for (const session of live.sessions || []) {
      for (const p of session.participants || []) {
        const key = `${session.channelArn} ${p.participantId}`;
        const before = last && last.bytes.get(key);
        result.set(key, before !== undefined && seconds > 0 && p.bytes >= before
          ? ((p.bytes - before) * 8) / seconds : NaN);
      }
    }
    const bytes = new Map();
    (live.sessions || []).forEach((s) => (s.participants || []).forEach((p) => bytes.set(
      `${s.channelArn} ${p.participantId}`, p.bytes)));
    last = { at: live.at, bytes };
    return result;
  }

  function render(live) {
    const bits = rates(live);
    updated.textContent = `updated ${time(live.at || Date.now())}`;
    const sessions = new Map((live.sessions || []).map((s) => [s.channelArn, s]));
    const rows = channels.filter((c) => c.stream || sessions.has(c.ChannelARN)).map((c) => ({ channel: c,
      session: sessions.get(c.ChannelARN) }));
    for (const s of sessions.values()) {
      if (!channels.some((c) => c.ChannelARN === s.channelArn)) {
        rows.push({ channel: { ChannelARN: s.channelArn, ChannelName: s.channelName || arnName(s.channelArn),
          stream: s.streamArn ? { StreamARN: s.streamArn, StreamName: arnName(s.streamArn) } : null }, session: s });
      }
    }
    // Channels in a session first, so what is happening now is at the top.
    const active = (r) => (r.session && (r.session.participants || []).length ? 0 : 1);
    rows.sort((a, b) => active(a) - active(b) || a.channel.ChannelName.localeCompare(b.channel.ChannelName));
    if (!rows.length) {
      cards.clear();
      fill(sessionsBox, el('p', { className: 'empty card' }, 'No channel records into a stream yet. Link one on ',
        el('a', { href: '#/channels' }, 'Channels'), ' to watch it or be its camera here.'));
      return;
    }
    const wanted = new Set(rows.map((r) => r.channel.ChannelARN));
    for (const arn of [...cards.keys()]) {
      if (!wanted.has(arn)) {
        cards.get(arn).root.remove();
        cards.delete(arn);
      }
    }
    if (!cards.size) {
      sessionsBox.replaceChildren();
    }
    rows.forEach(({ channel, session }, index) => {
      let c = cards.get(channel.ChannelARN);
      if (!c) {
        c = card(channel);
        cards.set(channel.ChannelARN, c);
      }
      // Cards are updated in place (never rebuilt), so a focused Watch button keeps its focus between polls.
      if (sessionsBox.children[index] !== c.root) {
        sessionsBox.insertBefore(c.root, sessionsBox.children[index] || null);
      }
      update(c, channel, session, bits);
    });
  }

  function card(channel) {
    const name = channel.ChannelName;
    const c = {
      root: el('article', { className: 'card session', 'data-testid': `live-${name}`,
        'aria-label': `Channel ${name}` }),
      badges: el('div', { className: 'session-head' }),
      meta: el('p', { className: 'meta' }),
      people: el('div', {}),
      watch: el('button', { type: 'button', 'aria-label': `Watch ${name}`, onclick: () => startWatch(c.channel) },
        'Watch'),
      camera: el('button', { type: 'button', className: 'secondary', 'aria-label': `Be the camera of ${name}`,
        onclick: () => startCamera(c.channel) }, 'Be the camera'),
    };
    fill(c.root, c.badges, c.meta, c.people, el('div', { className: 'actions' }, c.watch, c.camera));
    return c;
  }

  function update(c, channel, session, bits) {
    const name = channel.ChannelName;
    c.channel = channel;
    const participants = session ? session.participants || [] : [];
    const master = participants.find((p) => p.role === 'MASTER');
    const viewers = participants.filter((p) => p.role !== 'MASTER');
    const recorder = session && session.recorder;
    const key = (p) => `${channel.ChannelARN} ${p.participantId}`;
    c.root.classList.toggle('active', participants.length > 0);
    c.watch.disabled = !channel.stream;
    c.camera.disabled = !channel.stream;
    fill(c.badges, el('h2', {}, name),
      el('span', { className: `badge ${master && master.connected ? 'ok' : 'off'}`, 'data-testid': 'master-state' },
        master ? (master.connected ? 'master connected' : 'master connecting') : 'no master'),
      recorder ? el('span', { className: `badge rec-${recorder.state.toLowerCase()}`, 'data-testid':
        'recorder-state' }, `recorder ${recorder.state.toLowerCase().replace(/_/g, ' ')}`) : null);
    fill(c.meta, channel.stream ? `records into ${channel.stream.StreamName}`
      : 'no storage: link a stream to watch or record', recorder ? ` · ${recorder.fragments} fragments sent, `
      + `${recorder.acked} acknowledged` : '', recorder && recorder.lastError ? ` · last error: ${recorder.lastError}`
      : '', ` · ${viewers.length} viewer${viewers.length === 1 ? '' : 's'}`);
    fill(c.people, participants.length ? participantTable(name, [master, ...viewers].filter(Boolean),
      (p) => bits.get(key(p))) : el('p', { className: 'meta' }, 'No session now.'));
  }

  function startWatch(channel) {
    if (closeWatch) {
      closeWatch();
    }
    closeWatch = openWatch(watchBox, channel, () => {
      closeWatch = null;
    });
    watchBox.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  function startCamera(channel) {
    if (closeCamera) {
      closeCamera();
    }
    closeCamera = openCamera(cameraBox, channel, () => {
      closeCamera = null;
    });
    cameraBox.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  poll();
  return () => {
    clearTimeout(timer);
    stopped = true;
    if (closeWatch) {
      closeWatch();
    }
    if (closeCamera) {
      closeCamera();
    }
  };
}

function participantTable(name, people, bitsOf) {
  return el('div', { className: 'table-wrap' }, el('table', {},
    el('caption', { className: 'visually-hidden' }, `Participants of ${name}`),
    el('thead', {}, el('tr', {}, ['Participant', 'State', 'Sending', 'Packets', 'Lost', 'Join → connected']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, people.map((p) => el('tr', { 'data-testid': `participant-${p.participantId}` },
      el('th', { scope: 'row' }, p.role === 'MASTER' ? 'master'
        : `viewer ${String(p.participantId).replace(/^viewer /, '')}`),
      el('td', {}, p.connected ? 'connected' : 'connecting'),
      el('td', {}, bitRate(bitsOf(p))),
      el('td', {}, `${p.packets} (${p.videoPackets} video, ${p.audioPackets} audio)`),
      el('td', {}, String(p.lostPackets)),
      el('td', {}, millis(p.joinToConnectedMillis)))))));
}
