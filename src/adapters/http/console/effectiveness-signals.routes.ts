import { Router, type Response } from 'express';
import { listContactProperties } from '../../../app/criteria/read-criteria';
import { readSignalSettings, saveSignalSettings, type SignalSettingIssue, type SignalSettingsDeps } from '../../../app/effectiveness/signal-settings';
import { AppError } from '../../../app/errors';
import type { ConsoleDeps } from './console.ports';
import { requesterOf } from './console-request';
import { sessionOf } from './console-session';
import { sendPage } from './console-page';
import { renderSignalSettings, type SignalSettingsValues } from './views/effectiveness-signals.view';

function settingsDeps(deps: ConsoleDeps): SignalSettingsDeps {
  if (!deps.effectiveness) throw new AppError('not_found', 'No such page.', { expose: true });
  return { store: deps.effectiveness.signals, audit: deps.audit, listContactProperties: (portalId) => listContactProperties(portalId, deps.criteria) };
}

/** The form's fields as the settings: lists split on commas, blank text as "not used". */
export function signalSettingsFromForm(body: Record<string, unknown>): SignalSettingsValues {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
  const list = (key: string) => text(key).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const ownName = text('ot:bookedProperty.name');
  const ownValues = list('ol:bookedProperty.values');
  return {
    dispositionBooked: body['b:dispositionBooked'] === 'on',
    bookedLifecycleStages: list('l:bookedLifecycleStages'),
    bookedDateProperty: text('ot:bookedDateProperty') || null,
    bookedProperty: ownName || ownValues.length > 0 ? { name: ownName, values: ownValues } : null,
    firstOutreachProperty: text('ot:firstOutreachProperty') || null,
    countTaskCompletion: body['b:countTaskCompletion'] === 'on',
  };
}

/** Issues by field: a list item's issue goes to its list. */
function errorsByField(issues: readonly SignalSettingIssue[]): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  for (const issue of issues) {
    const path = issue.path.replace(/(\.\d+)+$/, '') || 'settings';
    errors.set(path, [...(errors.get(path) ?? []), issue.message]);
  }
  return errors;
}

const SAVED = { kind: 'success', text: 'Outcome signals saved. The next effectiveness run uses them.' } as const;

/** The outcome-signal settings page (admins; see the access table). */
export function createSignalSettingsRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const show = (res: Response, page: Omit<Parameters<typeof renderSignalSettings>[0], 'csrfToken'>, opts: { saved?: boolean; status?: number } = {}) =>
    sendPage(deps, res, { title: 'Outcome signals', nav: 'effectiveness', ...(opts.saved ? { notice: SAVED } : {}) }, renderSignalSettings({ ...page, csrfToken: sessionOf(res).csrfToken }), opts.status);

  router.get('/effectiveness/signals', async (req, res) => {
    const { config, isDefault } = await readSignalSettings(sessionOf(res).portalId, settingsDeps(deps));
    show(res, { values: config, isDefault, errors: new Map() }, { saved: req.query.notice === 'saved' });
  });

  router.post('/effectiveness/signals', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = signalSettingsFromForm(body);
    // The form always sends its checkboxes' presence markers: without them an unticked box cannot
    // be told from a request that is not this form, and saving it would switch signals off.
    const outcome = body['bp:dispositionBooked'] === '1' && body['bp:countTaskCompletion'] === '1'
      ? await saveSignalSettings(requesterOf(res), values, settingsDeps(deps))
      : { kind: 'invalid' as const, issues: [{ path: 'settings', message: 'the form arrived incomplete; reload the page and try again' }] };
    if (outcome.kind === 'saved') return void res.redirect(303, '/console/effectiveness/signals?notice=saved');
    const { isDefault } = await readSignalSettings(sessionOf(res).portalId, settingsDeps(deps));
    show(res, { values, isDefault, errors: errorsByField(outcome.issues) }, { status: 422 });
  });

  return router;
}
