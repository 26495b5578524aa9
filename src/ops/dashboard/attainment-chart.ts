import type { WeeklyAttainment } from './dashboard-data.js';
import { type Html, html } from './html.js';

/** Colour-blind-safe (Okabe–Ito) line colours, one per policy in order. */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 44, right: 24, top: 12, bottom: 28 };

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * First-response attainment per policy, one line each over the weeks, 0–100 %. A week with
 * nothing decided is a gap, not a zero. Every point carries a <title> with its figures, so the
 * numbers are there for a screen reader or a hover without any script.
 */
export function attainmentChart(series: readonly WeeklyAttainment[]): Html {
  const weeks = series[0]?.weeks.map((w) => w.start) ?? [];
  if (weeks.length === 0 || series.every((s) => s.weeks.every((w) => w.attainment === null))) {
    return html`<p class="empty">No first response was met or breached in these weeks.</p>`;
  }
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number): number =>
    PAD.left + (weeks.length === 1 ? plotW / 2 : (i * plotW) / (weeks.length - 1));
  const y = (pct: number): number => PAD.top + plotH - (pct / 100) * plotH;
  const r = (n: number): string => n.toFixed(1);

  const grid = [0, 25, 50, 75, 100].map(
    (pct) =>
      html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${r(y(pct))}" y2="${r(y(pct))}"/><text class="axis" x="${PAD.left - 6}" y="${r(y(pct) + 4)}" text-anchor="end">${pct}%</text>`,
  );
  const labels = weeks.map((start, i) =>
    i % 2 === 0 || i === weeks.length - 1
      ? html`<text class="axis" x="${r(x(i))}" y="${HEIGHT - 8}" text-anchor="${i === weeks.length - 1 ? 'end' : 'middle'}">${isoDay(start).slice(5)}</text>`
      : null,
  );
  const lines = series.map((s, n) => {
    const colour = COLOURS[n % COLOURS.length] ?? '#000000';
    // Consecutive decided weeks form one segment; an undecided week breaks the line.
    const segments: string[][] = [[]];
    s.weeks.forEach((w, i) => {
      if (w.attainment === null) segments.push([]);
      else segments[segments.length - 1]?.push(`${r(x(i))},${r(y(w.attainment))}`);
    });
    const polylines = segments
      .filter((seg) => seg.length > 1)
      .map(
        (seg) => html`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${seg.join(' ')}"/>`,
      );
    const points = s.weeks.map((w, i) =>
      w.attainment === null
        ? null
        : html`<circle cx="${r(x(i))}" cy="${r(y(w.attainment))}" r="3" fill="${colour}"><title>${s.policy}, week of ${isoDay(w.start)}: ${w.attainment}% of ${w.decided}</title></circle>`,
    );
    return html`<g class="series" data-policy="${s.policy}">${polylines}${points}</g>`;
  });
  const legend = series.map(
    (s, n) =>
      html`<li><span class="swatch" style="background:${COLOURS[n % COLOURS.length] ?? '#000000'}"></span>${s.policy}</li>`,
  );
  return html`<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="First-response attainment per policy, weekly">
${grid}${labels}${lines}
</svg>
<ul class="legend">${legend}</ul>
</figure>`;
}
