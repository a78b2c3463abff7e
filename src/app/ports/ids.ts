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
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('tenant.invalid_id', 'A tenant id is a positive integer', { expose: true });
  return value as TenantId;
}
