/**
 * `--plot FILE`: the latency histogram as a small, self-contained SVG (hand-written; no library). X is
 * latency on a log scale (one bar per bin from `logBins`), Y the share of messages in each bin, with
 * p50/p99/p99.9 marked. Pure: returns the document text; the caller writes the file.
 */
import type { Bin, LatencySummary } from './histogram.js';

const W = 720, H = 360, LEFT = 60, RIGHT = 20, TOP = 40, BOTTOM = 50;

/** Escape text for an XML text node or attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function fmtMs(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  return `${+(ms * 1000).toPrecision(3)} µs`;
}

/**
 * An SVG document plotting `bins` under `title`, with the percentiles of `summary` as vertical lines.
 * With no bins the plot says "no samples" instead of drawing bars.
 */
export function latencySvg(title: string, bins: readonly Bin[], summary: LatencySummary): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${xmlEscape(title)}</text>`,
  ];
  const plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
  out.push(`<line x1="${LEFT}" y1="${TOP + plotH}" x2="${LEFT + plotW}" y2="${TOP + plotH}" stroke="black"/>`);
  out.push(`<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}" stroke="black"/>`);
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (bins.length === 0 || total === 0) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no samples</text>`, `</svg>`);
    return `${out.join('\n')}\n`;
  }
  const lx0 = Math.log10(bins[0]!.fromMs), lx1 = Math.log10(bins[bins.length - 1]!.toMs);
  const x = (ms: number): number => LEFT + ((Math.log10(ms) - lx0) / (lx1 - lx0)) * plotW;
  const maxShare = Math.max(...bins.map((b) => b.count / total));
  const y = (share: number): number => TOP + plotH - (share / maxShare) * plotH;
  for (const b of bins) {
    if (b.count === 0) continue;
    const x0 = x(b.fromMs), x1 = x(b.toMs), share = b.count / total;
    out.push(`<rect x="${x0.toFixed(1)}" y="${y(share).toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 1).toFixed(1)}" height="${(TOP + plotH - y(share)).toFixed(1)}" fill="#4a7bd0"><title>${xmlEscape(`${fmtMs(b.fromMs)} to ${fmtMs(b.toMs)}: ${b.count}`)}</title></rect>`);
  }
  // Decade ticks on the x axis, share ticks on the y axis.
  for (let d = Math.ceil(lx0); d <= Math.floor(lx1); d++) {
    const px = x(10 ** d).toFixed(1);
    out.push(`<line x1="${px}" y1="${TOP + plotH}" x2="${px}" y2="${TOP + plotH + 5}" stroke="black"/>`);
    out.push(`<text x="${px}" y="${TOP + plotH + 18}" text-anchor="middle">${xmlEscape(fmtMs(10 ** d))}</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const share = (maxShare * k) / 4, py = y(share).toFixed(1);
    out.push(`<text x="${LEFT - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${(share * 100).toFixed(1)}%</text>`);
  }
  out.push(`<text x="${LEFT + plotW / 2}" y="${H - 10}" text-anchor="middle">latency (log scale), ${summary.count} messages</text>`);
  const marks: [string, number, string][] = [['p50', summary.p50Ms, '#2a9d3a'], ['p99', summary.p99Ms, '#d08a1a'], ['p99.9', summary.p999Ms, '#c0392b']];
  marks.forEach(([name, ms, colour], i) => {
    if (!(ms > 0)) return;
    const px = Math.min(LEFT + plotW, Math.max(LEFT, x(ms))).toFixed(1);
    out.push(`<line x1="${px}" y1="${TOP}" x2="${px}" y2="${TOP + plotH}" stroke="${colour}" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${LEFT + plotW - 4}" y="${TOP + 14 + i * 15}" text-anchor="end" fill="${colour}">${xmlEscape(`${name} ${fmtMs(ms)}`)}</text>`);
  });
  out.push(`</svg>`);
  return `${out.join('\n')}\n`;
}
