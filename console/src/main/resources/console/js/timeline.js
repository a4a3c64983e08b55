// A time axis over the chosen range with the recorded fragments drawn as bars: touching fragments merge into one
// run, so what is missing shows as a gap. Pointer or keyboard (it is a slider: arrows, Page keys, Home/End, Enter)
// picks a moment; `onPick(millis)` hears it.
import { el, fill } from './ui.js';
import { time } from './format.js';

/**
 * Fragments further apart than this are drawn with a gap between them. Server timestamps say when each fragment
 * reached the store, so back-to-back fragments land up to about a second apart: less is not a gap in the media.
 */
const GAP_MS = 1500;
const TICKS = 6;
const STEP_FRACTION = 0.01;
const PAGE_FRACTION = 0.1;

/** [{start, end}] runs of back-to-back fragments ({start, duration} in millis, sorted). */
export function runs(fragments) {
  const result = [];
  for (const f of fragments) {
    const end = f.start + f.duration;
    const lastRun = result[result.length - 1];
    if (lastRun && f.start - lastRun.end <= GAP_MS) {
      lastRun.end = Math.max(lastRun.end, end);
    } else {
      result.push({ start: f.start, end });
    }
  }
  return result;
}

export class Timeline {
  constructor(onPick) {
    this.onPick = onPick;
    this.from = 0;
    this.to = 1;
    this.moment = null;
    this.track = el('div', { className: 'timeline-track' });
    this.cursor = el('div', { className: 'timeline-cursor', hidden: true });
    this.playhead = el('div', { className: 'timeline-playhead', hidden: true });
    this.axis = el('div', { className: 'timeline-axis', 'aria-hidden': 'true' });
    this.root = el('div', { className: 'timeline', role: 'slider', tabindex: '0', 'data-testid': 'timeline',
      'aria-label': 'Recording timeline: pick a moment to play', 'aria-valuetext': 'no moment picked' },
    this.track, this.axis);
    this.track.append(this.cursor, this.playhead);
    this.root.addEventListener('click', (event) => this.pickAt(event.clientX));
    this.root.addEventListener('keydown', (event) => this.key(event));
  }

  /** Draws `fragments` ({start, duration}) between `from` and `to` (epoch millis). */
  draw(from, to, fragments) {
    this.from = from;
    this.to = Math.max(to, from + 1);
    this.root.setAttribute('aria-valuemin', String(Math.round(from / 1000)));
    this.root.setAttribute('aria-valuemax', String(Math.round(to / 1000)));
    fill(this.track, runs(fragments).map((r) => el('div', { className: 'timeline-run', 'data-testid': 'recording-run',
      title: `${time(r.start)} – ${time(r.end)}`,
      style: `left:${this.percent(r.start)}%;width:${Math.max(this.percent(r.end) - this.percent(r.start), 0.3)}%` })),
    this.cursor, this.playhead);
    const ticks = [];
    for (let i = 0; i <= TICKS; i++) {
      const at = from + ((this.to - from) * i) / TICKS;
      ticks.push(el('span', { className: 'tick', style: `left:${(100 * i) / TICKS}%` }, time(at)));
    }
    fill(this.axis, ticks);
    this.setMoment(this.moment !== null && this.moment >= from && this.moment <= to ? this.moment : null);
  }

  percent(millis) {
    return Math.min(100, Math.max(0, (100 * (millis - this.from)) / (this.to - this.from)));
  }

  pickAt(clientX) {
    const box = this.track.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientX - box.left) / box.width));
    this.pick(this.from + fraction * (this.to - this.from));
  }

  pick(millis) {
    this.setMoment(Math.round(millis));
    this.onPick(this.moment);
  }

  setMoment(millis) {
    this.moment = millis;
    this.cursor.hidden = millis === null;
    if (millis !== null) {
      this.cursor.style.left = `${this.percent(millis)}%`;
      this.root.setAttribute('aria-valuenow', String(Math.round(millis / 1000)));
      this.root.setAttribute('aria-valuetext', time(millis));
    }
  }

  /** Shows where playback is (null hides it). */
  showPlayhead(millis) {
    this.playhead.hidden = millis === null;
    if (millis !== null) {
      this.playhead.style.left = `${this.percent(millis)}%`;
    }
  }

  key(event) {
    const span = this.to - this.from;
    const current = this.moment === null ? this.from : this.moment;
    const moves = { ArrowLeft: -STEP_FRACTION, ArrowDown: -STEP_FRACTION, ArrowRight: STEP_FRACTION,
      ArrowUp: STEP_FRACTION, PageDown: -PAGE_FRACTION, PageUp: PAGE_FRACTION };
    if (event.key in moves) {
      this.setMoment(Math.min(this.to, Math.max(this.from, current + moves[event.key] * span)));
    } else if (event.key === 'Home') {
      this.setMoment(this.from);
    } else if (event.key === 'End') {
      this.setMoment(this.to);
    } else if (event.key === 'Enter' || event.key === ' ') {
      this.pick(current);
    } else {
      return;
    }
    event.preventDefault();
  }
}
