import type { Condition } from '../../../core';
import { describeCondition } from './views/condition-words';

type Row = Record<string, unknown>;

/** "Brooklyn Heights" → "brooklyn-heights": the id an admin would have typed (IdSchema: a letter first, ≤40). */
export function slugId(text: string, fallback: string): string {
  const full = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  if (full.length <= 36) return full || fallback;
  const cut = full.slice(0, 37);
  return cut.slice(0, cut.lastIndexOf('-') > 10 ? cut.lastIndexOf('-') : 36).replace(/-+$/, '');
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 36)}-${n}`;
  taken.add(id);
  return id;
}

const rowsOf = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((r): r is Row => typeof r === 'object' && r !== null) : []);

function fillList(rows: Row[], nameOf: (r: Row) => string, fallback: string, taken = new Set<string>()): void {
  for (const r of rows) if (typeof r.id === 'string' && r.id) taken.add(r.id);
  for (const r of rows) if (r.id === '' || r.id === undefined) r.id = uniqueId(slugId(nameOf(r), fallback), taken);
}

const conditionWords = (when: unknown): string => (when && typeof when === 'object' ? describeCondition(when as Condition) : '');

/**
 * Fills what the editor's Basics leave to CareQual: a blank id becomes one made from the row's
 * name, a rule with a condition but no reason gets the condition in words. Ids already set are
 * never changed (results and reports refer to them); only blank ones are filled.
 */
export function fillBlankIds(document: Record<string, unknown>): void {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  fillList(rowsOf(document.locations), (r) => text(r.name), 'location');
  fillList(rowsOf(document.serviceLines), (r) => text(r.label), 'service');
  const payers = document.payers as Row | undefined;
  fillList(rowsOf(payers?.accepted), (r) => text(r.label), 'payer');
  fillList(rowsOf(document.hardStops), (r) => text(r.reason).replace(/_/g, '-'), 'stop');
  const rules = (document.rules ?? {}) as Row;
  const all = ['fit', 'intent', 'readiness'].flatMap((dim) => rowsOf(rules[dim]));
  for (const r of all) if (!text(r.reason).trim() && r.when) r.reason = conditionWords(r.when).slice(0, 80);
  fillList(all, (r) => text(r.reason) || conditionWords(r.when), 'rule');
}
