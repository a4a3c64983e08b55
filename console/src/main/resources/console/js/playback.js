// Playing a recording from a moment: GetHLSStreamingSessionURL (ON_DEMAND, fragmented MP4, SERVER_TIMESTAMP range
// from the fragment holding that moment) played by hls.js, then a seek to the moment inside it. And GetClip: the
// chosen start to end as an .mp4 file, fetched and handed to the browser as a download.
import { kvs, kvsBlob } from './api.js';
import { el } from './ui.js';

/** How long a GetHLSStreamingSessionURL session may reach past its start (KVS allows 24 h). */
const MAX_SESSION_MS = 24 * 60 * 60 * 1000;
/** SERVER_TIMESTAMP ranges must end in the past (KVS); this much before now leaves room for clock skew. */
const PAST_MARGIN_MS = 2000;

/** `millis`, or the latest moment a SERVER_TIMESTAMP range may end at when it is later. */
export function inThePast(millis) {
  return Math.min(millis, Date.now() - PAST_MARGIN_MS);
}

function seconds(millis) {
  return millis / 1000;
}

/** The fragment that holds `moment`, else the first one after it (null when none). */
export function fragmentAt(fragments, moment) {
  return fragments.find((f) => moment >= f.start && moment < f.start + f.duration)
    || fragments.find((f) => f.start >= moment) || null;
}

export class Player {
  constructor(onPosition, onState) {
    this.onPosition = onPosition;
    this.onState = onState;
    this.hls = null;
    this.base = null;
    this.video = el('video', { id: 'recording-video', 'data-testid': 'recording-video', controls: true,
      playsinline: true, preload: 'auto', 'aria-label': 'Recorded video' });
    this.video.addEventListener('timeupdate', () => {
      if (this.base !== null) {
        this.onPosition(this.base + this.video.currentTime * 1000);
      }
    });
  }

  /** Plays `streamName` from `moment`, with `fragments` ({start, duration}) up to `until` (epoch millis). */
  async play(streamName, fragments, moment, until) {
    const first = fragmentAt(fragments, moment);
    if (!first) {
      throw new Error('Nothing was recorded at or after that moment');
    }
    const last = fragments[fragments.length - 1];
    const end = inThePast(Math.min(Math.max(until, last.start + last.duration), first.start + MAX_SESSION_MS));
    this.onState('Opening the recording…');
    const answer = await kvs('/getHLSStreamingSessionURL', { StreamName: streamName, PlaybackMode: 'ON_DEMAND',
      ContainerFormat: 'FRAGMENTED_MP4', HLSFragmentSelector: { FragmentSelectorType: 'SERVER_TIMESTAMP',
        TimestampRange: { StartTimestamp: seconds(first.start), EndTimestamp: seconds(end) } } });
    const offset = Math.max(0, moment - first.start) / 1000;
    this.stop();
    this.attach(answer.HLSStreamingSessionURL, offset);
    this.base = first.start;
  }

  attach(url, offset) {
    const video = this.video;
    const Hls = window.Hls;
    const started = () => {
      // The media timeline starts at the session's first fragment: the moment is `offset` seconds into it.
      const begin = video.seekable.length ? video.seekable.start(0) : 0;
      this.base -= begin * 1000;
      video.currentTime = begin + offset;
      video.play().catch(() => {
        video.muted = true;
        video.play().catch(() => this.onState('Press play to start'));
      });
      this.onState('Playing');
    };
    if (Hls && Hls.isSupported()) {
      this.hls = new Hls({ enableWorker: true, startPosition: offset });
      this.hls.on(Hls.Events.ERROR, (event, data) => {
        if (data.fatal) {
          this.onState(`Playback failed: ${data.details}`, 'error');
          this.stop();
        }
      });
      this.hls.once(Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {
        video.muted = true;
        video.play().catch(() => this.onState('Press play to start'));
      }));
      this.hls.once(Hls.Events.FRAG_BUFFERED, () => this.onState('Playing'));
      this.hls.loadSource(url);
      this.hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      video.addEventListener('loadedmetadata', started, { once: true });
    } else {
      throw new Error('This browser cannot play HLS');
    }
  }

  stop() {
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    this.video.removeAttribute('src');
    this.base = null;
  }
}

/** GetClip of `streamName` from `start` to `end` (epoch millis), saved by the browser as an .mp4 file. */
export async function downloadClip(streamName, start, until) {
  const end = inThePast(until);
  if (end <= start) {
    throw new Error('The clip must start before now');
  }
  const blob = await kvsBlob('/getClip', { StreamName: streamName, ClipFragmentSelector: {
    FragmentSelectorType: 'SERVER_TIMESTAMP', TimestampRange: { StartTimestamp: seconds(start),
      EndTimestamp: seconds(end) } } });
  const stamp = new Date(start).toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');
  const name = `${streamName}-${stamp}.mp4`;
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { name, size: blob.size };
}
