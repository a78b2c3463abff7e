import { html, type SafeHtml } from '../console/html';

/** What the public pages state about this deployment; all from configuration, so they stay true. */
export interface PublicPagesSettings {
  publicBaseUrl: string;
  /** SUPPORT_EMAIL; absent, the pages send people to the team that runs CareQual for them. */
  supportEmail?: string;
  /** AUDIT_RETENTION_MONTHS */
  auditRetentionMonths: number;
  /** HUBSPOT_JOURNAL_POLL_MS (0: uninstalls are noticed at the next token refresh). */
  journalPollMs: number;
}

/** The support contact as a link, or a plain sentence when no address is configured. */
export function supportContact(settings: PublicPagesSettings): SafeHtml {
  return settings.supportEmail
    ? html`<a href="mailto:${settings.supportEmail}">${settings.supportEmail}</a>`
    : html`the team that runs CareQual for your practice`;
}

/** "6 years" for 72 months, "18 months" otherwise. */
export function retentionWords(months: number): string {
  return months % 12 === 0 ? `${months / 12} year${months === 12 ? '' : 's'}` : `${months} months`;
}

/** How soon CareQual deletes an account's data after an uninstall made in HubSpot (journal poll). */
export function uninstallNoticeWords(journalPollMs: number): string {
  const seconds = Math.ceil((journalPollMs * 2) / 1000);
  return seconds <= 120 ? `within about ${seconds} seconds` : `within about ${Math.ceil(seconds / 60)} minutes`;
}
