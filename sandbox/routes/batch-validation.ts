import { HubSpotHttpError, validationError } from '../hubspot-errors';

/**
 * How HubSpot refuses batch writes, in one place.
 *
 * - A batch update, and a batch create without per-input `objectWriteTraceId`s, in which ANY
 *   input is invalid (unknown or read-only property, invalid value, a portal validation rule,
 *   an id that does not exist) is refused whole: 400 VALIDATION_ERROR, nothing of the batch
 *   applied (DESIGN.md §3, "A batch create/update in which any record fails validation is
 *   refused whole (400)"). The body keeps HubSpot's `Error` shape (`status`, `message`,
 *   `correlationId`, `category`, `errors[]` with `message`/`code`/`in`/`context`:
 *   ../shared/hubspot-openapi/2026-03/crm-contacts.json, schema `Error`), each entry of
 *   `errors` naming its record in `context.id` (update) or `context.inputIndex` (create).
 * - Multi-status (207, partial success) exists only for batch CREATE, and only when every
 *   input carries a unique `objectWriteTraceId`: HubSpot's "Error handling" page
 *   (https://developers.hubspot.com/docs/api-reference/error-handling, "207 Multi-Status …
 *   when you've enabled multi-status error handling for the object API batch create endpoints";
 *   "Multi-status errors": "include a unique objectWriteTraceId value for each input").
 */

/** One detail of a refused input, as in the `errors` array of HubSpot's `Error` body. */
export interface ErrorDetail { message: string; code?: string; in?: string; context?: Record<string, string[]> }

/** An input HubSpot would refuse, with where it sits in the batch. */
export interface InputProblem {
  index: number;
  /** batch update: the id the input named */
  recordId?: string;
  /** batch create: the input's objectWriteTraceId, when given */
  traceId?: string;
  /** HubSpot's message for this input (the 400 leads with the first one's) */
  message: string;
  details: ErrorDetail[];
}

type Refusal = Pick<InputProblem, 'message' | 'details'>;

/** The refusal of an input whose preparation threw (invalid values, bad associations). */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof HubSpotHttpError)) throw error;
  const listed = error.body.errors?.map((e) => ({ message: e.message, ...(e.code ? { code: e.code } : {}), ...(e.in ? { in: e.in } : {}), ...(e.context ? { context: e.context } : {}) }));
  return { message: error.body.message, details: listed && listed.length > 0 ? listed : [{ message: error.body.message, code: error.body.category }] };
}

/** The refusal of an input whose id names no live record (deleted, or never existed). */
export function notFoundRefusal(id: string): Refusal {
  const message = `Object not found. objectId are usually numeric. Could not find ${id}.`;
  return { message, details: [{ message, code: 'OBJECT_NOT_FOUND' }] };
}

/** The refusal by a portal validation rule. */
export function ruleRefusal(verdict: { message: string; propertyName?: string }): Refusal {
  return { message: verdict.message, details: [{ message: verdict.message, code: 'VALIDATION_RULE', ...(verdict.propertyName ? { in: verdict.propertyName, context: { propertyName: [verdict.propertyName] } } : {}) }] };
}

/**
 * The 400 that refuses a whole batch: every problem listed, each naming its record (update:
 * `context.id`, create: `context.inputIndex`), and the records named again in the top-level
 * `context` (`ids` or `inputIndex`).
 */
export function wholeBatchRejection(kind: 'update' | 'create', problems: readonly InputProblem[], total: number): HubSpotHttpError {
  const name = (p: InputProblem): Record<string, string[]> => (kind === 'update' ? { id: [p.recordId ?? ''] } : { inputIndex: [String(p.index)] });
  const errors = problems.flatMap((p) => p.details.map((d) => ({ ...d, context: { ...(d.context ?? {}), ...name(p) } })));
  const context: Record<string, string[]> = kind === 'update' ? { ids: problems.map((p) => p.recordId ?? '') } : { inputIndex: problems.map((p) => String(p.index)) };
  const first = problems[0]?.message ?? 'invalid input';
  return validationError(problems.length === 1 ? first : `${first} (and ${problems.length - 1} more of ${total} inputs)`, { context, errors });
}

/**
 * True when a batch create asked for multi-status answers: every input carries an
 * `objectWriteTraceId`, and no two the same.
 */
export function multiStatusRequested(traceIds: readonly (string | undefined)[]): boolean {
  if (traceIds.length === 0 || traceIds.some((t) => !t)) return false;
  return new Set(traceIds).size === traceIds.length;
}

/** An input's `objectWriteTraceId`, when it is a non-empty string. */
export function traceIdOf(input: unknown): string | undefined {
  const trace = (input as { objectWriteTraceId?: unknown } | null)?.objectWriteTraceId;
  return typeof trace === 'string' && trace.length > 0 ? trace : undefined;
}
