import { html, type SafeHtml } from '../html';

/** A score ring (0–100) drawn as inline SVG: no script, no style attribute. */
export function scoreRing(score: number, band: string): SafeHtml {
  const r = 42;
  const circumference = 2 * Math.PI * r;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * circumference;
  const colour = band === 'high' ? '#0b6e69' : band === 'medium' ? '#b7791f' : '#64748b';
  return html`<svg width="112" height="112" viewBox="0 0 112 112" role="img" aria-label="Score ${score} of 100">
    <circle cx="56" cy="56" r="${r}" fill="none" stroke="#e6ebf0" stroke-width="12"/>
    <circle cx="56" cy="56" r="${r}" fill="none" stroke="${colour}" stroke-width="12" stroke-linecap="round"
      stroke-dasharray="${filled.toFixed(1)} ${circumference.toFixed(1)}" transform="rotate(-90 56 56)"/>
    <text x="56" y="62" text-anchor="middle" font-size="26" font-weight="700" fill="#17212b">${score}</text>
  </svg>`;
}

/** Grouped bars: current vs draft count per category, with value labels; inline SVG. */
export function groupedBarChart(title: string, rows: ReadonlyArray<{ label: string; current: number; draft: number }>): SafeHtml {
  const max = Math.max(1, ...rows.flatMap((r) => [r.current, r.draft]));
  const width = 560;
  const left = 130;
  const barH = 14;
  const rowH = 44;
  const height = rows.length * rowH + 16;
  const scale = (n: number) => ((width - left - 50) * n) / max;
  return html`<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">
    <title>${title}</title>
    ${rows.map((r, i) => {
      const y = 8 + i * rowH;
      return html`<g>
        <text x="0" y="${y + barH + 4}" font-size="13" fill="#17212b">${r.label}</text>
        <rect x="${left}" y="${y}" width="${scale(r.current).toFixed(1)}" height="${barH}" rx="3" fill="#9fb3c8"/>
        <text x="${(left + scale(r.current) + 6).toFixed(1)}" y="${y + 11}" font-size="11.5" fill="#566270">${r.current}</text>
        <rect x="${left}" y="${y + barH + 3}" width="${scale(r.draft).toFixed(1)}" height="${barH}" rx="3" fill="#0b6e69"/>
        <text x="${(left + scale(r.draft) + 6).toFixed(1)}" y="${y + barH + 14}" font-size="11.5" fill="#17212b" font-weight="600">${r.draft}</text>
      </g>`;
    })}
  </svg>`;
}
