import type { ContactProperties } from '../enrichment/enricher';

/** A contact's properties as HubSpot's batch read returns them (all strings or null). */
export type ContactRecord = Record<string, string | null>;

/**
 * A realistic HubSpot contact for tests and the benchmark: a web-form inquiry from near the
 * template's Midtown location, with the property names the default criteria map. Override any
 * property; pass `null` to clear one.
 */
export function buildContact(overrides: Partial<ContactRecord> = {}): ContactRecord {
  const base: ContactRecord = {
    firstname: 'Dana',
    lastname: 'Whitfield',
    email: 'dana.whitfield@gmail.com',
    phone: '(212) 736-5000',
    mobilephone: null,
    zip: '10016',
    state: 'NY',
    message: 'Hello, I would like to schedule a consultation about my knee pain. What are your fees?',
    service_interest: 'Sports medicine',
    insurance_provider: 'Aetna PPO',
    treatment_timeline: 'Within 2 weeks',
    referral_source: 'Google search',
    decision_maker: 'Yes, for myself',
    has_referral_documents: null,
    hs_legal_basis: 'Legitimate interest – prospect/lead',
    consent_to_contact: 'true',
    do_not_contact: null,
    hs_email_optout: 'false',
    hs_analytics_num_page_views: '4',
    hs_analytics_num_visits: '2',
    num_conversion_events: '1',
    hs_analytics_source: 'ORGANIC_SEARCH',
    recent_conversion_event_name: 'Request an Appointment',
    first_conversion_event_name: 'Request an Appointment',
    lifecyclestage: 'lead',
  };
  const merged: ContactRecord = { ...base };
  for (const [key, value] of Object.entries(overrides)) merged[key] = value === undefined ? null : value;
  return merged;
}

/** A contact that has given nothing but an email address (a bare newsletter sign-up). */
export function buildBareContact(overrides: Partial<ContactRecord> = {}): ContactProperties {
  return { email: 'sam.lee@outlook.com', ...overrides };
}
