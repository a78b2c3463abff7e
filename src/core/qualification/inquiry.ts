import type { ContactProperties } from '../enrichment/enricher';
import type { QualificationResult } from './qualify';

/**
 * HubSpot properties that date an inquiry, most specific first: the last form submission, then
 * the contact's creation (an inquiry created by import or API has no conversion date).
 */
export const INQUIRY_DATE_PROPERTIES = ['recent_conversion_date', 'createdate'] as const;

/** Which inquiry a scoring belongs to: a new form submission or inquiry date starts a new one; a re-score does not. */
export interface Inquiry {
  /** Stable key of the inquiry: the instant that dates it (ISO 8601), or "undated". */
  readonly key: string;
  readonly at: Date | null;
}

/** Reads a HubSpot datetime value: ISO 8601 or epoch milliseconds (HubSpot returns both forms). */
export function parseHubSpotDateTime(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  const at = /^\d{10,14}$/.test(text) ? new Date(Number(text)) : new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The inquiry a contact's current properties describe. */
export function readInquiry(props: ContactProperties): Inquiry {
  for (const name of INQUIRY_DATE_PROPERTIES) {
    const at = parseHubSpotDateTime(props[name]);
    if (at) return { key: at.toISOString(), at };
  }
  return { key: 'undated', at: null };
}

/** True when the inquiry is older than `maxAgeDays` at `now` (an undated one is never too old). */
export function isInquiryTooOld(inquiry: Inquiry, now: Date, maxAgeDays: number): boolean {
  return inquiry.at !== null && now.getTime() - inquiry.at.getTime() > maxAgeDays * 86_400_000;
}

/**
 * A respond-by that has already passed is never moved later by a re-score: the lead stays
 * overdue until someone acts. It applies when the passed respond-by belongs to the same inquiry
 * (set at or after the inquiry's date) or when the contact still has an open follow-up task
 * (the patient wrote again before anyone answered). A result that needs no outreach keeps null.
 */
export function holdPassedRespondBy(result: QualificationResult, previous: Date | null, inquiry: Inquiry, hasOpenTask: boolean, now: Date): QualificationResult {
  if (previous === null || result.respondBy === null || previous.getTime() > now.getTime()) return result;
  const sameInquiry = inquiry.at === null || previous.getTime() >= inquiry.at.getTime();
  if (!sameInquiry && !hasOpenTask) return result;
  if (result.respondBy.getTime() <= previous.getTime()) return result;
  return { ...result, respondBy: previous };
}
