// Channels and streams: both lists, the forms that create them, deletion (confirmed), and for a chosen channel its
// detail panel (channel-detail.js: storage link, endpoints, ICE servers, commands).
import { kvs, listAll } from './api.js';
import { announce, busy, confirmAction, el, field, fill, showError } from './ui.js';
import { arnName, dateTime } from './format.js';
import { showChannelDetail } from './channel-detail.js';

const NAME_PATTERN = '[a-zA-Z0-9_.\\-]{1,256}';
const DEFAULT_RETENTION_HOURS = 24;

/** Loads channels (with their media storage configuration) and streams. */
export async function loadChannelsAndStreams() {
  const [channels, streams] = await Promise.all([
    listAll('/listSignalingChannels', { MaxResults: 50 }, 'ChannelInfoList'),
    listAll('/listStreams', { MaxResults: 50 }, 'StreamInfoList'),
  ]);
  await Promise.all(channels.map(async (channel) => {
    try {
      const answer = await kvs('/describeMediaStorageConfiguration', { ChannelARN: channel.ChannelARN });
      channel.storage = answer.MediaStorageConfiguration || null;
    } catch (refused) {
      channel.storage = null;
    }
  }));
  const byArn = new Map(streams.map((s) => [s.StreamARN, s]));
  channels.forEach((channel) => {
    const linked = channel.storage && channel.storage.Status === 'ENABLED' && channel.storage.StreamARN;
    channel.stream = linked ? (byArn.get(channel.storage.StreamARN) || { StreamARN: channel.storage.StreamARN,
      StreamName: arnName(channel.storage.StreamARN) }) : null;
  });
  channels.sort((a, b) => a.ChannelName.localeCompare(b.ChannelName));
  streams.sort((a, b) => a.StreamName.localeCompare(b.StreamName));
  return { channels, streams };
}

export function mount(view) {
  const state = { channels: [], streams: [], selected: null };
  const error = el('p', { className: 'error', role: 'alert' });
  const channelList = el('ul', { className: 'items', 'aria-label': 'Signaling channels', 'data-testid': 'channels' });
  const streamList = el('ul', { className: 'items', 'aria-label': 'Streams', 'data-testid': 'streams' });
  const detail = el('section', { className: 'card detail', 'aria-live': 'polite', hidden: true,
    'aria-label': 'Channel details' });

  async function refresh() {
    const loaded = await loadChannelsAndStreams();
    state.channels = loaded.channels;
    state.streams = loaded.streams;
    renderChannels();
    renderStreams();
    const still = state.selected && state.channels.find((c) => c.ChannelARN === state.selected);
    if (still) {
      showChannelDetail(detail, still, state.streams, refresh);
    } else {
      state.selected = null;
      detail.hidden = true;
    }
  }

  function renderChannels() {
    if (!state.channels.length) {
      fill(channelList, el('li', { className: 'empty' }, 'No signaling channels yet.'));
      return;
    }
    fill(channelList, state.channels.map((channel) => {
      const name = channel.ChannelName;
      const open = el('button', { type: 'button', className: 'link-button', 'aria-expanded':
        String(state.selected === channel.ChannelARN), onclick: () => select(channel) }, name);
      const remove = el('button', { type: 'button', className: 'danger small', 'aria-label': `Delete channel ${name}` },
        'Delete');
      remove.addEventListener('click', busy(remove, () => deleteChannel(channel), error));
      return el('li', { className: 'item', dataset: { testid: `channel-${name}` } },
        el('div', { className: 'item-main' }, open,
          el('span', { className: 'meta' }, channel.stream ? `records into ${channel.stream.StreamName}`
            : 'no storage', ' · ', channel.ChannelStatus || '', channel.CreationTime
            ? ` · created ${dateTime(channel.CreationTime * 1000)}` : '')),
        el('div', { className: 'item-actions' },
          el('button', { type: 'button', className: 'secondary small', onclick: () => select(channel),
            'aria-label': `Details of channel ${name}` }, 'Details'), remove));
    }));
  }

  function renderStreams() {
    if (!state.streams.length) {
      fill(streamList, el('li', { className: 'empty' }, 'No streams yet.'));
      return;
    }
    fill(streamList, state.streams.map((stream) => {
      const name = stream.StreamName;
      const linked = state.channels.find((c) => c.stream && c.stream.StreamARN === stream.StreamARN);
      const remove = el('button', { type: 'button', className: 'danger small', 'aria-label': `Delete stream ${name}` },
        'Delete');
      remove.addEventListener('click', busy(remove, () => deleteStream(stream), error));
      return el('li', { className: 'item', dataset: { testid: `stream-${name}` } },
        el('div', { className: 'item-main' }, el('strong', {}, name),
          el('span', { className: 'meta' }, `keeps ${stream.DataRetentionInHours} h`, ' · ', stream.Status || '',
            linked ? ` · recorded by ${linked.ChannelName}` : '')),
        el('div', { className: 'item-actions' },
          el('a', { className: 'button secondary small', href: `#/recordings?stream=${encodeURIComponent(name)}`,
            'aria-label': `Recordings of stream ${name}` }, 'Recordings'), remove));
    }));
  }

  function select(channel) {
    state.selected = channel.ChannelARN;
    renderChannels();
    showChannelDetail(detail, channel, state.streams, refresh);
    detail.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  async function deleteChannel(channel) {
    if (!await confirmAction(`Delete the signaling channel "${channel.ChannelName}"? Its viewers and master are `
        + 'disconnected and its storage link is removed.')) {
      return;
    }
    await kvs('/deleteSignalingChannel', { ChannelARN: channel.ChannelARN });
    announce(`Deleted channel ${channel.ChannelName}`);
    await refresh();
  }

  async function deleteStream(stream) {
    if (!await confirmAction(`Delete the stream "${stream.StreamName}" and all the media it keeps?`)) {
      return;
    }
    await kvs('/deleteStream', { StreamARN: stream.StreamARN });
    announce(`Deleted stream ${stream.StreamName}`);
    await refresh();
  }

  const channelName = field('Channel name', el('input', { name: 'channelName', required: true,
    pattern: NAME_PATTERN, autocomplete: 'off', spellcheck: 'false' }), 'Letters, digits, _ . - (up to 256)');
  const createChannel = el('button', { type: 'submit' }, 'Create channel');
  const channelForm = el('form', { className: 'inline-form', 'aria-label': 'Create a signaling channel' },
    channelName.wrap, createChannel);
  channelForm.addEventListener('submit', busy(createChannel, async () => {
    if (!channelForm.reportValidity()) {
      return;
    }
    const name = channelName.input.value.trim();
    await kvs('/createSignalingChannel', { ChannelName: name, ChannelType: 'SINGLE_MASTER' });
    channelForm.reset();
    announce(`Created channel ${name}`);
    await refresh();
  }, error));

  const streamName = field('Stream name', el('input', { name: 'streamName', required: true, pattern: NAME_PATTERN,
    autocomplete: 'off', spellcheck: 'false' }));
  const retention = field('Retention (hours)', el('input', { name: 'retention', type: 'number', min: '1',
    step: '1', required: true, value: String(DEFAULT_RETENTION_HOURS), inputmode: 'numeric' }));
  const createStream = el('button', { type: 'submit' }, 'Create stream');
  const streamForm = el('form', { className: 'inline-form', 'aria-label': 'Create a stream' },
    streamName.wrap, retention.wrap, createStream);
  streamForm.addEventListener('submit', busy(createStream, async () => {
    if (!streamForm.reportValidity()) {
      return;
    }
    const name = streamName.input.value.trim();
    await kvs('/createStream', { StreamName: name, DataRetentionInHours: Number(retention.input.value) });
    streamForm.reset();
    announce(`Created stream ${name}`);
    await refresh();
  }, error));

  const reload = el('button', { type: 'button', className: 'secondary small' }, 'Refresh');
  reload.addEventListener('click', busy(reload, refresh, error));

  fill(view,
    el('div', { className: 'view-head' }, el('h1', {}, 'Channels and streams'), reload),
    error,
    el('div', { className: 'columns' },
      el('section', { className: 'card', 'aria-labelledby': 'channels-title' },
        el('h2', { id: 'channels-title' }, 'Signaling channels'), channelForm, channelList),
      el('section', { className: 'card', 'aria-labelledby': 'streams-title' },
        el('h2', { id: 'streams-title' }, 'Streams'), streamForm, streamList)),
    detail);
  fill(channelList, el('li', { className: 'empty' }, 'Loading…'));
  refresh().catch((e) => showError(error, e));
  return null;
}
