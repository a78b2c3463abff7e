import { Router } from 'express';
import { notFoundError } from '../hubspot-errors';
import { callerPortal, type SandboxContext } from '../sandbox-context';

/**
 * The User Provisioning API's user read (`GET /settings/v3/users/{userId}`, scope
 * `settings.users.read`; developers.hubspot.com/docs/api/settings/user-provisioning): HubSpot's
 * `PublicUser` with the fields the sandbox models. A user of another account is not found.
 */
export function createUserRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.get('/:userId', (req, res) => {
    const user = callerPortal(ctx, res).users.find((u) => String(u.id) === req.params.userId);
    if (!user) throw notFoundError(`user ${req.params.userId} not found`);
    res.json({ id: String(user.id), email: user.email, roleIds: [], secondaryTeamIds: [], superAdmin: user.superAdmin });
  });
  return router;
}
