// Pictures along a recording (GetImages, JPEG, SERVER_TIMESTAMP): one per evenly chosen fragment, each a button
// that plays from its moment. Asked one at a time so the server's decoder is never flooded.
import { kvs } from './api.js';
import { el, fill } from './ui.js';
import { time } from './format.js';

const PICTURES = 8;
const WIDTH_PIXELS = 240;
/** The sample is taken this far into its fragment, past the keyframe that opens it. */
const INTO_FRAGMENT_MS = 100;
const SAMPLING_INTERVAL_MS = 1000;

let generation = 0;

/** Fills `box` with pictures of `fragments` of `streamName`; `onPick(millis)` on a click. */
export async function loadPictures(box, streamName, fragments, onPick) {
  generation += 1;
  const mine = generation;
  if (!fragments.length) {
    fill(box);
    return;
  }
  const step = Math.max(1, fragments.length / PICTURES);
  const chosen = [];
  for (let i = 0; i < fragments.length && chosen.length < PICTURES; i += step) {
    chosen.push(fragments[Math.floor(i)]);
  }
  const slots = chosen.map((f) => {
    const at = f.start + Math.min(INTO_FRAGMENT_MS, f.duration / 2);
    const button = el('button', { type: 'button', className: 'picture', 'data-testid': 'picture',
      'aria-label': `Play from ${time(at)}`, onclick: () => onPick(at) },
    el('span', { className: 'picture-empty' }, '…'), el('span', { className: 'picture-time' }, time(at)));
    return { at, button };
  });
  fill(box, slots.map((s) => s.button));
  for (const slot of slots) {
    if (mine !== generation) {
      return;
    }
    const image = await picture(streamName, slot.at);
    if (mine !== generation) {
      return;
    }
    slot.button.firstChild.replaceWith(image && image.ImageContent
      ? el('img', { src: `data:image/jpeg;base64,${image.ImageContent}`, alt: '' })
      : el('span', { className: 'picture-empty' }, image && image.Error ? image.Error.replace(/_/g, ' ').toLowerCase()
        : 'no picture'));
  }
}

async function picture(streamName, at) {
  try {
    const answer = await kvs('/getImages', { StreamName: streamName, ImageSelectorType: 'SERVER_TIMESTAMP',
      StartTimestamp: at / 1000, EndTimestamp: (at + SAMPLING_INTERVAL_MS) / 1000,
      SamplingInterval: SAMPLING_INTERVAL_MS, Format: 'JPEG', WidthPixels: WIDTH_PIXELS, MaxResults: 1 });
    return (answer.Images || [])[0] || null;
  } catch (refused) {
    return { Error: refused.type || 'unavailable' };
  }
}
