// A storage-session participant in this page, as the KVS SDKs are one: a presigned signaling WebSocket
// (POST /console/signaling-url), JoinStorageSession / JoinStorageSessionAsViewer once it is open, then the server's
// SDP_OFFER answered by an RTCPeerConnection that uses only the TURN relays GetIceServerConfig hands out
// (the server pairs relay to relay). Messages are KVS signaling frames with base64 JSON payloads.
import { kvs } from './api.js';

const MASTER = 'MASTER';
const VIEWER = 'VIEWER';

function encode(object) {
  return btoa(JSON.stringify(object));
}

function decode(payload) {
  return JSON.parse(atob(payload));
}

/** A unique viewer ClientId ([a-zA-Z0-9_.-], as KVS requires). */
export function newClientId() {
  return `console-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * One participant. `role` MASTER sends `localStream` (camera and microphone); VIEWER receives the master's video and
 * the mix, with a sendrecv audio transceiver whose track `talk()` sets without renegotiation.
 * `onState(text, kind)` hears progress; `onTrack(stream)` the remote media.
 */
export class StoragePeer {
  constructor({ channelArn, role, clientId, localStream, onState, onTrack }) {
    this.channelArn = channelArn;
    this.role = role === MASTER ? MASTER : VIEWER;
    this.clientId = this.role === VIEWER ? (clientId || newClientId()) : null;
    this.localStream = localStream || null;
    this.onState = onState || (() => {});
    this.onTrack = onTrack || (() => {});
    this.remote = new MediaStream();
    this.pendingCandidates = [];
    this.closed = false;
    this.pc = null;
    this.socket = null;
  }

  async start() {
    this.onState('Getting TURN servers…');
    const ice = await kvs('/v1/get-ice-server-config', this.clientId
      ? { ChannelARN: this.channelArn, ClientId: this.clientId } : { ChannelARN: this.channelArn });
    const iceServers = (ice.IceServerList || []).map((s) => ({ urls: s.Uris, username: s.Username,
      credential: s.Password }));
    this.pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
    if (this.localStream) {
      this.localStream.getTracks().forEach((track) => this.pc.addTrack(track, this.localStream));
    }
    this.pc.addEventListener('track', (event) => {
      this.remote.addTrack(event.track);
      this.onTrack(this.remote);
    });
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && candidate.candidate) {
        this.send('ICE_CANDIDATE', candidate.toJSON());
      }
    });
    this.pc.addEventListener('connectionstatechange', () => {
      const state = this.pc.connectionState;
      this.onState(`Media ${state}`, state === 'failed' ? 'error' : state === 'connected' ? 'ok' : '');
    });
    this.onState('Opening signaling…');
    const signed = await kvs('/console/signaling-url', this.clientId
      ? { ChannelARN: this.channelArn, Role: this.role, ClientId: this.clientId }
      : { ChannelARN: this.channelArn, Role: this.role });
    if (this.closed) {
      return;
    }
    this.socket = new WebSocket(signed.Url);
    this.socket.addEventListener('open', () => this.join());
    this.socket.addEventListener('message', (event) => this.receive(event.data));
    this.socket.addEventListener('close', (event) => {
      if (!this.closed) {
        this.onState(`Signaling closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`, 'error');
      }
    });
  }

  async join() {
    this.onState('Joining the storage session…');
    try {
      if (this.role === MASTER) {
        await kvs('/joinStorageSession', { channelArn: this.channelArn });
      } else {
        await kvs('/joinStorageSessionAsViewer', { channelArn: this.channelArn, clientId: this.clientId });
      }
      this.onState('Waiting for the server\'s offer…');
    } catch (refused) {
      this.onState(refused.message, 'error');
    }
  }

  async receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (notJson) {
      return;
    }
    try {
      if (message.messageType === 'SDP_OFFER') {
        await this.answer(decode(message.messagePayload));
      } else if (message.messageType === 'ICE_CANDIDATE') {
        const candidate = decode(message.messagePayload);
        if (this.pc.remoteDescription) {
          await this.pc.addIceCandidate(candidate);
        } else {
          this.pendingCandidates.push(candidate);
        }
      } else if (message.messageType === 'STATUS_RESPONSE') {
        const status = decode(message.messagePayload || 'e30=');
        if (status.statusCode && String(status.statusCode) !== '200') {
          this.onState(`Signaling refused: ${status.errorType || ''} ${status.description || ''}`.trim(), 'error');
        }
      }
    } catch (failed) {
      this.onState(`Could not use the server's ${message.messageType}: ${failed.message}`, 'error');
    }
  }

  async answer(offer) {
    await this.pc.setRemoteDescription(offer);
    if (this.role === VIEWER) {
      // Viewers never send video; audio is answered sendrecv so Talk can add the microphone by replaceTrack.
      this.pc.getTransceivers().forEach((t) => {
        const kind = t.receiver.track.kind;
        t.direction = kind === 'audio' ? 'sendrecv' : 'recvonly';
      });
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.send('SDP_ANSWER', { type: 'answer', sdp: this.pc.localDescription.sdp });
    const waiting = this.pendingCandidates.splice(0);
    for (const candidate of waiting) {
      await this.pc.addIceCandidate(candidate);
    }
    this.onState('Connecting media…');
  }

  send(action, payload) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ action, messagePayload: encode(payload) }));
    }
  }

  /** Viewer: sends `track` (the microphone) or, with null, stops sending; no renegotiation. */
  async talk(track) {
    const audio = this.pc && this.pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
    if (!audio) {
      throw new Error('No audio connection yet');
    }
    await audio.sender.replaceTrack(track);
  }

  stop() {
    this.closed = true;
    if (this.socket) {
      this.socket.close(1000, 'left');
    }
    if (this.pc) {
      this.pc.getSenders().forEach((s) => s.track && s.track.stop());
      this.pc.close();
    }
    if (this.localStream) {
      this.localStream.getTracks().forEach((t) => t.stop());
    }
  }
}
