/**
 * The one map from error codes to HTTP status. A code not listed here is a 500 whose details
 * stay in the log. Add a code when a use case starts throwing it.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'request.invalid': 400,
  // An id no CRM gives (a contact id that is not 1–20 digits, a portal id past 2^53), met where
  // a request is parsed into the app's branded ids (src/app/ports/ids.ts): the caller's mistake,
  // and HubSpot does not retry a 400 (it retries a 5xx for 3 days).
  'contact.invalid_id': 400,
  'tenant.invalid_id': 400,
  'request.malformed_json': 400,
  'webhook.not_json': 400,
  'webhook.not_array': 400,
  'criteria.invalid': 422,
  'auth.required': 401,
  'auth.session_expired': 401,
  'webhook.signature_invalid': 401,
  'auth.forbidden': 403,
  'csrf.invalid': 403,
  'oauth.state_invalid': 400,
  'oauth.access_denied': 400,
  'not_found': 404,
  'portal.not_found': 404,
  'conflict': 409,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'rate_limited': 429,
  'dependency.unavailable': 503,
  'redis.unavailable': 503,
  'database.unavailable': 503,
  'hubspot.unavailable': 502,
  // Install and tenancy (issue 5).
  'oauth.authorization_failed': 400,
  'oauth.code_missing': 400,
  'oauth.code_invalid': 400,
  'oauth.exchange_failed': 502,
  'install.bootstrap_failed': 502,
  'tenancy.cross_portal_access': 403,
  'installation.not_found': 404,
  'criteria.version_not_found': 404,
  'installation.needs_reauth': 409,
  'installation.already_uninstalled': 409,
  'hubspot.rate_limited': 503,
  'hubspot.locked': 503,
  'hubspot.migration_in_progress': 503,
  'lock.timeout': 503,
  // Console identities (issue 18).
  'auth.reauth_required': 403,
  'user.not_found': 404,
  'user.last_admin': 409,
  'invitation.invalid': 410,
  'passkey.invalid': 400,
  'passkey.sign_in_failed': 401,
  // Workflow actions (issue 21): HubSpot retries a 429 after its Retry-After, never another 4xx.
  'workflow_action.signature_invalid': 401,
  'workflow_action.unsupported_object': 400,
  'hubspot.budget_exhausted': 429,
};

export function statusForCode(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}
