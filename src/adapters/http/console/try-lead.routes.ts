import { Router } from 'express';
import { qualifyContact, type QualificationResult } from '../../../core';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { chooseCriteria, listCriteriaChoices } from './criteria-choice';
import { renderTryLead, TRY_INPUTS } from './views/try-lead.view';

const MAX_VALUE_LENGTH = 2000;

/**
 * "Try a lead": sample values → the result CareQual would write, computed in-process with the
 * chosen criteria. Nothing is sent to HubSpot and nothing is stored or logged (the values may
 * look like patient data), which is why the form posts instead of putting values in the URL.
 */
export function createTryLeadRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/try', async (req, res) => {
    const session = sessionOf(res);
    const choices = await listCriteriaChoices(deps, session.portalId);
    const chosen = await chooseCriteria(deps, session.portalId, req.query.criteria, choices);
    sendPage(deps, res, { title: 'Try a lead', nav: 'try' }, renderTryLead({ choices, chosen, values: {}, result: undefined, csrfToken: session.csrfToken }));
  });

  router.post('/try', async (req, res) => {
    const session = sessionOf(res);
    const body = req.body as Record<string, unknown>;
    const choices = await listCriteriaChoices(deps, session.portalId);
    const chosen = await chooseCriteria(deps, session.portalId, body.criteria, choices);
    const values: Record<string, string> = {};
    for (const input of TRY_INPUTS) {
      const v = body[`in:${input.key}`];
      if (typeof v === 'string' && v.trim() !== '') values[input.key] = v.slice(0, MAX_VALUE_LENGTH);
    }
    let result: QualificationResult | undefined;
    if (chosen) {
      const props: Record<string, string> = {};
      for (const input of TRY_INPUTS) {
        const property = chosen.criteria.propertyMap[input.key]?.[0];
        if (property && values[input.key] !== undefined) props[property] = values[input.key]!;
      }
      result = qualifyContact(props, chosen.criteria, deps.clock.now());
    }
    sendPage(deps, res, { title: 'Try a lead', nav: 'try' }, renderTryLead({ choices, chosen, values, result, csrfToken: session.csrfToken }));
  });

  return router;
}
