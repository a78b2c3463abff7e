import { InvalidArgumentError } from 'commander';
import { tenantId, type TenantId } from '../../app/ports/ids';

/** `--portal <id>`: a HubSpot portal id (a positive whole number), the tenant the command acts on. */
export function parsePortalId(value: string): TenantId {
  const n = Number(value);
  if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a HubSpot portal id (a positive whole number)');
  return tenantId(n);
}
