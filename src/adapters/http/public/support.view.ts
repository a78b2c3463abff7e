import { html, type SafeHtml } from '../console/html';
import { pageHeader } from '../console/views/layout.view';
import { supportContact, type PublicPagesSettings } from './public-pages.settings';

/** The support page the listing's support URL points at: how to reach help, and the answers to the usual questions. */
export function renderSupport(settings: PublicPagesSettings): SafeHtml {
  return html`${pageHeader('Support', 'How to get help with CareQual, and answers to the questions practices ask most.')}
  <div class="card">
    <h2>Contact</h2>
    <p>Write to ${supportContact(settings)}. Tell us your HubSpot account id (shown in the console's header) and what you
      saw; never send patient details: we do not need them, and CareQual's logs do not hold them.</p>
    <p>Your console's <strong>Health</strong> page shows whether CareQual is connected, how far behind it is and whether a
      re-score is running; it is the first place to look.</p>
  </div>
  <div class="card">
    <h2>Common questions</h2>
    <h3>A new contact has no CareQual score</h3>
    <p>Scores usually arrive within seconds. Check the Health page: if the installation needs re-authorisation, install
      CareQual again from the same link. Contacts created before the install are scored by <strong>Re-score all</strong>.</p>
    <h3>I changed my criteria and old contacts did not change</h3>
    <p>Publishing applies to new and changed contacts. Use <strong>Re-score all</strong> on the Health page for the rest.</p>
    <h3>Someone on my team cannot open the console</h3>
    <p>The installer is an admin, and so is every HubSpot Super Admin who signs in with HubSpot when CareQual was granted
      the optional user-list permission. Other HubSpot users who sign in with HubSpot start as viewers; an admin changes
      roles on the Users page. Staff without HubSpot access need an invitation from an admin, then sign in with a passkey.</p>
    <h3>How do I remove CareQual?</h3>
    <p>See <a href="/setup-guide">the setup guide</a>: export the audit log first, then uninstall in HubSpot.</p>
  </div>
  <div class="card">
    <h2>More</h2>
    <p><a href="/setup-guide">Setup guide</a> · <a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a></p>
  </div>`;
}
