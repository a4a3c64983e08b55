// Server: the last hour of GET /console/server (one sample every intervalSeconds) as uPlot charts, refreshed every
// 10 s, with the current value of each series.
import { figures } from './api.js';
import { el, fill, showError } from './ui.js';
import { bitRate, bytes, time } from './format.js';

const REFRESH_MS = 10000;
const CHART_HEIGHT = 160;
const PERCENT = 100;

/** Each chart: a title and the series it draws, with how to read their values. */
const CHARTS = [
  { id: 'sessions', title: 'Sessions and participants', series: [['sessions', 'Sessions'],
    ['participants', 'Participants'], ['turnAllocations', 'TURN allocations']], format: (v) => String(v) },
  { id: 'ingest', title: 'Ingest bit rate', series: [['ingestBitsPerSecond', 'Ingest']], format: bitRate },
  { id: 'cpu', title: 'Process CPU', series: [['processCpu', 'CPU']], scale: PERCENT,
    format: (v) => `${v.toFixed(1)} %` },
  { id: 'heap', title: 'Heap used', series: [['heapUsedBytes', 'Heap']], format: bytes },
  // The recording's troubles: the server reports some of these, by the names below.
  { id: 'problems', title: 'Recording and health', series: [['putMediaBacklog', 'PutMedia backlog'],
    ['putMediaErrors', 'PutMedia errors'], ['recorderProblems', 'Recorder problems'],
    ['healthProblems', 'Health problems']], format: (v) => String(v) },
];
const COLORS = ['#1f6feb', '#d97706', '#16a34a'];

export function mount(view) {
  const error = el('p', { className: 'error', role: 'alert' });
  const updated = el('span', { className: 'meta', 'data-testid': 'server-updated' });
  const now = el('dl', { className: 'figures', 'data-testid': 'server-now', 'aria-label': 'Current figures' });
  const grid = el('div', { className: 'charts' });
  const plots = new Map();
  let timer = null;
  let stopped = false;

  fill(view, el('div', { className: 'view-head' }, el('h1', {}, 'Server'), updated), error,
    el('section', { className: 'card', 'aria-labelledby': 'now-title' }, el('h2', { id: 'now-title' }, 'Now'), now),
    grid);

  let charts = null;

  /** The charts with the series this server reports (a chart with none is left out). */
  function chartsFor(answer) {
    return CHARTS.map((chart) => ({ ...chart, series: chart.series.filter(([key]) => key in answer.series) }))
      .filter((chart) => chart.series.length);
  }

  function current(answer) {
    const figuresList = [];
    for (const chart of charts) {
      for (const [key, label] of chart.series) {
        const values = answer.series[key] || [];
        const v = values.length ? values[values.length - 1] : null;
        figuresList.push(el('div', { className: 'figure', 'data-testid': `now-${key}` }, el('dt', {}, label),
          el('dd', {}, v === null || v === undefined ? '–' : chart.format((chart.scale || 1) * v))));
      }
    }
    fill(now, figuresList);
  }

  function data(answer, chart) {
    const xs = (answer.time || []).map((t) => t / 1000);
    return [xs, ...chart.series.map(([key]) => (answer.series[key] || []).map((v) => (v === null ? null
      : (chart.scale || 1) * v)))];
  }

  function draw(answer) {
    const uPlot = window.uPlot;
    for (const chart of charts) {
      let plot = plots.get(chart.id);
      if (!plot) {
        const holder = el('div', { className: 'chart', 'aria-hidden': 'true' });
        const box = el('section', { className: 'card chart-card', 'data-testid': `chart-${chart.id}`,
          'aria-label': chart.title }, el('h2', {}, chart.title), holder);
        grid.append(box);
        if (!uPlot) {
          holder.textContent = 'Charts unavailable (uPlot did not load).';
          continue;
        }
        const options = { width: Math.max(holder.clientWidth, 200), height: CHART_HEIGHT,
          scales: { x: { time: true } }, legend: { live: false },
          axes: [{}, { size: 80, values: (u, ticks) => ticks.map((t) => chart.format(t)) }],
          series: [{}, ...chart.series.map(([, label], i) => ({ label, stroke: COLORS[i % COLORS.length],
            width: 2 }))] };
        plot = new uPlot(options, data(answer, chart), holder);
        plots.set(chart.id, plot);
      } else {
        plot.setData(data(answer, chart));
      }
    }
  }

  function resize() {
    for (const plot of plots.values()) {
      const width = plot.root.parentElement.clientWidth;
      if (width > 0 && Math.abs(width - plot.width) > 1) {
        plot.setSize({ width, height: CHART_HEIGHT });
      }
    }
  }

  async function refresh() {
    try {
      const answer = await figures('/console/server');
      answer.series = answer.series || {};
      charts = charts || chartsFor(answer);
      updated.textContent = `updated ${time(Date.now())} · one sample every ${answer.intervalSeconds} s`;
      current(answer);
      draw(answer);
      error.textContent = '';
    } catch (failed) {
      showError(error, failed, true);
    }
    if (!stopped) {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  window.addEventListener('resize', resize);
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('resize', resize);
    plots.forEach((plot) => plot.destroy());
  };
}
