import { Router } from 'express';
import { consoleSecurityHeaders } from '../console/console-security.middleware';
import { html, type SafeHtml } from '../console/html';
import { renderPage } from '../console/views/layout.view';
import { renderPrivacy } from './privacy.view';
import { renderSetupGuide } from './setup-guide.view';
import { renderSupport } from './support.view';
import { renderTerms } from './terms.view';
import type { PublicPagesSettings } from './public-pages.settings';

/**
 * The pages HubSpot's marketplace listing links to (privacy policy, terms, support, setup
 * guide), readable without signing in: HubSpot's reviewers and practices considering the app
 * have no CareQual session. They render in the console's layout under the console's strict
 * CSP, set no cookie and read nothing from the request, so they carry no session or PHI.
 */
export const PUBLIC_PAGES: Readonly<Record<string, { title: string; render: (s: PublicPagesSettings) => SafeHtml }>> = {
  '/privacy': { title: 'Privacy policy', render: renderPrivacy },
  '/terms': { title: 'Terms of use', render: renderTerms },
  '/support': { title: 'Support', render: renderSupport },
  '/setup-guide': { title: 'Setup guide', render: renderSetupGuide },
};

const FOOTER = html`<p>CareQual · lead qualification for medical practices ·
  ${Object.entries(PUBLIC_PAGES).map(([path, page], i) => html`${i > 0 ? ' · ' : ''}<a href="${path}">${page.title}</a>`)}</p>`;

/** `GET /privacy`, `/terms`, `/support`, `/setup-guide`: rendered once, served to anyone. */
export function createPublicPagesRouter(settings: PublicPagesSettings): Router {
  const router = Router();
  const security = consoleSecurityHeaders(settings.publicBaseUrl);
  for (const [path, page] of Object.entries(PUBLIC_PAGES)) {
    const body = renderPage({ title: page.title, footer: FOOTER }, page.render(settings));
    router.get(path, security, (_req, res) => {
      res.status(200).type('html').send(body);
    });
  }
  return router;
}
