import path from 'node:path';
import { z } from 'zod';
import { installCriteriaTemplates, installPayerNames, PayerNamesSchema, validateCriteria, type Criteria, type CriteriaTemplates } from '../../core';
import { installBuiltInSafetyLexicon, type SafetyScreenCompile } from '../safety/safety-lexicon.loader';
import { readJsonFile } from './read-json-file';

/**
 * Where config/ is: the repository's top level from source (src/adapters/reference) and from the
 * build (dist/src/adapters/reference, with config/ copied to dist/config by copy-assets).
 */
export const CONFIG_DIR = path.resolve(__dirname, '../../../config');

/** Thrown when a reference-data file is missing or invalid: the process must not start with it. */
export class ReferenceDataError extends Error {
  override readonly name = 'ReferenceDataError';
}

function readJson(file: string): unknown {
  return readJsonFile(file, (message) => new ReferenceDataError(message));
}

function loadTemplate(dir: string, name: string): Criteria {
  const raw = readJson(path.join(dir, 'templates', `${name}.json`));
  const result = validateCriteria(raw);
  if (!result.ok) throw new ReferenceDataError(`templates/${name}.json is invalid: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  // The file as written (not the parsed copy with defaults filled in): a new install's criteria, and its hash, are what the file says.
  return raw as Criteria;
}

/** Reads and validates config/templates/. */
export function loadCriteriaTemplates(dir = CONFIG_DIR): CriteriaTemplates {
  return { defaultCriteria: loadTemplate(dir, 'default-criteria'), simplePointModel: loadTemplate(dir, 'simple-point-model') };
}

/** Reads and validates config/payers/payer-names.json. */
export function loadPayerNames(dir = CONFIG_DIR) {
  const parsed = PayerNamesSchema.safeParse(readJson(path.join(dir, 'payers', 'payer-names.json')));
  if (!parsed.success) throw new ReferenceDataError(`payers/payer-names.json is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface ReferenceDataOptions {
  /**
   * When the safety screen is compiled (default `now`). `check`: compiled at start only to prove it
   * compiles — the web role, which screens nothing on the webhook path (the compiled screen is
   * ~29 MB of Maps that every major GC of that process would mark). `first-use`: test files that
   * never screen a text.
   */
  safetyScreen?: SafetyScreenCompile;
}

/**
 * Loads everything under config/ once at start and installs it in the core: the safety lexicon
 * (compiled as `opts.safetyScreen` says), the criteria templates and the payer names. Any invalid
 * file stops the start.
 */
export function installReferenceData(dir = CONFIG_DIR, opts: ReferenceDataOptions = {}): { safetyVersion: string; payerNamesVersion: string } {
  const lexicon = installBuiltInSafetyLexicon(path.join(dir, 'safety'), opts.safetyScreen ?? 'now');
  installCriteriaTemplates(loadCriteriaTemplates(dir));
  const payers = loadPayerNames(dir);
  installPayerNames(payers);
  return { safetyVersion: lexicon.version, payerNamesVersion: payers.version };
}
