import type { NormalizedText } from './text-normalize';

/**
 * Age facts for the minor check (issue 17: a minor writing without a parent was handled like an
 * adult). Only explicit statements count: a date of birth, or "I'm 16" / "I am 15 years old".
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A HubSpot date (YYYY-MM-DD, epoch ms at midnight UTC) or a typed US date (MM/DD/YYYY). */
export function parseBirthDate(raw: string | null): Date | null {
  if (raw === null) return null;
  const text = raw.trim();
  let at: Date | null = null;
  if (/^\d{10,14}$/.test(text)) at = new Date(Number(text));
  else {
    const iso = ISO_DATE.exec(text);
    const us = US_DATE.exec(text);
    if (iso) at = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
    else if (us) at = new Date(Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])));
  }
  return at !== null && Number.isFinite(at.getTime()) ? at : null;
}

const STATED_AGE = /(?:^| )(?:i am|i m|im) (\d{1,2})(?: years? old| yrs? old| yo| y o)?(?= |$)(?! (?:minutes?|mins?|hours?|miles?|mi|weeks?|days?|months?|percent|times?|blocks?)(?: |$))/;

/** The age a contact states about themselves, or null. */
export function readStatedAge(message: NormalizedText | null): number | null {
  // Most messages hold no digit at all: no regex over their words (hot path).
  if (message === null || !/\d/.test(message.raw)) return null;
  const match = STATED_AGE.exec(message.normalized);
  return match ? Number(match[1]) : null;
}

/** Whole years between a birth date and `now` (UTC calendar). */
export function ageInYears(birthDate: Date, now: Date): number {
  let age = now.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday = now.getUTCMonth() < birthDate.getUTCMonth() || (now.getUTCMonth() === birthDate.getUTCMonth() && now.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}
