/**
 * The console's one HTML-escaping helper. Views are typed functions returning {@link SafeHtml};
 * every interpolated value is escaped unless it already is SafeHtml (a nested view). There is
 * no "raw" escape hatch for strings: markup comes only from template literals in view code.
 *
 * Why not a template engine: the console's pages are small, a tagged template gives the
 * compiler the view's inputs to check, and escaping by default leaves nothing to forget.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`; arrays of SafeHtml are joined. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Renders an attribute only when the condition holds: `<input ${attr('checked', on)}>`. */
export function attr(name: string, on: boolean | undefined): SafeHtml {
  return new SafeHtml(on ? ` ${escapeHtml(name)}` : '');
}
