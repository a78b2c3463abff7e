import type { Response } from 'express';
import type { CriteriaChoice } from '../../../app/criteria/choose-criteria';
import type { CriteriaRequester } from '../../../app/criteria/criteria-deps';
import type { RescoreChoice } from '../../../app/criteria/publish-criteria';
import { sessionOf } from './console-session';

/** The signed-in user as the use cases take them: a typed actor, the session's portal and the request id. */
export function requesterOf(res: Response): CriteriaRequester {
  const { portalId, userId } = sessionOf(res);
  return {
    portalId, actor: { kind: 'user', hubspotUserId: String(userId) },
    ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}),
  };
}

/** A version number from a form or query (1…999999999); anything else is undefined. */
export function parseVersion(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
}

/** `latest`, `draft`, a version number, or (anything else) what is live. */
export function parseCriteriaChoice(value: unknown): CriteriaChoice {
  if (value === 'latest' || value === 'draft') return value;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : 'published';
}

/** A publish form's `rescore` field: `start` re-scores every contact now; otherwise a re-score is offered. */
export function parseRescoreChoice(value: unknown): RescoreChoice {
  return value === 'start' ? 'start' : 'offer';
}
