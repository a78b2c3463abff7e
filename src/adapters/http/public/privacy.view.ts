import { html, type SafeHtml } from '../console/html';
import { pageHeader } from '../console/views/layout.view';
import { retentionWords, supportContact, type PublicPagesSettings } from './public-pages.settings';

/**
 * The privacy policy the marketplace listing links to. It describes what the code does with
 * data (DESIGN.md §7, docs/hipaa.md): contact values are read for scoring and never stored,
 * the audit log holds ids and property names only, and nothing leaves for a third party.
 */
export function renderPrivacy(settings: PublicPagesSettings): SafeHtml {
  return html`${pageHeader('Privacy policy', 'What CareQual reads, writes and keeps when a medical practice installs it in HubSpot.')}
  <div class="card">
    <h2>What CareQual reads</h2>
    <p>When a contact is created or one of the properties your criteria use changes, HubSpot notifies CareQual with the
      contact's id. CareQual then reads only the contact properties your published criteria need (for example the
      inquiry message, ZIP code, insurance, service interest, consent and contact details), scores the contact in memory
      and forgets the values. With the optional Sensitive Data permissions it may also read properties you marked sensitive.</p>
    <p>"Sign in with HubSpot" reads who you are (your HubSpot user id and account) and, with the optional user-list
      permission, whether you are a Super Admin.</p>
  </div>
  <div class="card">
    <h2>What CareQual writes into HubSpot</h2>
    <p>The <span class="mono">carequal_*</span> contact properties (score, dimension scores, band, outcome, route,
      reasons, missing information, respond-by, re-check date, criteria version, scored time) and a follow-up task for
      care-ready and safety-flagged inquiries. Reasons never quote the inquiry's own text; in standard data mode they
      reveal no health condition at all.</p>
  </div>
  <div class="card">
    <h2>What CareQual keeps, and for how long</h2>
    <ul>
      <li><strong>Contact property values</strong> (names, e-mails, phone numbers, messages): never stored, never logged,
        never put in a queue.</li>
      <li><strong>Your installation</strong>: account id, granted permissions, data mode and HubSpot tokens (encrypted with
        AES-256-GCM), until you uninstall.</li>
      <li><strong>Criteria versions</strong> and <strong>console users</strong> (HubSpot user ids, roles, labels you give
        invited staff, passkey public keys): until you uninstall.</li>
      <li><strong>The audit log</strong>: who did what, when, to which contact id and which property names, with the outcome;
        never values. Kept ${retentionWords(settings.auditRetentionMonths)}, tamper-evident, then removed month by month.</li>
      <li><strong>Technical logs and job queues</strong>: ids, counts and durations only; finished jobs are removed after
        24 hours, failed ones after 14 days.</li>
    </ul>
    <p>The <a href="/setup-guide">setup guide</a> lists what is deleted when you uninstall.</p>
  </div>
  <div class="card">
    <h2>Who else sees your data</h2>
    <p>No one. CareQual's enrichment (phone checks, distance from your locations, payer matching, intent and urgency
      phrases) runs inside CareQual with bundled data; no contact data is sent to any third party. CareQual does not sell,
      rent or share data, does not use it for advertising and does not train models on it.</p>
  </div>
  <div class="card">
    <h2>Health information</h2>
    <p>Contacts of a medical practice can be protected health information. Practices that handle it in HubSpot use
      HubSpot's Sensitive Data feature under HubSpot's business associate agreement, and sign one with the operator of
      CareQual. CareQual does not make clinical judgements: an inquiry that mentions an emergency is never disqualified
      and is sent to clinical review.</p>
  </div>
  <div class="card">
    <h2>Your choices and questions</h2>
    <p>Contacts' rights (access, correction, deletion) are exercised through the practice, in HubSpot; a contact deleted
      in HubSpot is no longer read by CareQual. For questions about this policy write to ${supportContact(settings)}.</p>
  </div>`;
}
