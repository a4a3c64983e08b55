// How numbers read on the console: bit rates, bytes, durations and times, in the reader's locale.

const UNITS = ['', 'k', 'M', 'G'];

/** 1234567 -> "1.23 Mbit/s". */
export function bitRate(bitsPerSecond) {
  if (!Number.isFinite(bitsPerSecond)) {
    return '–';
  }
  let value = bitsPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 2 : 0)} ${UNITS[unit]}bit/s`;
}

/** 1536 -> "1.5 KiB". */
export function bytes(count) {
  if (!Number.isFinite(count)) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Epoch millis -> local date and time to the second. */
export function dateTime(millis) {
  return new Date(millis).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Epoch millis -> local time to the second. */
export function time(millis) {
  return new Date(millis).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Epoch millis -> the value of an <input type="datetime-local" step="1"> (local time). */
export function toLocalInput(millis) {
  const d = new Date(millis);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:`
    + `${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of a datetime-local input -> epoch millis (NaN when empty). */
export function fromLocalInput(value) {
  return value ? new Date(value).getTime() : NaN;
}

/** Milliseconds -> "850 ms" or "2.4 s". */
export function millis(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return '–';
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A name out of an ARN: arn:aws:kinesisvideo:r:a:channel/name/123 -> name. */
export function arnName(arn) {
  const parts = String(arn || '').split('/');
  return parts.length >= 2 ? parts[1] : arn;
}
