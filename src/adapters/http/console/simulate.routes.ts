import type { TenantId } from '../../../app/ports/ids';
import { Router } from 'express';
import { listCriteriaChoices, newestDraft, type CriteriaChoices } from '../../../app/criteria/choose-criteria';
import { findPreviouslyLiveVersion } from '../../../app/criteria/version-history';
import { simulateCriteria } from '../../../app/criteria/simulate-criteria';
import type { ConsoleDeps } from './console.ports';
import { parseCriteriaChoice, requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { contactUrlFor } from './hubspot-links';
import { renderSimulation, renderSimulateForm, type SimulationPick } from './views/simulate.view';

/**
 * What Simulate compares by default: the newest draft with what is live; when everything saved
 * is live (just after a publish), the live version with the one live before it, which is what a
 * re-score would change.
 */
async function defaultComparison(deps: ConsoleDeps, portalId: TenantId, choices: CriteriaChoices): Promise<SimulationPick> {
  const draft = newestDraft(choices);
  if (draft !== undefined || choices.publishedVersion === undefined) return { draft: draft ?? choices.latestVersion, against: choices.publishedVersion };
  return { draft: choices.publishedVersion, against: await findPreviouslyLiveVersion(portalId, choices.publishedVersion, deps.auditTrail) };
}

/** "Simulate before publishing": the form, and the simulation of a draft over recent contacts (src/app/criteria). */
export function createSimulateRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/simulate', async (req, res) => {
    const session = sessionOf(res);
    const choices = await listCriteriaChoices(deps.criteria.versions, session.portalId);
    // ?draft=N preselects the version to try (the Effectiveness page opens a suggestion's draft here),
    // compared with what is live; otherwise the default comparison.
    const asked = parseCriteriaChoice(req.query.draft);
    const pick = typeof asked === 'number' && choices.versions.some((v) => v.version === asked)
      ? { draft: asked, against: choices.publishedVersion }
      : await defaultComparison(deps, session.portalId, choices);
    sendPage(deps, res, { title: 'Simulate', nav: 'simulate' }, renderSimulateForm(choices, session.csrfToken, pick));
  });

  router.post('/simulate', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const session = sessionOf(res);
    const against = typeof body.against === 'string' && body.against !== '' ? parseCriteriaChoice(body.against) : 'published';
    const simulation = await simulateCriteria(requesterOf(res), { draft: parseCriteriaChoice(body.draft ?? 'draft'), against, sampleSize: Number(body.sample) }, deps.criteria);
    sendPage(deps, res, { title: 'Simulation', nav: 'simulate' }, renderSimulation({ ...simulation, csrfToken: session.csrfToken, contactUrl: contactUrlFor(deps.settings, session.portalId) }));
  });

  return router;
}
