import type { SignalName } from '../criteria/signal-catalog';
import { SIGNAL_NAMES } from '../criteria/signal-catalog';
import { compileCriteria } from '../qualification/compile-criteria';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildContact, type ContactRecord } from '../testing/contact.factory';
import { enrichContact } from './enrich-contact';

const compiled = compileCriteria(buildDefaultCriteria());
const signalsOf = (overrides: Partial<ContactRecord>) => enrichContact(buildContact(overrides), compiled).signals;

/** One row per signal: a contact change and the value the signal must then hold. */
const rows: [SignalName, Partial<ContactRecord>, unknown][] = [
  ['serviceLine.status', { service_interest: 'Tattoo removal' }, 'not_offered'],
  ['serviceLine.id', { service_interest: 'Spine care' }, 'spine'],
  ['serviceLine.valueTier', { service_interest: 'Physical therapy' }, 'basic'],
  ['location.status', { zip: '02139' }, 'outside_area'],
  ['location.distanceMiles', { zip: '10018' }, 0],
  ['location.nearestId', { zip: '11201' }, 'brooklyn-heights'],
  ['payer.status', { insurance_provider: 'cash' }, 'self_pay'],
  ['payer.id', { insurance_provider: 'Empire BCBS' }, 'bcbs'],
  ['payer.provided', { insurance_provider: null }, false],
  ['payer.program', { insurance_provider: 'Humana Gold Plus' }, 'medicare_advantage'],
  ['phone.status', { phone: null, mobilephone: null }, 'missing'],
  ['phone.type', { phone: '1-800-555-0199' }, 'toll_free'],
  ['phone.region', { phone: '+44 20 7946 0958' }, 'GB'],
  ['email.status', { email: 'dana@' }, 'invalid'],
  ['email.disposable', { email: 'dana@mailinator.com' }, true],
  ['email.role', { email: 'office@clinic.com' }, true],
  ['email.test', { email: 'test@example.com' }, true],
  ['contact.reachability', { phone: null, email: null }, 'unknown'],
  ['inquiry.present', { message: '   ' }, false],
  ['inquiry.bookingRequest', { message: 'Where do I park?' }, false],
  ['inquiry.priceQuestion', { message: 'Where do I park?' }, false],
  ['inquiry.insuranceQuestion', { message: 'Are you in network with Cigna?' }, true],
  ['inquiry.urgency', { message: 'Need help asap' }, true],
  ['inquiry.spam', { message: 'Cheap backlinks here' }, true],
  ['inquiry.notPatient', { message: 'I am a licensed therapist looking for a position, my resume is attached.' }, true],
  ['safety.flag', { message: 'I think I am having a stroke' }, true],
  ['timeline.bucket', { treatment_timeline: null, message: 'Can you see me tomorrow?' }, 'asap'],
  ['decisionMaker.status', { decision_maker: 'For my daughter' }, 'on_behalf'],
  ['documents.status', { has_referral_documents: 'Uploaded' }, 'provided'],
  ['referral.type', { referral_source: 'My neighbor' }, 'word_of_mouth'],
  ['engagement.pageViews', { hs_analytics_num_page_views: '17' }, 17],
  ['engagement.visits', { hs_analytics_num_visits: null }, null],
  ['engagement.conversions', { num_conversion_events: '3' }, 3],
  ['engagement.source', { hs_analytics_source: 'PAID_SOCIAL' }, 'paid_social'],
  ['engagement.appointmentForm', { recent_conversion_event_name: 'Newsletter', first_conversion_event_name: 'Contact us' }, false],
  ['engagement.guideDownload', { recent_conversion_event_name: 'Hip replacement e-book' }, true],
  ['consent.status', { hs_legal_basis: null, consent_to_contact: null }, 'unknown'],
  ['consent.emailOptedOut', { hs_email_optout: 'true' }, true],
];

describe('enrichContact', () => {
  it('when the table is read, then it covers every catalogued signal', () => {
    expect(new Set(rows.map(([name]) => name))).toEqual(new Set(SIGNAL_NAMES));
  });

  it.each(rows)('when %s is fed %j, then it changes from the baseline to %p', (name, overrides, expected) => {
    const baseline = signalsOf({})[name];
    expect(baseline).not.toEqual(expected);
    expect(signalsOf(overrides)[name]).toEqual(expected);
  });

  it('when the message is spread over two mapped properties, then both are read', () => {
    const criteria = buildDefaultCriteria();
    const twoFields = compileCriteria({ ...criteria, propertyMap: { ...criteria.propertyMap, message: ['message', 'how_can_we_help'] } });
    const props = buildContact({ message: 'Hello', how_can_we_help: 'Please book me in' });
    expect(enrichContact(props, twoFields).signals['inquiry.bookingRequest']).toBe(true);
  });

  it('when a booking phrase is in a second conversion-event property, then the appointment form is seen', () => {
    expect(signalsOf({ recent_conversion_event_name: 'Newsletter', first_conversion_event_name: 'Book a consultation' })['engagement.appointmentForm']).toBe(true);
  });

  it('when the phone is blank, then the mobile phone is used', () => {
    expect(signalsOf({ phone: ' ', mobilephone: '+1 (646) 555-0101' })['phone.status']).toBe('valid');
  });
});
