/**
 * HubSpot's default contact and task properties, trimmed to what a medical-practice
 * portal and CareQual touch. Seeded into every new portal so reads, writes and
 * "unknown property" validation behave as on a real account.
 */
export type PropertyType = 'bool' | 'date' | 'datetime' | 'enumeration' | 'number' | 'phone_number' | 'string';

/** One option of an enumeration property. */
export interface PropertyOption { label: string; value: string; displayOrder: number; hidden: boolean; description?: string }

/** A property definition as the sandbox keeps it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  hubspotDefined: boolean;
  readOnlyValue: boolean;
  calculated: boolean;
  dataSensitivity?: 'non_sensitive' | 'sensitive' | 'highly_sensitive';
  createdAt: string;
  updatedAt: string;
}

/** A property group definition. */
export interface PropertyGroupDefinition { name: string; label: string; displayOrder: number; archived: boolean }

type Seed = [name: string, label: string, type: PropertyType, fieldType: string, group: string, extra?: Partial<PropertyDefinition>];

const options = (...values: string[]): PropertyOption[] =>
  values.map((value, i) => ({ label: value.replace(/_/g, ' ').toLowerCase(), value, displayOrder: i, hidden: false }));

const READ_ONLY = { readOnlyValue: true, formField: false };

const CONTACT_SEEDS: Seed[] = [
  ['firstname', 'First Name', 'string', 'text', 'contactinformation', { formField: true }],
  ['lastname', 'Last Name', 'string', 'text', 'contactinformation', { formField: true }],
  ['email', 'Email', 'string', 'text', 'contactinformation', { formField: true, hasUniqueValue: false }],
  ['phone', 'Phone Number', 'string', 'phonenumber', 'contactinformation', { formField: true }],
  ['mobilephone', 'Mobile Phone Number', 'string', 'phonenumber', 'contactinformation', { formField: true }],
  ['address', 'Street Address', 'string', 'text', 'contactinformation', { formField: true }],
  ['city', 'City', 'string', 'text', 'contactinformation', { formField: true }],
  ['state', 'State/Region', 'string', 'text', 'contactinformation', { formField: true }],
  ['zip', 'Postal Code', 'string', 'text', 'contactinformation', { formField: true }],
  ['country', 'Country/Region', 'string', 'text', 'contactinformation', { formField: true }],
  ['company', 'Company Name', 'string', 'text', 'contactinformation', { formField: true }],
  ['jobtitle', 'Job Title', 'string', 'text', 'contactinformation', { formField: true }],
  ['website', 'Website URL', 'string', 'text', 'contactinformation', { formField: true }],
  ['message', 'Message', 'string', 'textarea', 'contactinformation', { formField: true }],
  ['date_of_birth', 'Date of birth', 'string', 'text', 'contactinformation', { formField: true }],
  ['hubspot_owner_id', 'Contact owner', 'enumeration', 'select', 'sales_properties'],
  ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation',
    { options: options('subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other') }],
  ['hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties',
    { options: options('NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING') }],
  ['hs_persona', 'Persona', 'enumeration', 'radio', 'contactinformation', { options: [] }],
  ['hs_language', 'Preferred language', 'enumeration', 'select', 'contactinformation', { options: options('en', 'es', 'fr', 'de') }],
  ['hs_email_optout', 'Unsubscribed from all email', 'bool', 'booleancheckbox', 'emailinformation', { options: options('true', 'false') }],
  ['hs_legal_basis', 'Legal basis for processing contact\'s data', 'enumeration', 'checkbox', 'contactinformation',
    { options: options('Legitimate interest – prospect/lead', 'Legitimate interest - existing customer', 'Performance of a contract', 'Freely given consent from contact', 'Not applicable') }],
  ['hs_analytics_source', 'Original Traffic Source', 'enumeration', 'select', 'analyticsinformation',
    { options: options('ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL', 'AI_REFERRALS'), readOnlyValue: true }],
  ['hs_analytics_source_data_1', 'Original Traffic Source Drill-Down 1', 'string', 'text', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_source_data_2', 'Original Traffic Source Drill-Down 2', 'string', 'text', 'analyticsinformation', READ_ONLY],
  ['hs_latest_source', 'Latest Traffic Source', 'enumeration', 'select', 'analyticsinformation',
    { options: options('ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL'), readOnlyValue: true }],
  ['hs_analytics_num_page_views', 'Number of Pageviews', 'number', 'number', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_num_visits', 'Number of Sessions', 'number', 'number', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_num_event_completions', 'Number of event completions', 'number', 'number', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_first_timestamp', 'Time First Seen', 'datetime', 'date', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_last_timestamp', 'Time Last Seen', 'datetime', 'date', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_last_visit_timestamp', 'Time of Last Session', 'datetime', 'date', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_first_url', 'First Page Seen', 'string', 'text', 'analyticsinformation', READ_ONLY],
  ['hs_analytics_first_referrer', 'First Referring Site', 'string', 'text', 'analyticsinformation', READ_ONLY],
  ['num_conversion_events', 'Number of Form Submissions', 'number', 'number', 'conversioninformation', READ_ONLY],
  ['recent_conversion_event_name', 'Recent Conversion', 'string', 'text', 'conversioninformation', READ_ONLY],
  ['recent_conversion_date', 'Recent Conversion Date', 'datetime', 'date', 'conversioninformation', READ_ONLY],
  ['first_conversion_event_name', 'First Conversion', 'string', 'text', 'conversioninformation', READ_ONLY],
  ['createdate', 'Create Date', 'datetime', 'date', 'contactinformation'],
  ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', 'contactinformation', READ_ONLY],
  ['hs_lastmodifieddate', 'Object last modified date/time', 'datetime', 'date', 'contactinformation', READ_ONLY],
  ['hs_object_id', 'Record ID', 'number', 'number', 'contactinformation', READ_ONLY],
  ['hs_object_source', 'Record source', 'string', 'text', 'contactinformation', READ_ONLY],
  ['hs_object_source_id', 'Record source ID', 'string', 'text', 'contactinformation', READ_ONLY],
  ['hs_merged_object_ids', 'Merged Contact IDs', 'enumeration', 'checkbox', 'contactinformation', READ_ONLY],
  // HubSpot-calculated activity dates (default contact properties): what CareQual's effectiveness
  // job reads as "a meeting was booked" and "intake first reached out".
  ['engagements_last_meeting_booked', 'Date of last meeting booked in meetings tool', 'datetime', 'date', 'sales_properties', READ_ONLY],
  ['hs_sa_first_engagement_date', 'Date of first engagement', 'datetime', 'date', 'sales_properties', READ_ONLY],
];

const TASK_SEEDS: Seed[] = [
  ['hs_timestamp', 'Due date', 'datetime', 'date', 'task'],
  ['hs_task_subject', 'Task Title', 'string', 'text', 'task'],
  ['hs_task_body', 'Notes', 'string', 'html', 'task'],
  ['hs_task_status', 'Task Status', 'enumeration', 'select', 'task', { options: options('NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED') }],
  ['hs_task_priority', 'Priority', 'enumeration', 'select', 'task', { options: options('NONE', 'LOW', 'MEDIUM', 'HIGH') }],
  ['hs_task_type', 'Task Type', 'enumeration', 'select', 'task', { options: options('CALL', 'EMAIL', 'LINKED_IN', 'MEETING', 'TODO') }],
  ['hs_queue_membership_ids', 'Queue', 'enumeration', 'checkbox', 'task', { options: [] }],
  ['hubspot_owner_id', 'Assigned to', 'enumeration', 'select', 'task'],
  ['hs_task_completion_date', 'Completed at', 'datetime', 'date', 'task', READ_ONLY],
  ['hs_createdate', 'Create date', 'datetime', 'date', 'task', READ_ONLY],
  ['hs_lastmodifieddate', 'Last modified date', 'datetime', 'date', 'task', READ_ONLY],
  ['hs_object_id', 'Record ID', 'number', 'number', 'task', READ_ONLY],
];

const CONTACT_GROUPS: [string, string][] = [
  ['contactinformation', 'Contact information'],
  ['analyticsinformation', 'Web analytics history'],
  ['emailinformation', 'Email information'],
  ['conversioninformation', 'Conversion information'],
  ['sales_properties', 'Sales properties'],
];

function buildDefinitions(seeds: Seed[], atIso: string): Map<string, PropertyDefinition> {
  const defs = new Map<string, PropertyDefinition>();
  seeds.forEach(([name, label, type, fieldType, groupName, extra], i) => {
    defs.set(name, {
      name, label, type, fieldType, groupName, description: '', options: [], displayOrder: i,
      hasUniqueValue: false, hidden: false, formField: false, hubspotDefined: true, readOnlyValue: false,
      calculated: false, createdAt: atIso, updatedAt: atIso, ...extra,
    });
  });
  return defs;
}

/**
 * The custom fields a medical practice's patient-inquiry form typically adds to HubSpot (they are
 * not HubSpot defaults; CareQual's default criteria map them). Seeded when a portal is created
 * with `intakeFormFields: true`, as the demo, the end-to-end tests and the benchmarks do.
 */
const INTAKE_FORM_SEEDS: Seed[] = [
  ['service_interest', 'Service of interest', 'string', 'text', 'contactinformation', { formField: true, hubspotDefined: false }],
  ['insurance_provider', 'Insurance provider', 'string', 'text', 'contactinformation', { formField: true, hubspotDefined: false }],
  ['treatment_timeline', 'When would you like to be seen?', 'string', 'text', 'contactinformation', { formField: true, hubspotDefined: false }],
  ['referral_source', 'How did you hear about us?', 'string', 'text', 'contactinformation', { formField: true, hubspotDefined: false }],
  ['decision_maker', 'Are you booking for yourself?', 'string', 'text', 'contactinformation', { formField: true, hubspotDefined: false }],
  ['has_referral_documents', 'Do you have a referral or records?', 'string', 'text', 'contactinformation', { formField: true, hubspotDefined: false }],
  ['consent_to_contact', 'May we contact you about your inquiry?', 'enumeration', 'booleancheckbox', 'contactinformation', { formField: true, hubspotDefined: false, options: options('true', 'false') }],
  ['do_not_contact', 'Do not contact', 'enumeration', 'booleancheckbox', 'contactinformation', { hubspotDefined: false, options: options('true', 'false') }],
];

/** Fresh maps of the default contact properties and groups (one copy per portal). */
export function seedContactSchema(atIso: string, opts: { intakeFormFields?: boolean } = {}): { properties: Map<string, PropertyDefinition>; groups: Map<string, PropertyGroupDefinition> } {
  const groups = new Map(CONTACT_GROUPS.map(([name, label], i) => [name, { name, label, displayOrder: i, archived: false }]));
  return { properties: buildDefinitions(opts.intakeFormFields ? [...CONTACT_SEEDS, ...INTAKE_FORM_SEEDS] : CONTACT_SEEDS, atIso), groups };
}

/** Fresh maps of the default task properties and groups (one copy per portal). */
export function seedTaskSchema(atIso: string): { properties: Map<string, PropertyDefinition>; groups: Map<string, PropertyGroupDefinition> } {
  const groups = new Map([['task', { name: 'task', label: 'Task information', displayOrder: 0, archived: false }]]);
  return { properties: buildDefinitions(TASK_SEEDS, atIso), groups };
}

/** Properties HubSpot returns when a read names none. */
export const DEFAULT_READ_PROPERTIES: Record<string, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};
