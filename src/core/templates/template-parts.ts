import type { Criteria } from '../criteria/criteria.schema';

/**
 * The parts both shipped templates share: an example two-location orthopedic practice in New York,
 * its payers, HubSpot field mapping, phrase lists and hours. A new install edits these in the
 * console; the phrase lists and field mapping usually stay.
 */
export function buildPracticeBasics(): Pick<Criteria, 'locations' | 'servedStates' | 'serviceLines' | 'payers' | 'propertyMap' | 'inquiryPhrases' | 'businessHours' | 'recheckAfterDays'> {
  return {
    locations: [
      { id: 'midtown', name: 'Midtown', zip: '10018', state: 'NY', serviceRadiusMiles: 25 },
      { id: 'brooklyn-heights', name: 'Brooklyn Heights', zip: '11201', state: 'NY', serviceRadiusMiles: 20 },
    ],
    servedStates: ['NY', 'NJ', 'CT'],
    serviceLines: [
      { id: 'joint-replacement', label: 'Joint replacement', valueTier: 'premium', keywords: ['joint replacement', 'knee replacement', 'hip replacement', 'arthroplasty', 'replace my knee', 'replace my hip'] },
      { id: 'spine', label: 'Spine care', valueTier: 'premium', keywords: ['spine', 'spinal', 'back pain', 'sciatica', 'herniated disc', 'slipped disc', 'neck pain'] },
      { id: 'sports-medicine', label: 'Sports medicine', valueTier: 'standard', keywords: ['sports injury', 'acl', 'meniscus', 'rotator cuff', 'sprain*', 'tendon*', 'knee pain', 'shoulder pain', 'torn'] },
      { id: 'pain-management', label: 'Pain management', valueTier: 'standard', keywords: ['pain management', 'chronic pain', 'injection*', 'nerve block', 'arthritis'] },
      { id: 'physical-therapy', label: 'Physical therapy', valueTier: 'basic', keywords: ['physical therapy', 'physiotherapy', 'rehab*', 'pt sessions'] },
    ],
    payers: {
      selfPayAccepted: true,
      accepted: [
        { id: 'aetna', label: 'Aetna', aliases: ['aetna', 'aetna choice', 'aetna open access'] },
        { id: 'bcbs', label: 'Blue Cross Blue Shield', aliases: ['bcbs', 'blue cross', 'blue shield', 'blue cross blue shield', 'anthem', 'empire blue cross', 'empire bcbs'] },
        { id: 'cigna', label: 'Cigna', aliases: ['cigna', 'cigna healthcare'] },
        { id: 'uhc', label: 'UnitedHealthcare', aliases: ['uhc', 'united healthcare', 'unitedhealthcare', 'united health care', 'oxford'] },
        { id: 'medicare', label: 'Medicare', aliases: ['medicare', 'original medicare', 'medicare part b'] },
      ],
    },
    propertyMap: {
      message: ['message'], zip: ['zip'], state: ['state'], phone: ['phone', 'mobilephone'], email: ['email'],
      payer: ['insurance_provider'], serviceLine: ['service_interest'], timeline: ['treatment_timeline'],
      referral: ['referral_source'], decisionMaker: ['decision_maker'], documents: ['has_referral_documents'],
      consent: ['hs_legal_basis', 'consent_to_contact'], doNotContact: ['do_not_contact'], emailOptOut: ['hs_email_optout'],
      pageViews: ['hs_analytics_num_page_views'], visits: ['hs_analytics_num_visits'], conversions: ['num_conversion_events'],
      source: ['hs_analytics_source'], conversionEvents: ['recent_conversion_event_name', 'first_conversion_event_name'],
      dateOfBirth: ['date_of_birth'],
    },
    inquiryPhrases: {
      booking: ['book*', 'appointment*', 'schedul*', 'consult*', 'see the doctor', 'see a doctor', 'come in', 'availability', 'new patient', 'evaluation', 'get seen', 'next opening', 'an opening'],
      price: ['cost*', 'price*', 'pricing', 'how much', 'fee', 'fees', 'payment plan*', 'financing', 'quote', 'afford*', 'out of pocket'],
      insurance: ['insurance', 'insured', 'do you accept', 'do you take', 'in network', 'covered', 'coverage', 'copay', 'co-pay', 'deductible', 'medicare', 'medicaid'],
      urgency: ['asap', 'as soon as possible', 'urgent*', 'this week', 'today', 'tomorrow', 'right away', 'immediately', 'soon', 'next available', 'getting worse', 'can\'t wait', 'cannot wait'],
      spam: ['seo', 'search engine optimization', 'backlink*', 'guest post*', 'crypto*', 'bitcoin', 'casino', 'forex', 'web design services', 'website redesign', 'marketing services', 'lead generation services', 'rank your website', 'increase your traffic', 'loan offer', 'investment opportunity', 'viagra', 'click here'],
      appointmentForms: ['appointment*', 'book*', 'schedul*', 'consult*'],
      guideForms: ['guide', 'ebook', 'e-book', 'download*', 'checklist', 'brochure', 'whitepaper', 'webinar'],
    },
    businessHours: {
      timeZone: 'America/New_York',
      week: { mon: { open: '08:00', close: '18:00' }, tue: { open: '08:00', close: '18:00' }, wed: { open: '08:00', close: '18:00' }, thu: { open: '08:00', close: '18:00' }, fri: { open: '08:00', close: '17:00' }, sat: { open: '09:00', close: '13:00' }, sun: null },
      closedDates: [],
      holidays: 'us_federal',
    },
    recheckAfterDays: 30,
  };
}

/** Emergency and crisis phrases: such an inquiry is never disqualified and goes to a person first. */
export const SAFETY_PHRASES: readonly string[] = [
  'chest pain', 'can\'t breathe', 'cannot breathe', 'trouble breathing', 'difficulty breathing', 'shortness of breath',
  'suicid*', 'kill myself', 'end my life', 'want to die', 'self harm', 'hurt myself', 'harm myself', 'overdos*',
  'severe bleeding', 'bleeding heavily', 'won\'t stop bleeding', 'heart attack', 'stroke', 'unconscious', 'passed out',
  'seizure*', 'anaphyla*', 'allergic reaction', 'emergency', 'numb on one side', 'face drooping',
];

/** Hard stops every template starts from: consent, reachability, vendors/recruiters/job seekers, spam and test submissions. */
export function buildBasicHardStops(): Criteria['hardStops'] {
  return [
    { id: 'no-consent', when: { signal: 'consent.status', op: 'is', value: 'denied' }, reason: 'no_contact_consent', route: 'no_outreach' },
    { id: 'invalid-contact', when: { signal: 'contact.reachability', op: 'is', value: 'unreachable' }, reason: 'invalid_contact_details', route: 'no_outreach' },
    { id: 'not-a-patient', when: { signal: 'inquiry.notPatient', op: 'is', value: true }, reason: 'not_a_patient_inquiry', route: 'no_outreach' },
    { id: 'spam-or-test', when: { any: [{ signal: 'inquiry.spam', op: 'is', value: true }, { signal: 'email.test', op: 'is', value: true }] }, reason: 'spam_or_test', route: 'no_outreach' },
  ];
}
