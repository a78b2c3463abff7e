import type { TimelineBucket } from '../criteria/vocabulary';
import { memoizeShortText } from './short-text-memo';
import { normalizeText, type NormalizedText } from './text-normalize';

type Pattern = readonly [RegExp, TimelineBucket];

/**
 * Phrases checked in order on normalized text (first match wins). "Not sure" comes first so that
 * "not sure, maybe next week" stays unknown rather than guessed.
 */
const PHRASES: readonly Pattern[] = [
  [/\b(?:not sure|unsure|don t know|dont know|undecided|unknown|just researching|just looking|no idea|tbd)\b/, 'unknown'],
  [/\bnot (?:right )?now\b/, 'later'],
  [/\b(?:asap|as soon as possible|immediately|right away|urgent|urgently|today|tomorrow|this week|now)\b/, 'asap'],
  [/\b(?:next week|within (?:2|two) weeks|couple (?:of )?weeks|next 2 weeks|next two weeks|in (?:2|two) weeks)\b/, 'within_2_weeks'],
  [/\b(?:more than|over|at least|beyond) (?:6|six) months\b|\b(?:6|six) months? or (?:more|later|longer)\b/, 'later'],
  [/\b(?:next year|later|someday|some day|eventually|no rush|in the future|not soon)\b/, 'later'],
  [/\b(?:this month|next month|within a month|a month|few weeks|within 3 months|next 3 months|within three months)\b/, 'within_3_months'],
  [/\b(?:few months|couple (?:of )?months|next quarter|this quarter|later this year)\b/, '3_to_6_months'],
];

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const DAYS_PER_UNIT: Record<string, number> = { day: 1, week: 7, month: 30.5, year: 365 };
const SPAN = /\b(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?: (?:to|or)? ?(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))? (day|week|month|year)s?\b/;
const PLUS_AFTER_NUMBER = /\d\s*\+/;

/**
 * Reads a timeline answer — a form option ("Within 2 weeks", "3-6 months") or free text ("in a
 * couple of months", "ASAP") — into a bucket. Spans use their upper bound ("1-3 months" →
 * within 3 months). Anything unreadable is `unknown`, which intake then asks about.
 */
export function parseTimeline(raw: string | null): TimelineBucket {
  return raw === null ? 'unknown' : timelineOf(raw);
}

const timelineOf = memoizeShortText((raw: string): TimelineBucket => {
  const text = normalizeText(raw);
  if (text.length === 0) return 'unknown';
  const compact = text.replace(/_/g, ' ');
  for (const [pattern, bucket] of PHRASES) if (pattern.test(compact)) return bucket;
  const span = SPAN.exec(compact);
  if (span === null) return 'unknown';
  const upper = toNumber(span[2] ?? span[1] ?? '');
  const days = upper * (DAYS_PER_UNIT[span[3] ?? ''] ?? 0);
  return bucketForDays(days, PLUS_AFTER_NUMBER.test(raw));
});

function toNumber(word: string): number {
  return NUMBER_WORDS[word] ?? Number(word);
}

function bucketForDays(days: number, orMore: boolean): TimelineBucket {
  if (orMore && days >= 180) return 'later';
  if (days <= 3) return 'asap';
  if (days <= 14) return 'within_2_weeks';
  if (days <= 92) return 'within_3_months';
  if (days <= 184) return '3_to_6_months';
  return 'later';
}

/**
 * "Not now" as patients write it in a message: read only when the timeline field is empty, and
 * only these explicit phrases (a message mentions durations for other reasons: "knee pain for
 * three years").
 */
const NOT_NOW_IN_MESSAGE = /\b(?:next year|in the future|some ?day|no rush|not ready(?: yet)?|down the road|eventually|just (?:want|wanted|need|needed|looking for|wanting|after|gathering) (?:some |more )?info(?:rmation)?|just (?:researching|exploring|browsing|curious))\b/;

/** The timeline a message states explicitly: `later` for a "not now" phrase, else `unknown`. */
export function readTimelineFromMessage(message: NormalizedText | null): TimelineBucket {
  if (message === null) return 'unknown';
  return NOT_NOW_IN_MESSAGE.test(message.normalized) ? 'later' : 'unknown';
}
