import type { Condition, LeafCondition } from '../criteria/condition.schema';
import type { SignalValues } from '../criteria/signal-catalog';

/** A compiled condition: a plain function of the enriched signals. */
export type Predicate = (signals: SignalValues) => boolean;

/**
 * Compiles a validated condition into a closure tree once per criteria version, so evaluating a
 * rule per contact is a few function calls and no interpretation of the document. Unknown values
 * (null) never satisfy a comparison: "page views ≥ 3" is false when page views are unknown, and
 * `isNot`/`notIn` are false too, so a missing input never earns or costs points by accident.
 */
export function compileCondition(condition: Condition): Predicate {
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    return (s) => {
      for (const p of parts) if (!p(s)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    return (s) => {
      for (const p of parts) if (p(s)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return (s) => !inner(s);
  }
  return compileLeaf(condition);
}

/*
 * Each leaf reads its signal itself (`s[key]`), not through a shared reader closure: one call per
 * leaf instead of two, which is what a rule costs per contact.
 */
function compileLeaf(leaf: LeafCondition): Predicate {
  const key = leaf.signal;
  const { op, value } = leaf;
  switch (op) {
    case 'is':
      return (s) => s[key] === value;
    case 'isNot':
      return (s) => {
        const v = s[key];
        return v !== null && v !== value;
      };
    case 'in': {
      const set = new Set<unknown>(value as readonly string[]);
      return (s) => set.has(s[key]);
    }
    case 'notIn': {
      const set = new Set<unknown>(value as readonly string[]);
      return (s) => {
        const v = s[key];
        return v !== null && !set.has(v);
      };
    }
    case 'known':
      return (s) => s[key] !== null;
    case 'unknown':
      return (s) => s[key] === null;
    default:
      return compileComparison(key, op, value);
  }
}

/** A number comparison; a signal that is not a number (unknown: null) compares as NaN, so never true. */
function compileComparison(key: LeafCondition['signal'], op: LeafCondition['op'], value: LeafCondition['value']): Predicate {
  if (op === 'between') {
    const [min, max] = value as readonly [number, number];
    return (s) => {
      const v = s[key];
      return typeof v === 'number' && v >= min && v <= max;
    };
  }
  const limit = value as number;
  if (op === 'gt') return (s) => numberOf(s[key]) > limit;
  if (op === 'gte') return (s) => numberOf(s[key]) >= limit;
  if (op === 'lt') return (s) => numberOf(s[key]) < limit;
  return (s) => numberOf(s[key]) <= limit;
}

function numberOf(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
