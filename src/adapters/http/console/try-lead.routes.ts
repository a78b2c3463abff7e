import { Router } from 'express';
import { tryLead, type TryLeadValues } from '../../../app/criteria/try-lead';
import type { ConsoleDeps } from './console.ports';
import { parseCriteriaChoice } from './console-request';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { renderTryLead, TRY_INPUTS } from './views/try-lead.view';

const MAX_VALUE_LENGTH = 2000;

/** The form's sample values by signal: blank fields left out, each value capped in length. */
function parseTryValues(body: Record<string, unknown>): TryLeadValues {
  const values: TryLeadValues = {};
  for (const input of TRY_INPUTS) {
    const v = body[`in:${input.key}`];
    if (typeof v === 'string' && v.trim() !== '') values[input.key] = v.slice(0, MAX_VALUE_LENGTH);
  }
  return values;
}

/**
 * "Try a lead" (src/app/criteria/try-lead.ts). The form posts instead of putting values in the
 * URL: the values may look like patient data and must not land in logs or browser history.
 */
export function createTryLeadRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/try', async (req, res) => {
    const session = sessionOf(res);
    const { choices, chosen } = await tryLead(session.portalId, { criteria: parseCriteriaChoice(req.query.criteria) }, deps.criteria);
    sendPage(deps, res, { title: 'Try a lead', nav: 'try' }, renderTryLead({ choices, chosen, values: {}, result: undefined, csrfToken: session.csrfToken }));
  });

  router.post('/try', async (req, res) => {
    const session = sessionOf(res);
    const body = req.body as Record<string, unknown>;
    const values = parseTryValues(body);
    const emptyForm = Object.keys(values).length === 0;
    // An empty form scores nothing: scoring no values returns a result that contradicts itself (issue 19).
    const { choices, chosen, result } = await tryLead(session.portalId, { criteria: parseCriteriaChoice(body.criteria), ...(emptyForm ? {} : { values }) }, deps.criteria);
    sendPage(deps, res, { title: 'Try a lead', nav: 'try' }, renderTryLead({ choices, chosen, values, result, emptyForm, csrfToken: session.csrfToken }), emptyForm ? 422 : 200);
  });

  return router;
}
