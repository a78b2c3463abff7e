import type { SignalValues } from '../criteria/signal-catalog';
import type { MissingInfoCode } from '../criteria/vocabulary';
import type { CompiledCriteria } from '../qualification/compile-criteria';
import type { ContactProperties, Enrichment } from './enricher';
import { screenContactSafety } from '../safety/screen-contact';
import { classifyConsent, classifyDecisionMaker, classifyDocuments, classifyReferral, classifySource, readCount, readYesNo } from './answers.enrichment';
import { enrichEmail } from './email.enrichment';
import { enrichInquiryText } from './inquiry-text.enrichment';
import { enrichLocation } from './location.enrichment';
import { enrichPayer } from './payer.enrichment';
import { enrichPhone } from './phone.enrichment';
import { enrichServiceLine } from './service-line.enrichment';
import { readText, tokenize } from './text-normalize';
import { parseTimeline, readTimelineFromMessage } from './timeline.enrichment';
import { parseBirthDate, readStatedAge } from './age.enrichment';

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
  let out: string | null = null;
  for (const name of names) {
    const v = readText(props[name]);
    if (v !== null) out = out === null ? v : `${out}\n${v}`;
  }
  return out;
}

/** True when any of the properties reads as a checked box / "yes". */
function anyYes(props: ContactProperties, names: readonly string[]): boolean {
  for (const name of names) if (readYesNo(readText(props[name])) === true) return true;
  return false;
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
  const safety = screenContactSafety(props, c.safety.properties, c.safety.builtIn, c.safety.custom, c.safety.lexiconVersion);
  const service = enrichServiceLine(first(props, m.serviceLine), inquiry.serviceLineIndex, c.serviceLines, c.textMatcher);
  const location = enrichLocation(first(props, m.zip), first(props, m.state), c.serviceArea);
  const payer = enrichPayer(first(props, m.payer), c.payers);
  const phone = enrichPhone(first(props, m.phone));
  const email = enrichEmail(first(props, m.email));
  const timelineField = parseTimeline(first(props, m.timeline));
  const timeline = timelineField !== 'unknown' ? timelineField : inquiry.urgency ? 'asap' : readTimelineFromMessage(message);
  const events = joined(props, m.conversionEvents);
  const forms = c.formMatcher.count(events === null ? [] : tokenize(events));
  const appointmentForm = (forms[0] ?? 0) > 0;
  const guideDownload = (forms[1] ?? 0) > 0;
  const emailUsable = email.status === 'valid' && !email.disposable && !email.test;
  const reachability = phone.status === 'valid' || emailUsable ? 'reachable' : phone.status === 'missing' && email.status === 'missing' ? 'unknown' : 'unreachable';
  const doNotContact = anyYes(props, m.doNotContact);
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
    'payer.program': payer.program,
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
    'inquiry.notPatient': inquiry.notPatient,
    'safety.flag': safety.flagged,
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
    'consent.emailOptedOut': anyYes(props, m.emailOptOut),
  };
  const facts = { distanceMiles: location.distanceMiles, locationName: location.nearestName, serviceLine: service.label, payer: payer.label };
  return { signals, facts, missing: findMissing(signals), safety, birthDate: parseBirthDate(first(props, m.dateOfBirth ?? [])), statedAge: readStatedAge(message) };
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
