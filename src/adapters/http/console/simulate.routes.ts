import { Router } from 'express';
import { AppError } from '../../../app/errors';
import { BANDS, OUTCOMES, qualifyContact, requiredContactProperties } from '../../../core';
import { auditUserAction } from './console-audit';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { chooseCriteria, listCriteriaChoices } from './criteria-choice';
import { renderSimulation, renderSimulateForm, type SimulationSummary } from './views/simulate.view';

export const MAX_SAMPLE = 200;

/** Counts transitions (from → to) and the distribution before and after. */
export function summarise(pairs: ReadonlyArray<{ from: string; to: string }>, categories: readonly string[]): SimulationSummary {
  const transitions = new Map<string, number>();
  const current = new Map(categories.map((c) => [c, 0]));
  const draft = new Map(categories.map((c) => [c, 0]));
  for (const { from, to } of pairs) {
    current.set(from, (current.get(from) ?? 0) + 1);
    draft.set(to, (draft.get(to) ?? 0) + 1);
    if (from !== to) transitions.set(`${from}→${to}`, (transitions.get(`${from}→${to}`) ?? 0) + 1);
  }
  return {
    moved: [...transitions.values()].reduce((a, b) => a + b, 0),
    transitions: [...transitions.entries()].map(([k, count]) => ({ from: k.split('→')[0]!, to: k.split('→')[1]!, count })).sort((a, b) => b.count - a.count),
    distribution: categories.map((c) => ({ label: c, current: current.get(c) ?? 0, draft: draft.get(c) ?? 0 })),
  };
}

/**
 * "Simulate before publishing": score a sample of the portal's recent contacts with the live
 * criteria and with a draft, in memory, and show what would move. Read-only: contacts are read
 * (audited as contact.read), nothing is written to HubSpot or stored here.
 */
export function createSimulateRouter(deps: ConsoleDeps): Router {
  const router = Router();

  router.get('/simulate', async (_req, res) => {
    const session = sessionOf(res);
    const choices = await listCriteriaChoices(deps, session.portalId);
    sendPage(deps, res, { title: 'Simulate', nav: 'simulate' }, renderSimulateForm(choices, session.csrfToken));
  });

  router.post('/simulate', async (req, res) => {
    const session = sessionOf(res);
    const body = req.body as Record<string, unknown>;
    const choices = await listCriteriaChoices(deps, session.portalId);
    const draft = await chooseCriteria(deps, session.portalId, body.draft ?? 'latest', choices);
    const live = choices.publishedVersion ? await chooseCriteria(deps, session.portalId, String(choices.publishedVersion), choices) : undefined;
    if (!draft) throw new AppError('not_found', 'No such version.', { expose: true });
    const sampleSize = Math.min(MAX_SAMPLE, Math.max(1, Number(body.sample) || 100));
    const properties = [...new Set([...requiredContactProperties(draft.criteria), ...(live ? requiredContactProperties(live.criteria) : [])])].sort();
    const contacts = await deps.contacts.sampleRecent(session.portalId, properties, sampleSize);
    if (contacts.length > 0) {
      await deps.audit.append(contacts.map((c) => ({
        portalId: session.portalId, action: 'contact.read' as const, actor: { kind: 'user' as const, hubspotUserId: String(session.userId) },
        objectType: 'contact' as const, objectId: c.id, propertyNames: properties, outcome: 'success' as const,
        ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}),
      })));
    }
    const now = deps.clock.now();
    const results = contacts.map((c) => ({
      before: live ? qualifyContact(c.properties, live.criteria, now) : undefined,
      after: qualifyContact(c.properties, draft.criteria, now),
    }));
    await auditUserAction(deps, res, 'criteria.simulated', { objectType: 'criteria', objectId: `v${draft.version}`, criteriaVersion: `v${draft.version}` });
    const bands = summarise(results.map((r) => ({ from: r.before?.band ?? 'unscored', to: r.after.band })), [...BANDS, ...(live ? [] : ['unscored'])]);
    const outcomes = summarise(results.map((r) => ({ from: r.before?.outcome ?? 'unscored', to: r.after.outcome })), [...OUTCOMES, ...(live ? [] : ['unscored'])]);
    sendPage(deps, res, { title: 'Simulation', nav: 'simulate' }, renderSimulation({
      draft, live, sampled: contacts.length, requested: sampleSize, bands, outcomes, choices, csrfToken: session.csrfToken,
    }));
  });

  return router;
}
