import { Router } from 'express';
import { AppError } from '../../../app/errors';
import { html } from './html';
import type { ConsoleDeps } from './console.ports';
import { requireAdmin } from './console-security.middleware';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { csrfField, formatDateTime, pageHeader } from './views/layout.view';

const userIdOf = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) && Number(v) > 0 ? Number(v) : undefined);

/** Who may edit: the installing admin, plus HubSpot users the admin grants editor to. */
export function createAccessRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/access', async (_req, res) => {
    const session = sessionOf(res);
    const [installation, grants] = await Promise.all([deps.installations.tryGet(session.portalId), deps.grants.list(session.portalId)]);
    const admin = session.role === 'admin';
    sendPage(deps, res, { title: 'Access', nav: 'access' }, html`${pageHeader('Access', 'Everyone in your HubSpot account can sign in and view. Editing criteria needs the admin or an editor grant.')}
    <section class="card"><h2>Admin</h2><p>HubSpot user <strong>${installation?.installedByUserId ?? '—'}</strong> installed CareQual and is its admin.</p></section>
    <section class="card"><h2>Editors</h2>
      <div class="table-wrap"><table><thead><tr><th scope="col">HubSpot user id</th><th scope="col">Granted</th><th scope="col">By</th>${admin ? html`<th scope="col">Actions</th>` : ''}</tr></thead><tbody>
      ${grants.length === 0 ? html`<tr><td colspan="4" class="muted">No editors yet.</td></tr>` : ''}
      ${grants.map((g) => html`<tr><td>${g.userId}</td><td>${formatDateTime(g.grantedAt)}</td><td>${g.grantedBy}</td>
        ${admin ? html`<td><form class="inline-form" method="post" action="/console/access/revoke">${csrfField(session.csrfToken)}<input type="hidden" name="userId" value="${g.userId}">
          <button class="btn btn-small btn-danger" type="submit">Remove</button></form></td>` : ''}</tr>`)}</tbody></table></div>
      ${admin ? html`<form method="post" action="/console/access/grant" class="filters">${csrfField(session.csrfToken)}
        <div class="field"><label for="grant-user">HubSpot user id</label><input id="grant-user" name="userId" type="text" inputmode="numeric" required><span class="hint">Found in HubSpot under Settings → Users & Teams</span></div>
        <div class="field"><button class="btn btn-primary" type="submit">Grant editor</button></div></form>` : ''}
    </section>`);
  });

  router.post('/access/grant', requireAdmin(deps), async (req, res) => {
    const session = sessionOf(res);
    const userId = userIdOf((req.body as Record<string, unknown>).userId);
    if (!userId) throw new AppError('request.invalid', 'Enter a HubSpot user id (digits only).', { expose: true });
    await deps.grants.grantEditor(session.portalId, userId, session.userId);
    res.redirect(303, '/console/access?notice=granted');
  });

  router.post('/access/revoke', requireAdmin(deps), async (req, res) => {
    const session = sessionOf(res);
    const userId = userIdOf((req.body as Record<string, unknown>).userId);
    if (!userId || !(await deps.grants.revoke(session.portalId, userId))) throw new AppError('not_found', 'No such grant.', { expose: true });
    res.redirect(303, '/console/access?notice=revoked');
  });

  return router;
}
