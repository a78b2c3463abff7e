import { listActorNames } from '../../../app/console-access/actor-names';
import { Router, type Response } from 'express';
import { AppError } from '../../../app/errors';
import { grantRole, inviteStaff, removePasskey, removeUser, revokeRole, type Acting } from '../../../app/console-access/manage-console-users';
import type { ConsoleInvitation } from '../../../app/console-access/console-access.port';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { renderUsers } from './views/access.view';

const userIdOf = (v: unknown): number => {
  if (typeof v === 'string' && /^\d{1,16}$/.test(v.trim()) && Number(v) > 0 && Number.isSafeInteger(Number(v))) return Number(v);
  throw new AppError('request.invalid', 'Choose a user from the list.', { expose: true });
};

const actingOf = (res: Response): Acting => {
  const { portalId, userId } = sessionOf(res);
  return { portalId, userId, ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}) };
};

/**
 * The admin's users page: list users with their roles and passkeys, change a role, take access
 * back, remove a user, invite staff. Who may call these (admins, with a recent sign-in) is the
 * access table's business (access-table.ts); what happens is the use cases' (src/app/console-access).
 */
export function createAccessRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const body = (req: { body?: unknown }) => (req.body ?? {}) as Record<string, unknown>;

  const render = async (res: Response, newInvitation?: { token: string; invitation: ConsoleInvitation }) => {
    const session = sessionOf(res);
    const [users, passkeys, invitations, names] = await Promise.all([
      deps.users.list(session.portalId), deps.passkeys.listForPortal(session.portalId), deps.invitations.listOpen(session.portalId, deps.clock.now()),
      listActorNames({ ...deps.criteria, users: deps.users }, session.portalId),
    ]);
    sendPage(deps, res, { title: 'Users', nav: 'access', ...(newInvitation ? { notice: { kind: 'success', text: 'Invitation created. Copy the link below.' } } : {}) }, renderUsers({
      users, passkeys, invitations, names, csrfToken: session.csrfToken, me: session.userId,
      ...(newInvitation ? { newInvitation: { link: `${deps.settings.publicBaseUrl}/console/invite/${newInvitation.token}`, invitation: newInvitation.invitation } } : {}),
    }));
  };

  router.get('/access', async (_req, res) => render(res));

  router.post('/access/invite', async (req, res) => {
    const made = await inviteStaff(deps, actingOf(res), { label: body(req).label, role: body(req).role });
    await render(res, made);
  });

  router.post('/access/grant', async (req, res) => {
    await grantRole(deps, actingOf(res), userIdOf(body(req).userId), body(req).role);
    res.redirect(303, '/console/access?notice=granted');
  });

  router.post('/access/revoke', async (req, res) => {
    await revokeRole(deps, actingOf(res), userIdOf(body(req).userId));
    res.redirect(303, '/console/access?notice=revoked');
  });

  router.post('/access/remove', async (req, res) => {
    await removeUser(deps, actingOf(res), userIdOf(body(req).userId));
    res.redirect(303, '/console/access?notice=removed');
  });

  router.post('/access/passkeys/remove', async (req, res) => {
    const credentialId = body(req).credentialId;
    if (typeof credentialId !== 'string' || !/^[A-Za-z0-9_-]{16,1400}$/.test(credentialId)) throw new AppError('request.invalid', 'Choose a passkey from the list.', { expose: true });
    await removePasskey(deps, actingOf(res), credentialId);
    res.redirect(303, '/console/access?notice=passkey_removed');
  });

  return router;
}
