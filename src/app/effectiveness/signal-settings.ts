import type { TenantId } from '../ports/ids';
import { DEFAULT_OUTCOME_SIGNALS, outcomeSignalProperties, OutcomeSignalConfigSchema, RESULT_PROPERTIES, type OutcomeSignalConfig } from '../../core';
import type { CriteriaRequester } from '../criteria/criteria-deps';
import type { AuditLog } from '../ports/audit-log.port';
import type { ContactPropertyOption } from '../ports/crm-gateway.port';
import type { EffectivenessStore } from './effectiveness.ports';

/** HubSpot internal names: lowercase letters, digits and underscores (what the CRM API accepts as a property name). */
const NAME = /^[a-z0-9_]{1,100}$/;
const NAME_MESSAGE = 'must be a HubSpot internal name: lowercase letters, digits and underscores';

/**
 * The outcome-signal settings as a person submits them: the stored schema, with every property
 * name and lifecycle stage checked to be an internal name (the form takes free text).
 */
export const SignalSettingsInputSchema = OutcomeSignalConfigSchema.superRefine((c, ctx) => {
  const check = (value: string, path: (string | number)[]) => {
    if (!NAME.test(value)) ctx.addIssue({ code: 'custom', path, message: NAME_MESSAGE });
  };
  c.bookedLifecycleStages.forEach((stage, i) => check(stage, ['bookedLifecycleStages', i]));
  if (c.bookedDateProperty) check(c.bookedDateProperty, ['bookedDateProperty']);
  if (c.bookedProperty) check(c.bookedProperty.name, ['bookedProperty', 'name']);
  if (c.firstOutreachProperty) check(c.firstOutreachProperty, ['firstOutreachProperty']);
});

/** A problem with one submitted setting, by its path (e.g. `bookedProperty.name`). */
export interface SignalSettingIssue { path: string; message: string }

export type SaveSignalsOutcome = { kind: 'saved'; config: OutcomeSignalConfig } | { kind: 'invalid'; issues: SignalSettingIssue[] };

export interface SignalSettingsDeps {
  store: Pick<EffectivenessStore, 'tryGetSignals' | 'saveSignals'>;
  audit: AuditLog;
  /** The portal's contact properties, or none when HubSpot's list is unavailable (then names are not checked against it). */
  listContactProperties(portalId: TenantId): Promise<readonly ContactPropertyOption[]>;
}

/** The portal's signal settings, and whether they are still the defaults. */
export async function readSignalSettings(portalId: TenantId, deps: Pick<SignalSettingsDeps, 'store'>): Promise<{ config: OutcomeSignalConfig; isDefault: boolean }> {
  const stored = await deps.store.tryGetSignals(portalId);
  return { config: stored ?? DEFAULT_OUTCOME_SIGNALS, isDefault: stored === undefined };
}

/**
 * Replaces which HubSpot facts count as "booked" and "first outreach" for a portal (issue 20; the
 * console form, like `carequal effectiveness signals --set`). Validated first (schema, internal
 * names, and names the portal has when HubSpot's list loads); nothing is stored when anything is
 * wrong. Audited as effectiveness.signals_changed with the property names the job will read.
 */
export async function saveSignalSettings(req: CriteriaRequester, input: unknown, deps: SignalSettingsDeps): Promise<SaveSignalsOutcome> {
  const parsed = SignalSettingsInputSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const config = parsed.data;
  const unknown = unknownProperties(config, await deps.listContactProperties(req.portalId));
  if (unknown.length > 0) return { kind: 'invalid', issues: unknown };
  await deps.store.saveSignals(req.portalId, config);
  await deps.audit.append([{
    portalId: req.portalId, action: 'effectiveness.signals_changed', actor: req.actor, objectType: 'installation', objectId: String(req.portalId),
    propertyNames: outcomeSignalProperties(config).filter((name) => !(RESULT_PROPERTIES as readonly string[]).includes(name)),
    outcome: 'success', ...(req.requestId ? { requestId: req.requestId } : {}),
  }]);
  return { kind: 'saved', config };
}

function unknownProperties(config: OutcomeSignalConfig, properties: readonly ContactPropertyOption[]): SignalSettingIssue[] {
  if (properties.length === 0) return [];
  const known = new Set(properties.map((p) => p.name));
  const named: Array<[string, string | null | undefined]> = [
    ['bookedDateProperty', config.bookedDateProperty], ['bookedProperty.name', config.bookedProperty?.name], ['firstOutreachProperty', config.firstOutreachProperty],
  ];
  return named.flatMap(([path, name]) => (name && !known.has(name) ? [{ path, message: 'is not a contact property in your HubSpot account' }] : []));
}
