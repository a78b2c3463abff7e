import { Router } from 'express';
import { notFoundError, validationError } from '../hubspot-errors';
import { callerPortal, type SandboxContext } from '../sandbox-context';
import type { PortalOwner } from '../state/crm-types';

/** Owners (`/crm/v3/owners`, `/crm/owners/2026-03`): one per portal user. */
export function createOwnerRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw validationError('limit must be between 1 and 500');
    const email = typeof req.query.email === 'string' ? req.query.email.toLowerCase() : undefined;
    const owners = callerPortal(ctx, res).owners.filter((o) => !email || o.email.toLowerCase() === email);
    const start = Number(req.query.after ?? 0);
    const page = owners.slice(start, start + limit);
    const body: Record<string, unknown> = { results: page.map(ownerJson) };
    if (start + page.length < owners.length) body.paging = { next: { after: String(start + page.length) } };
    res.json(body);
  });
  router.get('/:ownerId', (req, res) => {
    const byUser = req.query.idProperty === 'userId';
    const owner = callerPortal(ctx, res).owners.find((o) => (byUser ? String(o.userId) : o.id) === req.params.ownerId);
    if (!owner) throw notFoundError(`owner ${req.params.ownerId} not found`);
    res.json(ownerJson(owner));
  });
  return router;
}

function ownerJson(o: PortalOwner): Record<string, unknown> {
  return { ...o, userIdIncludingInactive: o.userId };
}
