import { Router, type Response } from 'express';
import { AppError, isAppError } from '../../../app/errors';
import { addPracticePhrase, readPracticePhrases, removePracticePhrase, viewPracticePhrases, type PracticePhraseChange, type PracticePhrasesView } from '../../../app/practice-safety-phrases';
import { compileCustomSafetyScreen, getBuiltInSafetyScreen, screenContactSafety, tryGetInstalledSafetyLexicon, type SafetyCategory, type SafetyLexicon } from '../../../core';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';
import { mayUse } from '../../../app/console-access/console-permissions';
import { sendPage } from './console-page';
import { renderSafetyPage, type SafetyPageView } from './views/safety.view';

/** Texts longer than this are cut before the test screen (the form's own limit; the real screen reads everything). */
const MAX_TEST_CHARS = 20_000;

const field = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

function installedLexicon(): SafetyLexicon {
  const lexicon = tryGetInstalledSafetyLexicon();
  if (lexicon === null) throw new AppError('internal_error', 'safety lexicon not installed');
  return lexicon;
}

/** The signed-in user as the phrase use cases name them in the audit log. */
function requesterOf(userId: number, res: Response) {
  return { actor: { kind: 'user' as const, hubspotUserId: String(userId) }, ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}) };
}

/**
 * The console's clinical-safety page: test a text against the built-in list and the practice's
 * phrases, see the built-in list, and (editors) add or remove the practice's phrases per category
 * and language — each change a new draft criteria version, live once published. A tested text is
 * screened in-process and never stored, sent or logged (it may be a patient's words).
 */
export function createSafetyRouter(deps: ConsoleDeps): Router {
  const router = Router();

  const render = async (res: Response, extra: Pick<SafetyPageView, 'test' | 'problem'> = {}, status = 200, read?: PracticePhrasesView) => {
    const session = sessionOf(res);
    const [view, published] = await Promise.all([read ?? readPracticePhrases(deps.criteria, session.portalId), deps.criteria.versions.tryGetPublished(session.portalId)]);
    const page: SafetyPageView = {
      lexicon: installedLexicon(), version: view.version, published: published?.version ?? null, grouped: view.grouped, flat: view.flat,
      canEdit: mayUse(session.role, 'safety.edit_phrases'), csrfToken: session.csrfToken, ...extra,
    };
    sendPage(deps, res, { title: 'Clinical safety', nav: 'safety' }, renderSafetyPage(page), status);
  };

  router.get('/safety', async (_req, res) => {
    const { portalId, userId } = sessionOf(res);
    const view = await viewPracticePhrases(deps.criteria, portalId, requesterOf(userId, res));
    await render(res, {}, 200, view);
  });

  router.post('/safety/test', async (req, res) => {
    const { portalId } = sessionOf(res);
    const text = field(req.body as Record<string, unknown>, 'text').slice(0, MAX_TEST_CHARS);
    const { criteria } = await readPracticePhrases(deps.criteria, portalId);
    const builtIn = getBuiltInSafetyScreen();
    const custom = compileCustomSafetyScreen(criteria.safety.phrases, builtIn.screen, criteria.practiceSafetyPhrases);
    const result = screenContactSafety({ text }, ['text'], builtIn.screen, custom, builtIn.version);
    await render(res, { test: { text, result } });
  });

  router.post('/safety/phrases', async (req, res) => {
    const { portalId, userId } = sessionOf(res);
    const body = req.body as Record<string, unknown>;
    const change: PracticePhraseChange = { category: field(body, 'category') as SafetyCategory, language: field(body, 'language'), phrase: field(body, 'phrase') };
    const by = requesterOf(userId, res);
    try {
      const saved = field(body, 'op') === 'remove' ? await removePracticePhrase(deps.criteria, portalId, change, by) : await addPracticePhrase(deps.criteria, portalId, change, by);
      res.redirect(303, `/console/safety?notice=${saved === null ? 'unchanged' : 'saved'}`);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'criteria.invalid') throw error;
      await render(res, { problem: { message: error.message, category: change.category, language: change.language, phrase: change.phrase.slice(0, 80) } }, 422);
    }
  });

  return router;
}
