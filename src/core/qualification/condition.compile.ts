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

type Reader = (s: SignalValues) => unknown;

function compileLeaf(leaf: LeafCondition): Predicate {
  const key = leaf.signal;
  const read: Reader = (s) => s[key];
  const { op, value } = leaf;
  switch (op) {
    case 'is':
      return (s) => read(s) === value;
    case 'isNot':
      return (s) => {
        const v = read(s);
        return v !== null && v !== value;
      };
    case 'in': {
      const set = new Set<unknown>(value as readonly string[]);
      return (s) => set.has(read(s));
    }
    case 'notIn': {
      const set = new Set<unknown>(value as readonly string[]);
      return (s) => {
        const v = read(s);
        return v !== null && !set.has(v);
      };
    }
    case 'known':
      return (s) => read(s) !== null;
    case 'unknown':
      return (s) => read(s) === null;
    default:
      return compileComparison(read, op, value);
  }
}

function compileComparison(read: Reader, op: LeafCondition['op'], value: LeafCondition['value']): Predicate {
  const num = (s: SignalValues): number => {
    const v = read(s);
    return typeof v === 'number' ? v : NaN;
  };
  if (op === 'between') {
    const [min, max] = value as readonly [number, number];
    return (s) => {
      const v = num(s);
      return v >= min && v <= max;
    };
  }
  const limit = value as number;
  if (op === 'gt') return (s) => num(s) > limit;
  if (op === 'gte') return (s) => num(s) >= limit;
  if (op === 'lt') return (s) => num(s) < limit;
  return (s) => num(s) <= limit;
}
