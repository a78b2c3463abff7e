import { Router } from 'express';
import { listCriteriaChoices, newestDraft } from '../../../app/criteria/choose-criteria';
import { simulateCriteria } from '../../../app/criteria/simulate-criteria';
import type { ConsoleDeps } from './console.ports';
import { parseCriteriaChoice, requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { contactUrlFor } from './hubspot-links';
import { renderSimulation, renderSimulateForm } from './views/simulate.view';

/** "Simulate before publishing": the form, and the simulation of a draft over recent contacts (src/app/criteria). */
export function createSimulateRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/simulate', async (_req, res) => {
    const session = sessionOf(res);
    const choices = await listCriteriaChoices(deps.criteria.versions, session.portalId);
    sendPage(deps, res, { title: 'Simulate', nav: 'simulate' }, renderSimulateForm(choices, session.csrfToken, newestDraft(choices) ?? choices.latestVersion));
  });

  router.post('/simulate', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const session = sessionOf(res);
    const simulation = await simulateCriteria(requesterOf(res), { draft: parseCriteriaChoice(body.draft ?? 'draft'), sampleSize: Number(body.sample) }, deps.criteria);
    sendPage(deps, res, { title: 'Simulation', nav: 'simulate' }, renderSimulation({ ...simulation, csrfToken: session.csrfToken, contactUrl: contactUrlFor(deps.settings, session.portalId) }));
  });

  return router;
}
