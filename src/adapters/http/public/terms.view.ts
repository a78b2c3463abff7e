import { html, type SafeHtml } from '../console/html';
import { pageHeader } from '../console/views/layout.view';
import { supportContact, type PublicPagesSettings } from './public-pages.settings';

/** The terms of use the marketplace listing links to: what CareQual is and is not, and who answers for what. */
export function renderTerms(settings: PublicPagesSettings): SafeHtml {
  return html`${pageHeader('Terms of use', 'The terms under which a practice uses CareQual in its HubSpot account.')}
  <div class="card">
    <h2>The service</h2>
    <p>CareQual scores new contacts of a medical practice's HubSpot account for fit, intent and readiness against the
      criteria the practice sets, writes the result onto the contact and creates follow-up tasks. It is installed by a
      HubSpot Super Admin, who accepts these terms for the practice.</p>
  </div>
  <div class="card">
    <h2>Not clinical advice</h2>
    <p>CareQual is an intake prioritisation tool. It does not diagnose, triage clinically or give medical advice. Its
      scores follow the practice's own criteria; the practice decides whom to contact and how. Inquiries that mention an
      emergency are flagged for clinical review, but CareQual is not an emergency service and may miss wording it does
      not know.</p>
  </div>
  <div class="card">
    <h2>The practice's responsibilities</h2>
    <ul>
      <li>Having the right to process its contacts' data in HubSpot, including consent where the law asks for it.</li>
      <li>Using HubSpot's Sensitive Data feature and the business associate agreements HIPAA asks for when contacts hold
        protected health information.</li>
      <li>Reviewing its criteria before publishing them (the console's simulation shows their effect) and keeping
        console access to the people who need it.</li>
    </ul>
  </div>
  <div class="card">
    <h2>Data</h2>
    <p>Contact data stays the practice's. How CareQual handles it is described in the <a href="/privacy">privacy policy</a>;
      what is deleted at uninstall is in the <a href="/setup-guide">setup guide</a>.</p>
  </div>
  <div class="card">
    <h2>Availability and changes</h2>
    <p>CareQual is provided as is. When it cannot reach HubSpot, work waits and is retried; nothing is lost, but scores
      may arrive late. The practice may uninstall CareQual at any time. Changes to these terms are published on this page.</p>
  </div>
  <div class="card">
    <h2>Contact</h2>
    <p>Questions about these terms: ${supportContact(settings)}.</p>
  </div>`;
}
