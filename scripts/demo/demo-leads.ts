/**
 * The demo's patient inquiries: what a practice's web form and front desk typically produce in
 * an afternoon, each with what the default criteria decide for it. Built with `buildContact` (a
 * web-form inquiry from near the template's Midtown location) plus the overrides that make each
 * one what it is. Every email is distinct: HubSpot deduplicates contacts by email.
 */
import { buildContact, type ContactRecord } from '../../src/core/testing/contact.factory';

export interface DemoLead {
  /** short stable id (used by the test and the JSON's label) */
  key: string;
  /** what the row shows: who and what kind of inquiry */
  label: string;
  properties: ContactRecord;
  /** what the default criteria decide (the demo's e2e test holds the app to it) */
  expected: { outcome: 'care_ready' | 'nurture' | 'needs_review' | 'disqualified'; route?: string; disqualificationReasons?: string[] };
}

const lead = (key: string, label: string, overrides: Partial<ContactRecord>, expected: DemoLead['expected']): DemoLead => ({
  key, label, properties: buildContact(overrides), expected,
});

/** The sample inquiries, in the order the demo creates them. */
export function buildDemoLeads(): DemoLead[] {
  return [
    lead('hot-consult', 'Maya Patel · knee replacement consult, ASAP', {
      firstname: 'Maya', lastname: 'Patel', email: 'maya.patel@gmail.com', phone: '(212) 555-0134',
      message: 'I would like to book a consultation for a knee replacement as soon as possible. I have Aetna.',
      service_interest: 'Joint replacement', treatment_timeline: 'ASAP',
    }, { outcome: 'care_ready', route: 'intake_call_now' }),
    lead('hot-sports', 'Jorge Alvarez · torn ACL, new patient', {
      firstname: 'Jorge', lastname: 'Alvarez', email: 'jorge.alvarez@outlook.com', zip: '10018', phone: '(646) 555-0142',
      message: 'Tore my ACL playing soccer, do you have availability next week for a new patient?',
      service_interest: 'Sports medicine', insurance_provider: 'Blue Cross PPO', treatment_timeline: 'Within 2 weeks',
    }, { outcome: 'care_ready' }),
    lead('referral', 'Tom Reilly · physician referral, rotator cuff', {
      firstname: 'Tom', lastname: 'Reilly', email: 'tom.reilly@aol.com', zip: '10025', phone: '(917) 555-0187',
      message: 'Dr. Patel referred me for a rotator cuff evaluation. I have my referral letter and MRI.',
      service_interest: 'Sports medicine', insurance_provider: 'UnitedHealthcare', referral_source: 'Dr. Patel',
      has_referral_documents: 'true', treatment_timeline: 'Within 2 weeks',
    }, { outcome: 'care_ready' }),
    lead('insurance-question', 'Grace Kim · "do you accept Cigna?"', {
      firstname: 'Grace', lastname: 'Kim', email: 'grace.kim@yahoo.com', phone: '(718) 555-0161',
      message: 'Do you accept Cigna? What would my copay be for physical therapy?',
      service_interest: 'Physical therapy', insurance_provider: 'Cigna', treatment_timeline: 'Within 3 months',
      recent_conversion_event_name: 'Contact us', first_conversion_event_name: 'Contact us',
    }, { outcome: 'care_ready' }),
    lead('self-pay-price', 'Li Wei · self-pay price question, hip', {
      firstname: 'Li', lastname: 'Wei', email: 'li.wei@gmail.com', phone: '(347) 555-0119',
      message: 'How much does a hip replacement cost if I pay out of pocket?',
      service_interest: 'Joint replacement', insurance_provider: 'Self-pay', treatment_timeline: '3-6 months',
    }, { outcome: 'care_ready' }),
    lead('guide-download', 'Priya Nair · knee guide download, no timeline', {
      firstname: 'Priya', lastname: 'Nair', email: 'priya.nair@gmail.com', phone: '(201) 555-0150',
      message: null, service_interest: 'Joint replacement', treatment_timeline: null, decision_maker: null,
      recent_conversion_event_name: 'Knee Replacement Guide Download', first_conversion_event_name: 'Knee Replacement Guide Download',
      hs_analytics_num_page_views: '2', hs_analytics_num_visits: '1',
    }, { outcome: 'nurture', route: 'nurture_sequence' }),
    lead('emergency', 'Ari Cohen · mentions chest pain', {
      firstname: 'Ari', lastname: 'Cohen', email: 'ari.cohen@gmail.com', phone: '(212) 555-0178',
      message: 'I have chest pain when I climb stairs and my knee gave out. Can someone call me?',
      service_interest: 'Not sure', treatment_timeline: 'ASAP',
    }, { outcome: 'needs_review', route: 'clinical_review' }),
    lead('out-of-area', 'Sam Brooks · San Francisco, back pain', {
      firstname: 'Sam', lastname: 'Brooks', email: 'sam.brooks@icloud.com', zip: '94105', state: 'CA', phone: '(415) 555-0199',
      message: 'Do you treat back pain? Looking for a consult.', service_interest: 'Spine care',
    }, { outcome: 'disqualified', disqualificationReasons: ['out_of_service_area'] }),
    lead('no-consent', 'Lee Okafor · declined contact consent', {
      firstname: 'Lee', lastname: 'Okafor', email: 'lee.okafor@outlook.com', phone: '(646) 555-0111',
      consent_to_contact: 'false', hs_legal_basis: null,
    }, { outcome: 'disqualified', route: 'no_outreach', disqualificationReasons: ['no_contact_consent'] }),
    lead('spam', 'Rank Boost · SEO sales pitch', {
      firstname: 'Rank', lastname: 'Boost', email: 'sales@rankboost-seo.com', phone: null,
      message: 'We offer SEO services to rank your website on the first page. Click here for a free audit.',
      service_interest: null, insurance_provider: null, treatment_timeline: null, decision_maker: null,
      recent_conversion_event_name: 'Contact us', first_conversion_event_name: 'Contact us',
    }, { outcome: 'disqualified', route: 'no_outreach', disqualificationReasons: ['spam_or_test'] }),
  ];
}

/** A lead's properties as a web form sets them: the factory's nulls are fields left empty. */
export function toFormValues(properties: ContactRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''));
}
