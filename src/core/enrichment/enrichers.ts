import { classifyConsent, classifyDecisionMaker, classifyDocuments, classifyReferral, classifySource, readCount } from './answers.enrichment';
import { enrichEmail } from './email.enrichment';
import { defineEnricher, type SignalSource } from './enricher';
import { enrichLocation } from './location.enrichment';
import { readAll, readAnyYes, readFirst, readJoined } from './mapped-properties';
import { enrichPayer } from './payer.enrichment';
import { enrichPhone } from './phone.enrichment';
import { enrichServiceLine } from './service-line.enrichment';
import { parseTimeline, readTimelineFromMessage } from './timeline.enrichment';

/*
 * Every enrichment source, each deciding its own catalogued signals. A new source: its pure
 * function in `<name>.enrichment.ts`, its signals in the signal catalog, and one entry here.
 */

const inquiry = defineEnricher({
  name: 'inquiry',
  signals: ['inquiry.present', 'inquiry.bookingRequest', 'inquiry.priceQuestion', 'inquiry.insuranceQuestion', 'inquiry.urgency', 'inquiry.spam', 'inquiry.notPatient'],
  enrich({ inquiry: i }, { signals: s }) {
    s['inquiry.present'] = i.present;
    s['inquiry.bookingRequest'] = i.bookingRequest;
    s['inquiry.priceQuestion'] = i.priceQuestion;
    s['inquiry.insuranceQuestion'] = i.insuranceQuestion;
    s['inquiry.urgency'] = i.urgency;
    s['inquiry.spam'] = i.spam;
    s['inquiry.notPatient'] = i.notPatient;
  },
});

const safety = defineEnricher({
  name: 'safety',
  signals: ['safety.flag'],
  enrich({ safety: screened }, { signals: s }) {
    s['safety.flag'] = screened.flagged;
  },
});

const serviceLine = defineEnricher({
  name: 'serviceLine',
  signals: ['serviceLine.status', 'serviceLine.id', 'serviceLine.valueTier'],
  enrich({ props, criteria: c, inquiry: i }, { signals: s, facts }) {
    const line = enrichServiceLine(readFirst(props, c.props.serviceLine), i.serviceLineIndex, c.serviceLines, c.textMatcher);
    s['serviceLine.status'] = line.status;
    s['serviceLine.id'] = line.id;
    s['serviceLine.valueTier'] = line.valueTier;
    facts.serviceLine = line.label;
  },
});

const location = defineEnricher({
  name: 'location',
  signals: ['location.status', 'location.distanceMiles', 'location.nearestId'],
  enrich({ props, criteria: c }, { signals: s, facts }) {
    const place = enrichLocation(readFirst(props, c.props.zip), readFirst(props, c.props.state), c.serviceArea);
    s['location.status'] = place.status;
    s['location.distanceMiles'] = place.distanceMiles;
    s['location.nearestId'] = place.nearestId;
    facts.distanceMiles = place.distanceMiles;
    facts.locationName = place.nearestName;
  },
});

const payer = defineEnricher({
  name: 'payer',
  signals: ['payer.status', 'payer.id', 'payer.provided', 'payer.program'],
  enrich({ props, criteria: c }, { signals: s, facts }) {
    const p = enrichPayer(readFirst(props, c.props.payer), c.payers);
    s['payer.status'] = p.status;
    s['payer.id'] = p.id;
    s['payer.provided'] = p.provided;
    s['payer.program'] = p.program;
    facts.payer = p.label;
  },
});

const phone = defineEnricher({
  name: 'phone',
  signals: ['phone.status', 'phone.type', 'phone.region'],
  enrich({ props, criteria: c }, { signals: s }) {
    const p = enrichPhone(readFirst(props, c.props.phone));
    s['phone.status'] = p.status;
    s['phone.type'] = p.type;
    s['phone.region'] = p.region;
  },
});

const email = defineEnricher({
  name: 'email',
  signals: ['email.status', 'email.disposable', 'email.role', 'email.test'],
  enrich({ props, criteria: c }, { signals: s }) {
    const e = enrichEmail(readFirst(props, c.props.email));
    s['email.status'] = e.status;
    s['email.disposable'] = e.disposable;
    s['email.role'] = e.role;
    s['email.test'] = e.test;
  },
});

/** Reachable by a valid phone or a usable email; reads the phone and email sources' signals. */
const reachability = defineEnricher({
  name: 'reachability',
  signals: ['contact.reachability'],
  enrich(input, { signals: s }) {
    const emailStatus = input.signal('email.status');
    const emailUsable = emailStatus === 'valid' && !input.signal('email.disposable') && !input.signal('email.test');
    const phoneStatus = input.signal('phone.status');
    s['contact.reachability'] = phoneStatus === 'valid' || emailUsable ? 'reachable' : phoneStatus === 'missing' && emailStatus === 'missing' ? 'unknown' : 'unreachable';
  },
});

/** The timeline field, else "asap" for an urgent message, else what the message says. */
const timeline = defineEnricher({
  name: 'timeline',
  signals: ['timeline.bucket'],
  enrich({ props, criteria: c, inquiry: i, message }, { signals: s }) {
    const field = parseTimeline(readFirst(props, c.props.timeline));
    s['timeline.bucket'] = field !== 'unknown' ? field : i.urgency ? 'asap' : readTimelineFromMessage(message);
  },
});

const answers = defineEnricher({
  name: 'answers',
  signals: ['decisionMaker.status', 'documents.status', 'referral.type'],
  enrich({ props, criteria: c, inquiry: i }, { signals: s }) {
    s['decisionMaker.status'] = classifyDecisionMaker(readFirst(props, c.props.decisionMaker));
    s['documents.status'] = classifyDocuments(readFirst(props, c.props.documents));
    s['referral.type'] = classifyReferral(readFirst(props, c.props.referral), i.physicianReferral);
  },
});

const NO_FORMS = { appointmentForm: false, guideDownload: false };

const engagement = defineEnricher({
  name: 'engagement',
  signals: ['engagement.pageViews', 'engagement.visits', 'engagement.conversions', 'engagement.source', 'engagement.appointmentForm', 'engagement.guideDownload'],
  enrich({ props, criteria: c }, { signals: s }) {
    const events = readJoined(props, c.props.conversionEvents);
    const forms = events === null ? NO_FORMS : c.conversionForms(events);
    s['engagement.pageViews'] = readCount(readFirst(props, c.props.pageViews));
    s['engagement.visits'] = readCount(readFirst(props, c.props.visits));
    s['engagement.conversions'] = readCount(readFirst(props, c.props.conversions));
    s['engagement.source'] = classifySource(readFirst(props, c.props.source));
    s['engagement.appointmentForm'] = forms.appointmentForm;
    s['engagement.guideDownload'] = forms.guideDownload;
  },
});

const consent = defineEnricher({
  name: 'consent',
  signals: ['consent.status', 'consent.emailOptedOut'],
  enrich({ props, criteria: c }, { signals: s }) {
    s['consent.status'] = classifyConsent(readAll(props, c.props.consent), readAnyYes(props, c.props.doNotContact));
    s['consent.emailOptedOut'] = readAnyYes(props, c.props.emailOptOut);
  },
});

/**
 * The sources in the order they run: one that reads another's signal (reachability reads phone
 * and email) comes after it.
 */
export const ENRICHERS: readonly SignalSource[] = [inquiry, safety, serviceLine, location, payer, phone, email, reachability, timeline, answers, engagement, consent];
