import type { TenantId } from './ports/ids';
import { requesterEntry, type CriteriaDeps } from './criteria/criteria-deps';
import { storeCriteriaVersion } from './criteria/save-criteria';
import { buildDefaultCriteria, PracticeSafetyPhrasesSchema, validateCriteria, type Criteria, type PracticeSafetyPhrases, type SafetyCategory } from '../core';
import { AppError } from './errors';
import type { AuditActor } from './ports/audit-log.port';

/** The criteria versions the practice's phrases live in, and the audit log their saves are recorded in. */
export type PracticePhraseStore = Pick<CriteriaDeps, 'versions' | 'audit'>;

/** The phrases of the newest criteria version (the draft an admin is working on), and which version that is. */
export interface PracticePhrasesView {
  /** The newest version; null when the portal has none yet (the template's phrases are shown). */
  readonly version: number | null;
  readonly criteria: Criteria;
  readonly grouped: PracticeSafetyPhrases;
  /** The older flat list, filed under "emergency stated". */
  readonly flat: readonly string[];
}

/** One phrase an admin adds or removes. */
export interface PracticePhraseChange {
  readonly category: SafetyCategory;
  readonly language: string;
  readonly phrase: string;
}

/** Reads the practice's phrases from the newest criteria version. */
export async function readPracticePhrases(store: PracticePhraseStore, portalId: TenantId): Promise<PracticePhrasesView> {
  const newest = (await store.versions.listVersions(portalId))[0]?.version ?? null;
  const doc = newest === null ? undefined : await store.versions.tryGetVersion(portalId, newest);
  const criteria = doc?.criteria ?? buildDefaultCriteria();
  return { version: doc ? newest : null, criteria, grouped: criteria.practiceSafetyPhrases ?? [], flat: criteria.safety.phrases };
}

/** The safety page's read of the practice's phrases, audited as criteria.viewed (of the newest version, when there is one). */
export async function viewPracticePhrases(store: PracticePhraseStore, portalId: TenantId, by: { actor: AuditActor; requestId?: string }): Promise<PracticePhrasesView> {
  const view = await readPracticePhrases(store, portalId);
  await store.audit.append([requesterEntry({ portalId, ...by }, 'criteria.viewed', { objectType: 'criteria', ...(view.version ? { objectId: `v${view.version}` } : {}) })]);
  return view;
}

function assertChange(change: PracticePhraseChange): PracticePhraseChange {
  const parsed = PracticeSafetyPhrasesSchema.safeParse([{ category: change.category, language: change.language, phrases: [change.phrase] }]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[1] === 'phrases' || issue?.path[1] === undefined ? 'phrase' : String(issue.path[1]);
    throw new AppError('criteria.invalid', `${field} ${issue?.message ?? 'is not valid'}`, { expose: true });
  }
  const group = parsed.data[0]!;
  return { category: group.category, language: group.language, phrase: group.phrases[0]! };
}

/** Saves the changed phrases as a new draft version, after checking the whole document still validates. */
async function saveWith(store: PracticePhraseStore, portalId: TenantId, view: PracticePhrasesView, grouped: PracticeSafetyPhrases, by: { actor: AuditActor; requestId?: string }, note: string): Promise<number> {
  const doc: Criteria & { version?: unknown } = { ...view.criteria, practiceSafetyPhrases: grouped };
  delete doc.version;
  if (grouped.length === 0) delete doc.practiceSafetyPhrases;
  const validation = validateCriteria(doc);
  if (!validation.ok) throw new AppError('criteria.invalid', `the criteria would not be valid: ${validation.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { expose: true });
  return (await storeCriteriaVersion({ portalId, ...by }, validation.criteria, note, store)).version;
}

/**
 * Adds a practice phrase to a category and language, as a new draft criteria version (live once
 * published, like every criteria change). Returns the new version, or null when the phrase was
 * already there (nothing saved). Bad input throws `criteria.invalid` with a message for the admin.
 */
export async function addPracticePhrase(store: PracticePhraseStore, portalId: TenantId, change: PracticePhraseChange, by: { actor: AuditActor; requestId?: string }): Promise<number | null> {
  const c = assertChange(change);
  const view = await readPracticePhrases(store, portalId);
  const grouped = structuredClone(view.grouped) as PracticeSafetyPhrases;
  const group = grouped.find((g) => g.category === c.category && g.language === c.language);
  if (group?.phrases.some((p) => p.toLowerCase() === c.phrase.toLowerCase())) return null;
  if (group) group.phrases.push(c.phrase);
  else grouped.push({ category: c.category, language: c.language, phrases: [c.phrase] });
  return saveWith(store, portalId, view, grouped, by, `safety phrase added (${c.category}, ${c.language})`);
}

/** Removes a practice phrase, as a new draft version; null when it was not there. */
export async function removePracticePhrase(store: PracticePhraseStore, portalId: TenantId, change: PracticePhraseChange, by: { actor: AuditActor; requestId?: string }): Promise<number | null> {
  const c = assertChange(change);
  const view = await readPracticePhrases(store, portalId);
  const grouped = structuredClone(view.grouped) as PracticeSafetyPhrases;
  const group = grouped.find((g) => g.category === c.category && g.language === c.language);
  const at = group?.phrases.findIndex((p) => p.toLowerCase() === c.phrase.toLowerCase()) ?? -1;
  if (!group || at < 0) return null;
  group.phrases.splice(at, 1);
  const kept = grouped.filter((g) => g.phrases.length > 0);
  return saveWith(store, portalId, view, kept, by, `safety phrase removed (${c.category}, ${c.language})`);
}
