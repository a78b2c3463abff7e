import type { z } from 'zod';
import { CriteriaSchema, type Criteria } from './criteria.schema';

/** One problem in a criteria document: where (`bands[1].slaMinutes`) and what, in plain words. */
export interface CriteriaIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown by {@link parseCriteria}. `issues` name every problem found, so the console can show
 * them beside the fields; the error message never repeats a submitted value.
 */
export class CriteriaValidationError extends Error {
  readonly code = 'criteria.invalid';
  readonly issues: readonly CriteriaIssue[];

  constructor(issues: readonly CriteriaIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`The criteria are not valid: ${first ? `${first.path || 'document'} ${first.message}` : 'unknown problem'}${more}`);
    this.name = 'CriteriaValidationError';
    this.issues = issues;
  }
}

/** Result of {@link validateCriteria}: the parsed criteria, or every problem found. */
export type CriteriaValidation =
  | { readonly ok: true; readonly criteria: Criteria }
  | { readonly ok: false; readonly issues: readonly CriteriaIssue[] };

/**
 * Validates a criteria document for the console's inline feedback: never throws, reports every
 * problem with its field path and a message an admin understands.
 */
export function validateCriteria(doc: unknown): CriteriaValidation {
  const parsed = CriteriaSchema.safeParse(doc, { error: describeIssue });
  if (parsed.success) return { ok: true, criteria: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

/** Parses a criteria document or throws {@link CriteriaValidationError}. */
export function parseCriteria(doc: unknown): Criteria {
  const result = validateCriteria(doc);
  if (!result.ok) throw new CriteriaValidationError(result.issues);
  return result.criteria;
}

/** Formats a path the way admins read it: `rules.fit[2].when.all[0].signal`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out.length === 0 ? String(key) : `.${String(key)}`;
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false',
  array: 'a list', object: 'a group of settings', nullable: 'a value or null',
};

type RawIssue = z.core.$ZodRawIssue;

/** Turns zod's issue into plain words. Uses only the issue's kind and limits, never the input. */
function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_WORDS[String(issue.expected)] ?? String(issue.expected)}`;
    case 'too_small':
      return describeLimit(issue.origin, 'at least', issue.minimum, issue.inclusive === false);
    case 'too_big':
      return describeLimit(issue.origin, 'at most', issue.maximum, issue.inclusive === false);
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has settings we do not recognise: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return issue.message ?? 'is not in the expected format';
    case 'not_multiple_of':
      return 'must be a whole number';
    default:
      return issue.message ?? 'is not valid';
  }
}

function describeLimit(origin: unknown, word: string, limit: unknown, exclusive: boolean): string {
  const n = Number(limit);
  if (origin === 'string') return n === 1 && word === 'at least' ? 'must not be empty' : `must be ${word} ${n} characters long`;
  if (origin === 'array') return n === 1 && word === 'at least' ? 'must list at least one item' : `must list ${word} ${n} items`;
  if (exclusive) return `must be ${word === 'at least' ? 'greater' : 'less'} than ${n}`;
  return `must be ${word} ${n}`;
}
