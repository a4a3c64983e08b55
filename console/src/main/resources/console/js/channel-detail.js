// One channel in detail: its storage link (UpdateMediaStorageConfiguration ENABLED / DISABLED), its endpoints
// (GetSignalingChannelEndpoint: WSS, HTTPS, WEBRTC as MASTER), the ICE servers a camera would be given
// (GetIceServerConfig) and copy-paste commands.
import { currentSession, kvs } from './api.js';
import { announce, busy, el, field, fill, showError, snippet } from './ui.js';
import { awsCli, cSdkExample } from './commands.js';

const PROTOCOLS = ['WSS', 'HTTPS', 'WEBRTC'];
/** KVS hands out the WEBRTC (storage) endpoint only for a channel whose media storage is ENABLED. */
const WITHOUT_STORAGE = ['WSS', 'HTTPS'];

/** Renders `channel` into the `panel` section; `changed()` reloads the lists after a link or unlink. */
export function showChannelDetail(panel, channel, streams, changed) {
  panel.hidden = false;
  const error = el('p', { className: 'error', role: 'alert' });
  const endpointsBox = el('div', {}, el('p', { className: 'meta' }, 'Loading endpoints…'));
  const iceBox = el('div', {}, el('p', { className: 'meta' }, 'Loading ICE servers…'));
  const commandsBox = el('div', {});
  fill(panel,
    el('h2', {}, `Channel ${channel.ChannelName}`),
    el('p', { className: 'arn' }, el('span', { className: 'meta' }, 'ARN '), el('code', {}, channel.ChannelARN)),
    error,
    el('h3', {}, 'Storage'), storage(channel, streams, changed, error),
    el('h3', {}, 'Endpoints'), endpointsBox,
    el('h3', {}, 'ICE servers a camera gets'), iceBox,
    el('h3', {}, 'Commands'), commandsBox);
  loadEndpoints(channel).then((endpoints) => {
    fill(endpointsBox, el('dl', { className: 'pairs', 'data-testid': 'endpoints' },
      PROTOCOLS.map((p) => [el('dt', {}, p), el('dd', {}, endpoints[p] ? el('code', {}, endpoints[p])
        : el('span', { className: 'meta' }, 'only with storage linked'))])));
    fill(commandsBox,
      snippet('AWS CLI', awsCli(currentSession(), channel, channel.stream, endpoints)),
      snippet('KVS C SDK camera (example)', cSdkExample(currentSession(), channel)));
  }).catch((e) => {
    fill(endpointsBox);
    showError(error, e);
  });
  kvs('/v1/get-ice-server-config', { ChannelARN: channel.ChannelARN, Service: 'TURN' }).then((answer) => {
    fill(iceBox, iceServers(answer.IceServerList || []));
  }).catch((e) => {
    fill(iceBox);
    showError(error, e);
  });
}

async function loadEndpoints(channel) {
  const answer = await kvs('/getSignalingChannelEndpoint', { ChannelARN: channel.ChannelARN,
    SingleMasterChannelEndpointConfiguration: { Protocols: channel.stream ? PROTOCOLS : WITHOUT_STORAGE,
      Role: 'MASTER' } });
  const endpoints = {};
  (answer.ResourceEndpointList || []).forEach((e) => {
    endpoints[e.Protocol] = e.ResourceEndpoint;
  });
  return endpoints;
}

function iceServers(list) {
  if (!list.length) {
    return el('p', { className: 'meta' }, 'No TURN servers configured.');
  }
  return el('ul', { className: 'plain', 'data-testid': 'ice-servers' }, list.map((server) => el('li', {},
    el('dl', { className: 'pairs' },
      el('dt', {}, 'URIs'), el('dd', {}, (server.Uris || []).map((u) => el('code', { className: 'block' }, u))),
      el('dt', {}, 'Username'), el('dd', {}, el('code', {}, server.Username || '')),
      el('dt', {}, 'Password'), el('dd', {}, el('code', {}, server.Password || '')),
      el('dt', {}, 'Valid for'), el('dd', {}, `${server.Ttl || '?'} s`)))));
}

function storage(channel, streams, changed, error) {
  if (channel.stream) {
    const unlink = el('button', { type: 'button', className: 'secondary' }, 'Unlink');
    unlink.addEventListener('click', busy(unlink, async () => {
      await kvs('/updateMediaStorageConfiguration', { ChannelARN: channel.ChannelARN,
        MediaStorageConfiguration: { Status: 'DISABLED' } });
      announce(`${channel.ChannelName} no longer records`);
      await changed();
    }, error));
    return el('div', { className: 'inline-form' },
      el('p', { 'data-testid': 'storage-state' }, 'Records into ', el('strong', {}, channel.stream.StreamName),
        ' (media storage ENABLED).'), unlink);
  }
  if (!streams.length) {
    return el('p', { 'data-testid': 'storage-state' }, 'Not recording. Create a stream first, then link it here.');
  }
  const select = field('Stream to record into', el('select', { name: 'stream' },
    streams.map((s) => el('option', { value: s.StreamARN }, s.StreamName))));
  const link = el('button', { type: 'submit' }, 'Link');
  const form = el('form', { className: 'inline-form', 'aria-label': 'Link a stream for storage' },
    el('p', { 'data-testid': 'storage-state' }, 'Not recording.'), select.wrap, link);
  form.addEventListener('submit', busy(link, async () => {
    await kvs('/updateMediaStorageConfiguration', { ChannelARN: channel.ChannelARN,
      MediaStorageConfiguration: { StreamARN: select.input.value, Status: 'ENABLED' } });
    announce(`${channel.ChannelName} records into ${select.input.selectedOptions[0].textContent}`);
    await changed();
  }, error));
  return form;
}
