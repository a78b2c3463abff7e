import type { DemoContactResult } from './demo-results';

/** A row of the live table: the lead, and its result once CareQual has written it back. */
export interface LiveRow {
  label: string;
  contactId?: string;
  result?: DemoContactResult;
}

interface Column { title: string; width: number; cell(row: LiveRow, timeZone: string): string; align?: 'right' }

const OUTCOME_COLOUR: Record<string, string> = { care_ready: '32', nurture: '36', needs_review: '33', disqualified: '31' };

/**
 * The demo's results table. On a terminal it redraws in place as results arrive (ANSI cursor
 * movement; colours unless NO_COLOR); anywhere else (a pipe, CI) it prints one plain line per
 * lead as its result arrives, so logs stay readable.
 */
export class LiveTable {
  private drawnLines = 0;
  private readonly printed = new Set<number>();
  private readonly columns: Column[];

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly timeZone: string,
    private readonly tty = Boolean(out.isTTY),
  ) {
    const reasonsWidth = Math.max(24, Math.min(70, (out.columns ?? 160) - 112));
    this.columns = [
      { title: 'contact', width: 46, cell: (r) => r.label },
      { title: 'score', width: 5, align: 'right', cell: (r) => (r.result ? String(r.result.score) : '') },
      { title: 'band', width: 6, cell: (r) => r.result?.band ?? '' },
      { title: 'outcome', width: 12, cell: (r) => r.result?.outcome ?? (r.contactId ? 'waiting…' : 'creating…') },
      { title: 'reasons', width: reasonsWidth, cell: (r) => describeReasons(r.result) },
      { title: 'respond by', width: 15, cell: (r, tz) => formatRespondBy(r.result?.respondBy ?? null, tz) },
      { title: 'latency', width: 8, align: 'right', cell: (r) => (r.result ? `${r.result.latencyMs} ms` : '') },
    ];
  }

  /** Draws the current state: in place on a terminal, new lines only otherwise. */
  render(rows: readonly LiveRow[]): void {
    if (this.tty) return this.redraw(rows);
    if (this.drawnLines === 0) {
      this.out.write(`${this.formatLine(this.columns.map((c) => c.title))}\n`);
      this.drawnLines = 1;
    }
    rows.forEach((row, i) => {
      if (!row.result || this.printed.has(i)) return;
      this.printed.add(i);
      this.out.write(`${this.formatRow(row, false)}\n`);
    });
  }

  private redraw(rows: readonly LiveRow[]): void {
    const header = [this.formatLine(this.columns.map((c) => c.title)), this.formatLine(this.columns.map((c) => '─'.repeat(c.width)))].map((l) => this.clipToTerminal(l));
    const lines = [...header, ...rows.map((r) => this.formatRow(r, !process.env.NO_COLOR))];
    let text = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
    for (const line of lines) text += `\r\x1b[2K${line}\n`;
    this.out.write(text);
    this.drawnLines = lines.length;
  }

  private formatRow(row: LiveRow, colour: boolean): string {
    const cells = this.columns.map((c) => c.cell(row, this.timeZone));
    const line = this.clipToTerminal(this.formatLine(cells));
    const code = row.result ? OUTCOME_COLOUR[row.result.outcome] : '2';
    return colour && code ? `\x1b[${code}m${line}\x1b[0m` : line;
  }

  /** On a terminal a line must not wrap, or moving the cursor up would land in the wrong place. */
  private clipToTerminal(line: string): string {
    const width = this.tty ? (this.out.columns ?? 200) - 1 : Infinity;
    return [...line].length > width ? [...line].slice(0, width).join('') : line;
  }

  private formatLine(cells: string[]): string {
    return this.columns.map((c, i) => fit(cells[i] ?? '', c.width, c.align)).join('  ').trimEnd();
  }
}

/** The reasons cell: why a lead was stopped, or CareQual's plain-word top contributions. */
export function describeReasons(result: DemoContactResult | undefined): string {
  if (!result) return '';
  if (result.disqualificationReasons.length) return `stopped: ${result.disqualificationReasons.join(', ')}`;
  if (result.outcome === 'needs_review') return `to a person first (${result.route})${result.reasons ? ` · ${result.reasons}` : ''}`;
  return result.reasons;
}

/** "Mon 09:05" in the practice's time zone (the SLA counts its business hours). */
export function formatRespondBy(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
  return parts.replace(',', '');
}

function fit(text: string, width: number, align?: 'right'): string {
  const clipped = [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
  return align === 'right' ? clipped.padStart(width) : clipped.padEnd(width);
}
