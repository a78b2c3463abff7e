import { readYesNo } from './answers.enrichment';
import { readText } from './text-normalize';
import type { ContactProperties } from './enricher';

/*
 * Reading a contact's properties through the criteria's property map: practices name their form
 * fields differently, so every input is a list of property names (the first non-blank one wins).
 */

/** The first non-blank value among `names`. */
export function readFirst(props: ContactProperties, names: readonly string[]): string | null {
  for (const name of names) {
    const v = readText(props[name]);
    if (v !== null) return v;
  }
  return null;
}

/** Every non-blank value among `names`, in order. */
export function readAll(props: ContactProperties, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const v = readText(props[name]);
    if (v !== null) out.push(v);
  }
  return out;
}

/** The non-blank values among `names` joined by newlines (free text spread over several fields). */
export function readJoined(props: ContactProperties, names: readonly string[]): string | null {
  let out: string | null = null;
  for (const name of names) {
    const v = readText(props[name]);
    if (v !== null) out = out === null ? v : `${out}\n${v}`;
  }
  return out;
}

/** True when any of the properties reads as a checked box / "yes". */
export function readAnyYes(props: ContactProperties, names: readonly string[]): boolean {
  for (const name of names) if (readYesNo(readText(props[name])) === true) return true;
  return false;
}
