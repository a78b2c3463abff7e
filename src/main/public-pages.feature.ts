import { createPublicPagesRouter } from '../adapters/http/public/public-pages.routes';
import type { FeatureWiring } from './runtime';

/**
 * The public pages the HubSpot marketplace listing links to (privacy, terms, support, setup
 * guide): served by the web role without a session, their facts taken from configuration.
 */
export function createPublicPagesFeature(): FeatureWiring {
  return {
    createRouters({ config }) {
      return [createPublicPagesRouter({
        publicBaseUrl: config.PUBLIC_BASE_URL, supportEmail: config.SUPPORT_EMAIL,
        auditRetentionMonths: config.AUDIT_RETENTION_MONTHS, journalPollMs: config.HUBSPOT_JOURNAL_POLL_MS,
      })];
    },
  };
}
