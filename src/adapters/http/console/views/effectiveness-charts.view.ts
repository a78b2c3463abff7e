import { MIN_CELL_SIZE, showShare } from '../../../../core';
import { html, type SafeHtml } from '../html';

/** One bar: `part` of `whole` contacts (booked of qualified, met of due). */
export interface ShareBar { readonly label: string; readonly part: number; readonly whole: number }

const isShown = (b: ShareBar) => showShare(b.part, b.whole) !== '<11';

/**
 * Horizontal bars of a share per row, as inline SVG (no script, no style attribute: the console's
 * CSP allows neither). A suppressed cell draws no bar, only "<11", so its size cannot be read off.
 */
export function shareBarChart(title: string, bars: readonly ShareBar[]): SafeHtml {
  const width = 560;
  const left = 150;
  const rowH = 28;
  const height = bars.length * rowH + 8;
  const scale = (share: number) => (width - left - 60) * share;
  return html`<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">
    <title>${title}</title>
    ${bars.map((b, i) => {
      const y = 6 + i * rowH;
      const share = isShown(b) ? b.part / b.whole : 0;
      return html`<g>
        <text x="0" y="${y + 14}" font-size="13" fill="#17212b">${b.label}</text>
        <rect x="${left}" y="${y}" width="${width - left - 60}" height="18" rx="3" fill="#eef2f6"/>
        ${isShown(b) ? html`<rect x="${left}" y="${y}" width="${scale(share).toFixed(1)}" height="18" rx="3" fill="#0b6e69"/>` : ''}
        <text x="${width - 52}" y="${y + 14}" font-size="12" fill="#17212b" font-weight="600">${showShare(b.part, b.whole)}</text>
      </g>`;
    })}
  </svg>`;
}

/** Median and p90 minutes per row as paired bars (suppressed rows: "<11" only); inline SVG. */
export function speedChart(title: string, rows: ReadonlyArray<{ label: string; median: number | null; p90: number | null; n: number }>, format: (m: number) => string): SafeHtml {
  const width = 560;
  const left = 150;
  const rowH = 40;
  const shown = rows.filter((r) => r.n >= MIN_CELL_SIZE);
  const max = Math.max(1, ...shown.map((r) => r.p90 ?? 0));
  const scale = (m: number) => ((width - left - 80) * Math.sqrt(m)) / Math.sqrt(max); // square-root scale: minutes and days on one axis
  return html`<svg viewBox="0 0 ${width} ${rows.length * rowH + 8}" width="${width}" height="${rows.length * rowH + 8}" role="img" aria-label="${title}">
    <title>${title}</title>
    ${rows.map((r, i) => {
      const y = 6 + i * rowH;
      if (r.n < MIN_CELL_SIZE || r.median === null || r.p90 === null) {
        return html`<g><text x="0" y="${y + 14}" font-size="13" fill="#17212b">${r.label}</text><text x="${left}" y="${y + 14}" font-size="12" fill="#566270">${r.n < MIN_CELL_SIZE ? '<11' : 'no answers yet'}</text></g>`;
      }
      return html`<g>
        <text x="0" y="${y + 14}" font-size="13" fill="#17212b">${r.label}</text>
        <rect x="${left}" y="${y}" width="${scale(r.median).toFixed(1)}" height="14" rx="3" fill="#0b6e69"/>
        <text x="${(left + scale(r.median) + 6).toFixed(1)}" y="${y + 11}" font-size="11.5" fill="#17212b">median ${format(r.median)}</text>
        <rect x="${left}" y="${y + 17}" width="${scale(r.p90).toFixed(1)}" height="14" rx="3" fill="#9fb3c8"/>
        <text x="${(left + scale(r.p90) + 6).toFixed(1)}" y="${y + 28}" font-size="11.5" fill="#566270">p90 ${format(r.p90)}</text>
      </g>`;
    })}
  </svg>`;
}
