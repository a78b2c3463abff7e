import type { Condition, LeafCondition } from '../../../../core';
import { OPERATOR_WORDS, signalLabel, valueWord } from './signal-words';

/** The picker's words, lower-cased to sit inside a sentence ("Asks to book" → "asks to book"). */
const signalWords = (signal: string): string => {
  const label = signalLabel(signal);
  return label === signal ? signal : label.charAt(0).toLowerCase() + label.slice(1);
};

const words = (v: unknown): string => (Array.isArray(v) ? v.map(words).join(' or ') : valueWord(String(v)));

function leaf(c: LeafCondition): string {
  const s = signalWords(c.signal);
  switch (c.op) {
    case 'is': return typeof c.value === 'boolean' ? (c.value ? s : `not ${s}`) : `${s} is ${words(c.value)}`;
    case 'isNot': case 'in': case 'notIn': case 'gt': case 'gte': case 'lt': case 'lte':
      return `${s} ${OPERATOR_WORDS[c.op]} ${words(c.value)}`;
    case 'between': return Array.isArray(c.value) ? `${s} between ${c.value[0]} and ${c.value[1]}` : s;
    case 'known': case 'unknown': return `${s} ${OPERATOR_WORDS[c.op]}`;
    default: return s;
  }
}

/**
 * A condition in plain words, with the condition builder's vocabulary (signal-words.ts), for the
 * rule summaries and the reason a new rule gets: "asks to book or pages viewed at least 3".
 */
export function describeCondition(c: Condition | undefined, depth = 0): string {
  if (!c || typeof c !== 'object') return '(no condition)';
  if ('all' in c && Array.isArray(c.all)) return wrap(c.all.map((x) => describeCondition(x, depth + 1)).join(' and '), depth);
  if ('any' in c && Array.isArray(c.any)) return wrap(c.any.map((x) => describeCondition(x, depth + 1)).join(' or '), depth);
  if ('not' in c) return `not (${describeCondition(c.not, depth + 1)})`;
  if ('signal' in c) return leaf(c);
  return '(condition)';
}

const wrap = (s: string, depth: number) => (depth > 0 ? `(${s})` : s);
