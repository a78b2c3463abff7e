import type { RegisteredApp } from '../oauth';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HubSpot-style install page: pick an account, then Connect app or Cancel. */
export function renderConsentPage(input: {
  app: RegisteredApp; params: Record<string, string | undefined>; required: string[]; optional: string[];
  portals: { portalId: number; users: { id: number; email: string }[] }[];
}): string {
  const { app, params } = input;
  const hidden = ['client_id', 'redirect_uri', 'scope', 'optional_scope', 'state', 'user_id']
    .filter((k) => params[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(params[k]!)}">`).join('\n      ');
  const options = input.portals.map((p) => `<option value="${p.portalId}"${String(p.portalId) === params.portal_id ? ' selected' : ''}>Account ${p.portalId} (${escapeHtml(p.users[0]?.email ?? 'no users')})</option>`).join('');
  const scopes = [...input.required.map((s) => `<li>${escapeHtml(s)}</li>`), ...input.optional.map((s) => `<li>${escapeHtml(s)} (optional)</li>`)].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connect app ${app.appId} — HubSpot sandbox</title></head>
<body>
  <h1>Connect app ${app.appId} to your HubSpot account</h1>
  <p>This local HubSpot sandbox stands in for app.hubspot.com.</p>
  <form method="post" action="/oauth/authorize">
      ${hidden}
      <label>Account <select name="portal_id">${options}<option value="">New test account</option></select></label>
      <p>The app asks for:</p><ul>${scopes}</ul>
      <button type="submit" name="decision" value="approve">Connect app</button>
      <button type="submit" name="decision" value="deny">Cancel</button>
  </form>
</body></html>`;
}

/** A 400 page for a refused authorize request (unknown client id, redirect URL, scopes). */
export function renderErrorPage(title: string, detail: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`;
}
