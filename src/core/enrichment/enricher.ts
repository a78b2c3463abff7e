import type { SignalName, SignalValues } from '../criteria/signal-catalog';
import type { MissingInfoCode } from '../criteria/vocabulary';
import type { CompiledCriteria } from '../qualification/compile-criteria';
import type { ReasonFacts } from '../qualification/reason-text';
import type { ContactSafety } from '../safety/screen-contact';
import type { InquiryFacts } from './inquiry-text.enrichment';
import type { NormalizedText } from './text-normalize';

/*
 * What enrichment takes in and gives out, and the shape every enrichment source has. Kept apart
 * from enrich-contact.ts so scoring and qualification can name an enrichment without importing
 * the code that builds it.
 */

/** HubSpot contact properties as the CRM API returns them: strings, null or absent. */
export type ContactProperties = Readonly<Record<string, string | null | undefined>>;

export type { ReasonFacts } from '../qualification/reason-text';

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

/**
 * What a source reads. The inquiry's text and the safety screen are read once for all sources
 * (service line, timeline and referral also look in the text); `signal` gives a signal an
 * earlier source decided (reachability reads phone and email).
 */
export interface EnrichmentInput {
  readonly props: ContactProperties;
  readonly criteria: CompiledCriteria;
  /** The mapped free-text properties, joined, read once for every source (null: none filled in). */
  readonly message: NormalizedText | null;
  readonly inquiry: InquiryFacts;
  readonly safety: ContactSafety;
  /** A signal decided by a source listed before this one; throws if none did. Call it on the input (`input.signal(…)`): it is a method. */
  signal<N extends SignalName>(name: N): SignalValues[N];
}

/**
 * Where a source writes what it decides: the signals it declares (each one, once) and the
 * reason facts it knows. One draft per contact, written in place. Measured with
 * scripts/bench-qualify.ts against the single object literal this replaced (paired runs on a
 * loaded 2-core machine): returning a fresh object per source and merging them cost 18–27% of
 * qualification throughput; writing in place costs 5–10%.
 */
export interface EnrichmentDraft<K extends SignalName> {
  readonly signals: { -readonly [N in K]: SignalValues[N] };
  readonly facts: { -readonly [F in keyof ReasonFacts]: ReasonFacts[F] };
}

/**
 * One enrichment source: the catalogued signals it alone decides, and how. Pure: the same input
 * gives the same output, no I/O (DESIGN.md §6).
 */
export interface Enricher<K extends SignalName = SignalName> {
  readonly name: string;
  readonly signals: readonly K[];
  enrich(input: EnrichmentInput, draft: EnrichmentDraft<K>): void;
}

/** Any source, whatever signals it decides: what the list of sources holds. */
export interface SignalSource {
  readonly name: string;
  readonly signals: readonly SignalName[];
  enrich(input: EnrichmentInput, draft: EnrichmentDraft<SignalName>): void;
}

/** Declares a source; the signals it lists are the only ones it may write. */
export function defineEnricher<const K extends SignalName>(enricher: Enricher<K>): Enricher<K> {
  return enricher;
}
