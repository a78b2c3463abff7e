import type { SignalName, SignalValues } from '../criteria/signal-catalog';
import type { MissingInfoCode } from '../criteria/vocabulary';
import type { CompiledCriteria } from '../qualification/compile-criteria';
import { screenContactSafety, type ContactSafety } from '../safety/screen-contact';
import { parseBirthDate, readStatedAge } from './age.enrichment';
import type { ContactProperties, Enrichment, EnrichmentDraft, EnrichmentInput } from './enricher';
import { ENRICHERS } from './enrichers';
import { enrichInquiryText, type InquiryFacts } from './inquiry-text.enrichment';
import { readFirst, readJoined } from './mapped-properties';
import { NormalizedText } from './text-normalize';

/**
 * Turns a contact's own properties into signals, using only bundled data and the criteria: no
 * I/O and nothing leaves the process (DESIGN.md §6). Pure and deterministic, apart from caches
 * that cannot change an answer. Reads the inquiry text and the safety screen once, then lets
 * every source (enrichers.ts) decide its own signals, in order.
 */
export function enrichContact(props: ContactProperties, c: CompiledCriteria): Enrichment {
  const m = c.props;
  const joined = readJoined(props, m.message);
  const message = joined === null ? null : new NormalizedText(joined);
  const safety = screenContactSafety(props, c.safety.properties, c.safety.builtIn, c.safety.custom, c.safety.lexiconVersion);
  const draft: EnrichmentDraft<SignalName> = { signals: {} as SignalValues, facts: { distanceMiles: null, locationName: null, serviceLine: null, payer: null } };
  const input = new ContactInput(props, c, message, enrichInquiryText(message, c.textMatcher), safety, draft.signals);
  for (const source of ENRICHERS) source.enrich(input, draft);
  const { signals, facts } = draft;
  return { signals, facts, missing: findMissing(signals), safety, birthDate: parseBirthDate(readFirst(props, m.dateOfBirth ?? [])), statedAge: readStatedAge(message) };
}

/** What every source reads; a class, so a contact costs one object and no closure. */
class ContactInput implements EnrichmentInput {
  constructor(
    readonly props: ContactProperties,
    readonly criteria: CompiledCriteria,
    readonly message: NormalizedText | null,
    readonly inquiry: InquiryFacts,
    readonly safety: ContactSafety,
    private readonly decided: SignalValues,
  ) {}

  signal<N extends SignalName>(name: N): SignalValues[N] {
    const value = this.decided[name];
    if (value === undefined) throw new Error(`signal ${name} is read before the source that decides it ran: list that source earlier`);
    return value;
  }
}

/** Missing inputs are not zero: each unknown becomes something intake must ask. */
function findMissing(s: SignalValues): MissingInfoCode[] {
  const missing: MissingInfoCode[] = [];
  if (!s['inquiry.present']) missing.push('inquiry_details');
  if (s['serviceLine.status'] === 'unknown') missing.push('service_interest');
  if (s['location.status'] === 'unknown') missing.push('location');
  if (s['payer.status'] === 'unknown') missing.push('insurance');
  if (s['timeline.bucket'] === 'unknown') missing.push('timeline');
  if (s['phone.status'] === 'missing') missing.push('phone');
  if (s['email.status'] === 'missing') missing.push('email');
  if (s['contact.reachability'] === 'unknown') missing.push('contact_method');
  if (s['decisionMaker.status'] === 'unknown') missing.push('decision_maker');
  if (s['documents.status'] === 'unknown') missing.push('documents');
  if (s['consent.status'] === 'unknown') missing.push('contact_consent');
  return missing;
}
