import { z } from 'zod';

/**
 * The HubSpot project's config profile (`hubspot-project/src/hsprofile.<name>.json`): the
 * developer account the project uploads to and the variables its *-hsmeta.json files use
 * (redirect URLs, webhook target, the listing's support fields). HubSpot's marketplace review
 * opens the support and documentation links, so a profile that still points at a placeholder
 * must never be uploaded: {@link buildHsProfile} makes one from configuration and
 * {@link profileProblems} refuses a file that is not real.
 */
export interface HsProfile {
  accountId: number;
  variables: { PUBLIC_BASE_URL: string; SUPPORT_EMAIL: string; DOCUMENTATION_URL: string; SUPPORT_URL: string };
}

/** Hosts that are never a deployment (RFC 2606 / 6761 names, loopback). */
const PLACEHOLDER_HOST = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$|^127\.|^0\.0\.0\.0$|^\[?::1\]?$/i;

const realUrl = z.url({ error: 'must be a URL' }).refine((v) => new URL(v).protocol === 'https:', 'must be an https URL (HubSpot calls it from the internet)')
  .refine((v) => !PLACEHOLDER_HOST.test(new URL(v).hostname), 'is a placeholder or local address, not the deployment');
const realEmail = z.email({ error: 'must be an e-mail address' }).refine((v) => !PLACEHOLDER_HOST.test(v.split('@')[1] ?? ''), 'is a placeholder address');

/** The configuration a production profile is generated from (the backend's own PUBLIC_BASE_URL and SUPPORT_EMAIL). */
export const HsProfileEnvSchema = z.object({
  HUBSPOT_ACCOUNT_ID: z.coerce.number({ error: 'must be the numeric id of the HubSpot developer account' }).int().positive('must be the numeric id of the HubSpot developer account (not 0)'),
  PUBLIC_BASE_URL: realUrl.transform((v) => v.replace(/\/+$/, '')),
  SUPPORT_EMAIL: realEmail,
});

/** A configuration value is missing or not real; names every variable, never echoes a value. */
export class ProfileConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The HubSpot profile cannot be made:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProfileConfigError';
  }
}

/** Builds the profile from configuration: the listing's links go to CareQual's public pages. */
export function buildHsProfile(env: Record<string, string | undefined>): HsProfile {
  const parsed = HsProfileEnvSchema.safeParse(env);
  if (!parsed.success) throw new ProfileConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const base = parsed.data.PUBLIC_BASE_URL;
  return {
    accountId: parsed.data.HUBSPOT_ACCOUNT_ID,
    variables: { PUBLIC_BASE_URL: base, SUPPORT_EMAIL: parsed.data.SUPPORT_EMAIL, DOCUMENTATION_URL: `${base}/setup-guide`, SUPPORT_URL: `${base}/support` },
  };
}

const FileSchema = z.object({
  accountId: z.number().int().positive('accountId must be the HubSpot developer account (not 0)'),
  variables: z.object({
    PUBLIC_BASE_URL: realUrl, SUPPORT_EMAIL: realEmail, DOCUMENTATION_URL: realUrl, SUPPORT_URL: realUrl,
  }),
});

/** What keeps a profile file from being uploaded for production; empty when it is real. */
export function profileProblems(profile: unknown): string[] {
  const parsed = FileSchema.safeParse(profile);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`);
}
