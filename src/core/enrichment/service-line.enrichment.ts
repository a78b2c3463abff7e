import type { Criteria } from '../criteria/criteria.schema';
import type { SignalValues } from '../criteria/signal-catalog';
import { bestServiceLine } from './inquiry-text.enrichment';
import type { PhraseMatcher } from './phrase-matcher';
import { normalizeText, tokenize } from './text-normalize';

/** Service lines prepared for matching a form answer. */
export interface ServiceLineIndex {
  readonly byValue: ReadonlyMap<string, number>;
  readonly lines: Criteria['serviceLines'];
}

/** What enrichment learns about the care the contact wants. */
export interface ServiceLineFacts {
  readonly status: SignalValues['serviceLine.status'];
  readonly id: string | null;
  readonly label: string | null;
  readonly valueTier: SignalValues['serviceLine.valueTier'];
}

/** Answers that mean "I did not say", so the message is consulted instead. */
const NON_ANSWERS = new Set(['other', 'not sure', 'unsure', 'unknown', 'n a', 'na', 'none', 'general', 'general question', 'something else']);
const UNKNOWN: ServiceLineFacts = { status: 'unknown', id: null, label: null, valueTier: 'unknown' };

/** Maps form option values, labels and ids (normalized) to service line positions. */
export function compileServiceLineIndex(criteria: Criteria): ServiceLineIndex {
  const byValue = new Map<string, number>();
  criteria.serviceLines.forEach((line, i) => {
    for (const name of [line.id, line.label, ...(line.formValues ?? [])]) {
      const key = normalizeText(name);
      if (key.length > 0 && !byValue.has(key)) byValue.set(key, i);
    }
  });
  return { byValue, lines: criteria.serviceLines };
}

/**
 * The service line, from the mapped form field when it was answered (option value, label or a
 * keyword in it), otherwise from keywords in the inquiry text. Only an answered field that names
 * nothing the practice offers is `not_offered`; silence is `unknown`.
 */
export function enrichServiceLine(fieldText: string | null, messageIndex: number, index: ServiceLineIndex, matcher: PhraseMatcher): ServiceLineFacts {
  if (fieldText !== null) {
    const key = normalizeText(fieldText);
    const direct = index.byValue.get(key);
    if (direct !== undefined) return offered(index, direct);
    const fromKeywords = bestServiceLine(matcher.count(tokenize(fieldText)));
    if (fromKeywords >= 0) return offered(index, fromKeywords);
    if (key.length > 0 && !NON_ANSWERS.has(key)) return { ...UNKNOWN, status: 'not_offered' };
  }
  return messageIndex >= 0 ? offered(index, messageIndex) : UNKNOWN;
}

function offered(index: ServiceLineIndex, i: number): ServiceLineFacts {
  const line = index.lines[i];
  if (line === undefined) return UNKNOWN;
  return { status: 'offered', id: line.id, label: line.label, valueTier: line.valueTier };
}
