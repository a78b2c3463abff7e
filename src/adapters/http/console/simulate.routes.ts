import { Router } from 'express';
import { listCriteriaChoices } from '../../../app/criteria/choose-criteria';
import { simulateCriteria } from '../../../app/criteria/simulate-criteria';
import type { ConsoleDeps } from './console.ports';
import { parseCriteriaChoice, requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { renderSimulation, renderSimulateForm } from './views/simulate.view';

/** "Simulate before publishing": the form, and the simulation of a draft over recent contacts (src/app/criteria). */
export function createSimulateRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/simulate', async (req, res) => {
    const session = sessionOf(res);
    const choices = await listCriteriaChoices(deps.criteria.versions, session.portalId);
    // ?draft=N preselects a version (the Effectiveness page opens a suggestion's draft here)
    const asked = parseCriteriaChoice(req.query.draft);
    const selected = typeof asked === 'number' && choices.versions.some((v) => v.version === asked) ? asked : undefined;
    sendPage(deps, res, { title: 'Simulate', nav: 'simulate' }, renderSimulateForm(choices, session.csrfToken, selected));
  });

  router.post('/simulate', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const simulation = await simulateCriteria(requesterOf(res), { draft: parseCriteriaChoice(body.draft ?? 'latest'), sampleSize: Number(body.sample) }, deps.criteria);
    sendPage(deps, res, { title: 'Simulation', nav: 'simulate' }, renderSimulation({ ...simulation, csrfToken: sessionOf(res).csrfToken }));
  });

  return router;
}
