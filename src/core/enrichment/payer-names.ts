import { z } from 'zod';

/** A word or phrase as `normalizeText` leaves it: lower-case letters and digits, single spaces. */
const Normalized = z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, { message: 'must be lower-case words separated by single spaces' });
const Word = z.string().regex(/^[a-z0-9]+$/, { message: 'must be one lower-case word' });

/**
 * Payer names that are not a practice's choice (config/payers/payer-names.json): carriers as
 * patients write them, the markers of Medicare Advantage and Medicaid managed-care plans, plan
 * words that do not change which payer is meant, and the answers that mean self-pay or "no answer".
 */
export const PayerNamesSchema = z.strictObject({
  version: z.string().min(1).max(40),
  /** Carrier word → the name CareQual shows. A fixed list: never the contact's own text. */
  carriers: z.record(Word, z.string().min(1).max(60)),
  /** Carriers that sell (almost) only Medicare Advantage plans. */
  medicareAdvantageOnlyCarriers: z.array(Word),
  /** Carriers that sell (almost) only Medicaid managed-care plans. */
  medicaidManagedCareOnlyCarriers: z.array(Word),
  medicareAdvantageMarkers: z.array(Normalized).min(1),
  medicaidManagedCareMarkers: z.array(Normalized).min(1),
  /** Plan-type and filler words: "Aetna Choice POS II" and "aetna" name the same payer. */
  planWords: z.array(Word),
  selfPay: z.array(Normalized).min(1),
  unanswered: z.array(Normalized),
  /** Real payers one or two edits from common accepted ones: never fuzzy-matched to another. */
  distinctPayers: z.array(Word),
}).superRefine((names, ctx) => {
  for (const key of ['medicareAdvantageOnlyCarriers', 'medicaidManagedCareOnlyCarriers'] as const) {
    names[key].forEach((w, i) => {
      if (!(w in names.carriers)) ctx.addIssue({ code: 'custom', path: [key, i], message: `${w} is not one of the carriers` });
    });
  }
});
/** The payer names file. */
export type PayerNames = z.infer<typeof PayerNamesSchema>;

/** The payer names prepared for matching. */
export interface CompiledPayerNames {
  readonly version: string;
  readonly carriers: ReadonlyMap<string, string>;
  readonly medicareAdvantageOnly: ReadonlySet<string>;
  readonly medicaidManagedCareOnly: ReadonlySet<string>;
  /** Matches a marker as whole words inside ` ${answer} `. */
  readonly medicareAdvantageMarkers: RegExp;
  readonly medicaidManagedCareMarkers: RegExp;
  readonly planWords: ReadonlySet<string>;
  readonly selfPay: readonly string[];
  readonly unanswered: ReadonlySet<string>;
  readonly distinctPayers: ReadonlySet<string>;
}

function markerPattern(markers: readonly string[]): RegExp {
  return new RegExp(` (?:${markers.join('|')}) `);
}

let installed: CompiledPayerNames | null = null;

/** Installs the payer names read from config/payers/ at start (the core receives the data). */
export function installPayerNames(names: PayerNames): void {
  installed = {
    version: names.version,
    carriers: new Map(Object.entries(names.carriers)),
    medicareAdvantageOnly: new Set(names.medicareAdvantageOnlyCarriers),
    medicaidManagedCareOnly: new Set(names.medicaidManagedCareOnlyCarriers),
    medicareAdvantageMarkers: markerPattern(names.medicareAdvantageMarkers),
    medicaidManagedCareMarkers: markerPattern(names.medicaidManagedCareMarkers),
    planWords: new Set(names.planWords),
    selfPay: names.selfPay,
    unanswered: new Set(names.unanswered),
    distinctPayers: new Set(names.distinctPayers),
  };
}

/** The installed payer names; throws when none were installed (payers would silently never match). */
export function getPayerNames(): CompiledPayerNames {
  if (installed === null) throw new Error('payer names not installed: call installPayerNames at start (adapters/reference loads config/payers)');
  return installed;
}
