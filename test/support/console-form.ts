/** The editor's current form fields, as a browser would submit them (inputs, selects, textareas, ticked boxes). */
export function formFields(html: string): URLSearchParams {
  // Rows inside <template> (the editor script's blanks for "+ Add") are not submitted by a browser.
  const form = html.slice(html.indexOf('<form method="post" action="/console/criteria"'), html.indexOf('</form>', html.indexOf('action="/console/criteria"')))
    .replace(/<template[\s\S]*?<\/template>/g, '');
  const params = new URLSearchParams();
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#96;/g, '`').replace(/&amp;/g, '&');
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    const type = /type="([^"]*)"/.exec(attrs)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(attrs)) continue;
    params.append(decode(name), decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? ''));
  }
  for (const m of form.matchAll(/<select id="[^"]*" name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    params.append(decode(m[1]!), decode(/<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? ''));
  }
  for (const m of form.matchAll(/<textarea id="[^"]*" name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) params.append(decode(m[1]!), decode(m[2]!));
  return params;
}
