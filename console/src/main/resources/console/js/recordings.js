// Recordings: pick a stream and a range; ListFragments (SERVER_TIMESTAMP) draws the timeline, GetImages puts
// pictures along it, a click on either plays from that moment (playback.js), and a start/end pair downloads a clip.
import { kvs, listAll } from './api.js';
import { announce, busy, el, field, fill, showError } from './ui.js';
import { dateTime, fromLocalInput, millis, time, toLocalInput } from './format.js';
import { Timeline } from './timeline.js';
import { Player, downloadClip, fragmentAt } from './playback.js';
import { loadPictures } from './pictures.js';

const RANGES = [['Last 15 minutes', 15 * 60 * 1000], ['Last hour', 60 * 60 * 1000], ['Last day', 24 * 3600 * 1000]];
const DEFAULT_RANGE_MS = RANGES[0][1];
const DEFAULT_CLIP_MS = 10000;
const LISTED_FRAGMENTS = 50;
/** Zooming to the recording leaves this share of its span free on each side. */
const ZOOM_MARGIN = 0.05;

export function mount(view) {
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('stream');
  const state = { stream: null, from: 0, to: 0, fragments: [] };
  const error = el('p', { className: 'error', role: 'alert' });
  const playState = el('p', { id: 'recording-state', className: 'state', role: 'status' }, 'Pick a moment to play.');
  const summary = el('p', { className: 'meta', 'data-testid': 'fragment-summary' },
    'Pick a stream and a range to see what was recorded.');
  const count = el('span', { id: 'fragment-count', 'data-testid': 'fragment-count', 'data-value': '0' });
  const list = el('div', {});
  const pictures = el('div', { className: 'pictures', 'aria-label': 'Pictures along the recording',
    role: 'group' });
  const position = el('span', { id: 'recording-position', 'data-testid': 'recording-position' }, '–');
  const timeline = new Timeline((moment) => playFrom(moment));
  const player = new Player((at) => {
    position.textContent = dateTime(at);
    timeline.showPlayhead(at);
  }, (text, kind) => {
    playState.textContent = text;
    playState.className = `state ${kind || ''}`;
  });

  const stream = field('Stream', el('select', { name: 'stream', required: true }, el('option', { value: '' },
    'Loading…')));
  const now = Date.now();
  const from = field('From', el('input', { type: 'datetime-local', step: '1', name: 'from',
    value: toLocalInput(now - DEFAULT_RANGE_MS) }));
  const to = field('To', el('input', { type: 'datetime-local', step: '1', name: 'to', value: toLocalInput(now) }));
  const show = el('button', { type: 'submit' }, 'Show');
  const zoom = el('button', { type: 'button', className: 'secondary small', hidden: true, onclick: () => {
    const f = state.fragments;
    const first = f[0].start;
    const end = f[f.length - 1].start + f[f.length - 1].duration;
    const margin = Math.max(1000, (end - first) * ZOOM_MARGIN);
    from.input.value = toLocalInput(first - margin);
    to.input.value = toLocalInput(end + margin + 1000);
    rangeForm.requestSubmit();
  } }, 'Zoom to recording');
  const rangeForm = el('form', { className: 'inline-form', 'aria-label': 'Stream and range' },
    stream.wrap, from.wrap, to.wrap, show);
  const presets = el('div', { className: 'presets', role: 'group', 'aria-label': 'Quick ranges' },
    RANGES.map(([label, span]) => el('button', { type: 'button', className: 'secondary small', onclick: () => {
      const end = Date.now();
      from.input.value = toLocalInput(end - span);
      to.input.value = toLocalInput(end);
      rangeForm.requestSubmit();
    } }, label)));

  const clipStart = field('Clip start', el('input', { type: 'datetime-local', step: '1', name: 'clipStart' }));
  const clipEnd = field('Clip end', el('input', { type: 'datetime-local', step: '1', name: 'clipEnd' }));
  const download = el('button', { type: 'submit', id: 'clip-download' }, 'Download clip');
  const clipForm = el('form', { className: 'inline-form', 'aria-label': 'Download a clip' },
    clipStart.wrap, clipEnd.wrap, download);

  async function load() {
    state.stream = stream.input.value;
    state.from = fromLocalInput(from.input.value);
    state.to = fromLocalInput(to.input.value);
    if (!state.stream) {
      throw new Error('Pick a stream');
    }
    if (!(state.to > state.from)) {
      throw new Error('"To" must be after "From"');
    }
    history.replaceState(null, '', `#/recordings?stream=${encodeURIComponent(state.stream)}`);
    const found = await listAll('/listFragments', { StreamName: state.stream, MaxResults: 1000,
      FragmentSelector: { FragmentSelectorType: 'SERVER_TIMESTAMP', TimestampRange: {
        StartTimestamp: state.from / 1000, EndTimestamp: state.to / 1000 } } }, 'Fragments');
    state.fragments = found.map((f) => ({ number: f.FragmentNumber, start: Math.round(f.ServerTimestamp * 1000),
      producer: Math.round(f.ProducerTimestamp * 1000), duration: f.FragmentLengthInMilliseconds,
      size: f.FragmentSizeInBytes })).sort((a, b) => a.start - b.start);
    renderFragments();
  }

  function renderFragments() {
    const f = state.fragments;
    count.dataset.value = String(f.length);
    count.textContent = String(f.length);
    const total = f.reduce((sum, x) => sum + x.duration, 0);
    fill(summary, count, ` fragment${f.length === 1 ? '' : 's'} of ${state.stream}`,
      f.length ? `, ${millis(total)} recorded between ${dateTime(f[0].start)} and `
        + `${time(f[f.length - 1].start + f[f.length - 1].duration)}` : ' in this range');
    timeline.draw(state.from, state.to, f);
    zoom.hidden = !f.length;
    fill(list, f.length ? el('details', { className: 'fragments' },
      el('summary', {}, `Fragments (newest ${Math.min(f.length, LISTED_FRAGMENTS)})`),
      el('div', { className: 'table-wrap' }, el('table', { 'data-testid': 'fragment-table' },
        el('thead', {}, el('tr', {}, ['Server time', 'Length', 'Fragment number']
          .map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, f.slice(-LISTED_FRAGMENTS).reverse().map((x) => el('tr', {},
          el('td', {}, dateTime(x.start)), el('td', {}, millis(x.duration)),
          el('td', {}, el('code', {}, x.number)))))))) : null);
    if (f.length) {
      const last = f[f.length - 1];
      const clipFrom = Math.max(f[0].start, last.start + last.duration - DEFAULT_CLIP_MS);
      clipStart.input.value = toLocalInput(clipFrom);
      clipEnd.input.value = toLocalInput(last.start + last.duration + 999);
    }
    loadPictures(pictures, state.stream, f, (moment) => {
      timeline.setMoment(moment);
      playFrom(moment);
    }).catch((e) => showError(error, e));
  }

  async function playFrom(moment) {
    try {
      const fragment = fragmentAt(state.fragments, moment);
      const at = fragment && moment < fragment.start ? fragment.start : moment;
      clipStart.input.value = toLocalInput(at);
      clipEnd.input.value = toLocalInput(at + DEFAULT_CLIP_MS);
      await player.play(state.stream, state.fragments, moment, state.to);
      announce(`Playing from ${time(at)}`);
    } catch (failed) {
      showError(error, failed);
    }
  }

  rangeForm.addEventListener('submit', busy(show, load, error));
  clipForm.addEventListener('submit', busy(download, async () => {
    const start = fromLocalInput(clipStart.input.value);
    const end = fromLocalInput(clipEnd.input.value);
    if (!state.stream || !(end > start)) {
      throw new Error('Pick a stream, and a clip end after its start');
    }
    const saved = await downloadClip(state.stream, start, end);
    announce(`Downloaded ${saved.name}`);
  }, error));

  fill(view,
    el('div', { className: 'view-head' }, el('h1', {}, 'Recordings')),
    error,
    el('section', { className: 'card', 'aria-label': 'What to show' }, rangeForm, presets),
    el('section', { className: 'card', 'aria-labelledby': 'timeline-title' },
      el('div', { className: 'timeline-head' }, el('h2', { id: 'timeline-title' }, 'Timeline'), zoom),
      summary, timeline.root, pictures, list),
    el('div', { className: 'rec-grid' },
      el('section', { className: 'card player', 'aria-labelledby': 'player-title' },
        el('h2', { id: 'player-title' }, 'Playback'), playState, player.video,
        el('p', { className: 'meta' }, 'Position: ', position)),
      el('section', { className: 'card', 'aria-labelledby': 'clip-title' },
        el('h2', { id: 'clip-title' }, 'Download a clip'),
        el('p', { className: 'meta' }, 'An MP4 file of the chosen span (GetClip).'), clipForm)));

  listAll('/listStreams', { MaxResults: 50 }, 'StreamInfoList').then((streams) => {
    streams.sort((a, b) => a.StreamName.localeCompare(b.StreamName));
    fill(stream.input, el('option', { value: '' }, streams.length ? 'Choose a stream' : 'No streams'),
      streams.map((s) => el('option', { value: s.StreamName }, s.StreamName)));
    if (wanted && streams.some((s) => s.StreamName === wanted)) {
      stream.input.value = wanted;
      rangeForm.requestSubmit();
    }
  }).catch((e) => showError(error, e));
  stream.input.addEventListener('change', () => stream.input.value && rangeForm.requestSubmit());
  return () => player.stop();
}
