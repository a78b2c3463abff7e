import { AppError } from '../errors';

/*
 * The tenant id the app passes between its ports, branded so the compiler refuses any other
 * number (a version, a user id, a count) where a tenant belongs. At run time it is the CRM's own
 * value, unchanged: HubSpot's numeric portal id. A CRM adapter converts at its boundary (webhook,
 * journal and job parsing, OAuth install, its repositories' rows, CLI arguments) with the
 * functions below; nothing else casts.
 */

declare const tenantBrand: unique symbol;

/** One customer account of the CRM (HubSpot: the portal id, `hub_id`). */
export type TenantId = number & { readonly [tenantBrand]: 'TenantId' };

/** A tenant id from a number the CRM gave: a positive safe integer, else AppError `tenant.invalid_id`. */
export function tenantId(value: number): TenantId {
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('tenant.invalid_id', 'A tenant (portal) id is a whole number from 1 to 2^53 − 1', { expose: true });
  return value as TenantId;
}

declare const contactBrand: unique symbol;

/**
 * One contact of a tenant's CRM, branded so the compiler refuses any other string (a task id, an
 * owner id, a job id) where a contact belongs. At run time it is the CRM's own value, unchanged:
 * HubSpot's record id, a decimal string of digits. Converted at the adapter boundary (webhook,
 * journal and job parsing, CRM answers, repository rows, console and CLI inputs) with
 * {@link contactId}; nothing else casts.
 */
export type ContactId = string & { readonly [contactBrand]: 'ContactId' };

/** A contact id from a string the CRM gave: 1–20 decimal digits, else AppError `contact.invalid_id`. */
export function contactId(value: string): ContactId {
  if (!CONTACT_ID.test(value)) throw new AppError('contact.invalid_id', 'A contact id is a string of 1 to 20 digits', { expose: true });
  return value as ContactId;
}

/** Whether a string (a console filter, a CLI argument) is a contact id the CRM could have given. */
export function isContactId(value: string): value is ContactId {
  return CONTACT_ID.test(value);
}

const CONTACT_ID = /^\d{1,20}$/;
