import type { SignalValues } from '../criteria/signal-catalog';
import type { MissingInfoCode } from '../criteria/vocabulary';
import type { CompiledCriteria } from '../qualification/compile-criteria';
import { classifyConsent, classifyDecisionMaker, classifyDocuments, classifyReferral, classifySource, readCount, readYesNo } from './answers.enrichment';
import { enrichEmail } from './email.enrichment';
import { enrichInquiryText } from './inquiry-text.enrichment';
import { enrichLocation } from './location.enrichment';
import { enrichPayer } from './payer.enrichment';
import { enrichPhone } from './phone.enrichment';
import { enrichServiceLine } from './service-line.enrichment';
import { readText, tokenize } from './text-normalize';
import { parseTimeline } from './timeline.enrichment';

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
  readonly missing: ReadonlySet<MissingInfoCode>;
}

function first(props: ContactProperties, names: readonly string[]): string | null {
  for (const name of names) {
    const v = readText(props[name]);
    if (v !== null) return v;
  }
  return null;
}

function all(props: ContactProperties, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const v = readText(props[name]);
    if (v !== null) out.push(v);
  }
  return out;
}

function joined(props: ContactProperties, names: readonly string[]): string | null {
  const parts = all(props, names);
  return parts.length === 0 ? null : parts.join('\n');
}

/**
 * Turns a contact's own properties into signals, using only bundled data and the criteria: no
 * I/O and nothing leaves the process (DESIGN.md §6). Pure and deterministic, apart from caches
 * that cannot change an answer.
 */
export function enrichContact(props: ContactProperties, c: CompiledCriteria): Enrichment {
  const m = c.props;
  const message = joined(props, m.message);
  const inquiry = enrichInquiryText(message, c.textMatcher);
  const service = enrichServiceLine(first(props, m.serviceLine), inquiry.serviceLineIndex, c.serviceLines, c.textMatcher);
  const location = enrichLocation(first(props, m.zip), first(props, m.state), c.serviceArea);
  const payer = enrichPayer(first(props, m.payer), c.payers);
  const phone = enrichPhone(first(props, m.phone));
  const email = enrichEmail(first(props, m.email));
  const timelineField = parseTimeline(first(props, m.timeline));
  const timeline = timelineField === 'unknown' && inquiry.urgency ? 'asap' : timelineField;
  const forms = c.formMatcher.count(tokenize(all(props, m.conversionEvents).join(' ')));
  const appointmentForm = (forms[0] ?? 0) > 0;
  const guideDownload = (forms[1] ?? 0) > 0;
  const emailUsable = email.status === 'valid' && !email.disposable && !email.test;
  const reachability = phone.status === 'valid' || emailUsable ? 'reachable' : phone.status === 'missing' && email.status === 'missing' ? 'unknown' : 'unreachable';
  const doNotContact = all(props, m.doNotContact).some((v) => readYesNo(v) === true);
  const signals: SignalValues = {
    'serviceLine.status': service.status,
    'serviceLine.id': service.id,
    'serviceLine.valueTier': service.valueTier,
    'location.status': location.status,
    'location.distanceMiles': location.distanceMiles,
    'location.nearestId': location.nearestId,
    'payer.status': payer.status,
    'payer.id': payer.id,
    'payer.provided': payer.provided,
    'phone.status': phone.status,
    'phone.type': phone.type,
    'phone.region': phone.region,
    'email.status': email.status,
    'email.disposable': email.disposable,
    'email.role': email.role,
    'email.test': email.test,
    'contact.reachability': reachability,
    'inquiry.present': inquiry.present,
    'inquiry.bookingRequest': inquiry.bookingRequest,
    'inquiry.priceQuestion': inquiry.priceQuestion,
    'inquiry.insuranceQuestion': inquiry.insuranceQuestion,
    'inquiry.urgency': inquiry.urgency,
    'inquiry.spam': inquiry.spam,
    'safety.flag': inquiry.safetyFlag,
    'timeline.bucket': timeline,
    'decisionMaker.status': classifyDecisionMaker(first(props, m.decisionMaker)),
    'documents.status': classifyDocuments(first(props, m.documents)),
    'referral.type': classifyReferral(first(props, m.referral), inquiry.physicianReferral),
    'engagement.pageViews': readCount(first(props, m.pageViews)),
    'engagement.visits': readCount(first(props, m.visits)),
    'engagement.conversions': readCount(first(props, m.conversions)),
    'engagement.source': classifySource(first(props, m.source)),
    'engagement.appointmentForm': appointmentForm,
    'engagement.guideDownload': guideDownload,
    'consent.status': classifyConsent(all(props, m.consent), doNotContact),
    'consent.emailOptedOut': all(props, m.emailOptOut).some((v) => readYesNo(v) === true),
  };
  const facts = { distanceMiles: location.distanceMiles, locationName: location.nearestName, serviceLine: service.label, payer: payer.label };
  return { signals, facts, missing: findMissing(signals) };
}

/** Missing inputs are not zero: each unknown becomes something intake must ask. */
function findMissing(s: SignalValues): Set<MissingInfoCode> {
  const missing = new Set<MissingInfoCode>();
  if (!s['inquiry.present']) missing.add('inquiry_details');
  if (s['serviceLine.status'] === 'unknown') missing.add('service_interest');
  if (s['location.status'] === 'unknown') missing.add('location');
  if (s['payer.status'] === 'unknown') missing.add('insurance');
  if (s['timeline.bucket'] === 'unknown') missing.add('timeline');
  if (s['phone.status'] === 'missing') missing.add('phone');
  if (s['email.status'] === 'missing') missing.add('email');
  if (s['contact.reachability'] === 'unknown') missing.add('contact_method');
  if (s['decisionMaker.status'] === 'unknown') missing.add('decision_maker');
  if (s['documents.status'] === 'unknown') missing.add('documents');
  if (s['consent.status'] === 'unknown') missing.add('contact_consent');
  return missing;
}
