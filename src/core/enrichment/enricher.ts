import type { SignalValues } from '../criteria/signal-catalog';
import type { MissingInfoCode } from '../criteria/vocabulary';
import type { ContactSafety } from '../safety/screen-contact';

/*
 * What enrichment takes in and gives out. Kept apart from enrich-contact.ts so scoring and
 * qualification can name an enrichment without importing the code that builds it.
 */

/** HubSpot contact properties as the CRM API returns them: strings, null or absent. */
export type ContactProperties = Readonly<Record<string, string | null | undefined>>;

/** Practice-side labels a reason text may name (never a contact's own value). */
export interface ReasonFacts {
  readonly distanceMiles: number | null;
  readonly locationName: string | null;
  readonly serviceLine: string | null;
  readonly payer: string | null;
}

/** The enriched view of one contact. */
export interface Enrichment {
  readonly signals: SignalValues;
  readonly facts: ReasonFacts;
  /** Every input that is missing, whether or not the criteria track it. */
  readonly missing: readonly MissingInfoCode[];
  /** What the clinical-safety screen found in every free-text property (categories, never text). */
  readonly safety: ContactSafety;
  /** Date of birth from the mapped property (age is decided against the scoring clock). */
  readonly birthDate: Date | null;
  /** An age the contact states about themselves in the message ("I'm 16"). */
  readonly statedAge: number | null;
}
