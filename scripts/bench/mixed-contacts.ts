/**
 * The benchmark's mix of web-form inquiries (seeded, so every run qualifies the same contacts):
 * shared by scripts/bench-qualify.ts and scripts/safety-fingerprint.ts.
 */
import { createSeededRandom as createRandom } from '../../sandbox/clock';
import { buildContact, type ContactRecord } from '../../src/core/testing/contact.factory';

const MESSAGES = [
  'Hello, I would like to schedule a consultation about my knee pain. What are your fees?',
  'Can I book a consultation for knee pain this week?',
  'Do you accept my insurance? I have Blue Cross through my employer.',
  'My back pain is getting worse and I need to be seen as soon as possible.',
  'How much does a hip replacement cost if I pay out of pocket?',
  'My doctor referred me for a rotator cuff evaluation. When is your next opening?',
  'Just looking for information about physical therapy options for my shoulder after surgery last year.',
  'I tore my ACL playing soccer, do you have availability next week for a new patient?',
  'We offer SEO services to rank your website on the first page, visit https://seo.example',
  'I have been having chest pain when I walk upstairs, is this something you treat?',
  'Interested in joint replacement, probably later this year, want to understand the recovery time.',
  '',
];
const FIRST = ['dana', 'sam', 'maria', 'kevin', 'aisha', 'li', 'jorge', 'priya', 'tom', 'grace'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com', 'mailinator.com', 'clinic-office.com', 'test.com'];
const AREA_CODES = ['212', '646', '718', '917', '347', '201', '973', '516', '914', '631', '203'];
const ZIPS = ['10016', '10018', '10025', '10128', '11201', '11215', '11375', '10301', '07030', '07302', '10701', '06902', '02139', '19103', '90210', 'abc'];
const SERVICES = ['Joint replacement', 'Spine care', 'Sports medicine', 'Pain management', 'Physical therapy', 'Other', 'Not sure', 'Cosmetic dermatology', null];
const PAYERS = ['Aetna PPO', 'BCBS', 'blue cross ppo', 'Aetna choice', 'UnitedHealthcare', 'Cigan', 'Medicare', 'Kaiser', 'Self-pay', 'not sure', null];
const TIMELINES = ['ASAP', 'Within 2 weeks', 'Within 3 months', '3-6 months', '6+ months', 'Not sure', 'next month', null];
const REFERRALS = ['Google search', 'Dr. Patel', 'A friend', 'Instagram', null];
const EVENTS = ['Request an Appointment', 'Knee Replacement Guide Download', 'Contact us', 'Newsletter sign-up', null];
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'DIRECT_TRAFFIC', 'SOCIAL_MEDIA', 'REFERRALS', null];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function digits(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
  return s;
}

/** A mixed set of web-form inquiries: distinct phones and emails, varied answers, some junk. */
export function buildMixedContacts(count: number): ContactRecord[] {
  const random = createRandom(42);
  return Array.from({ length: count }, (_, i) => {
    const exchange = `${2 + Math.floor(random() * 8)}${digits(random, 2)}`;
    return buildContact({
      email: `${pick(random, FIRST)}.${i}@${pick(random, DOMAINS)}`,
      phone: random() < 0.85 ? `(${pick(random, AREA_CODES)}) ${exchange}-${digits(random, 4)}` : null,
      zip: pick(random, ZIPS),
      message: pick(random, MESSAGES),
      service_interest: pick(random, SERVICES),
      insurance_provider: pick(random, PAYERS),
      treatment_timeline: pick(random, TIMELINES),
      referral_source: pick(random, REFERRALS),
      recent_conversion_event_name: pick(random, EVENTS),
      hs_analytics_source: pick(random, SOURCES),
      hs_analytics_num_page_views: String(Math.floor(random() * 15)),
      hs_analytics_num_visits: String(1 + Math.floor(random() * 5)),
      decision_maker: random() < 0.5 ? 'Myself' : null,
    });
  });
}
