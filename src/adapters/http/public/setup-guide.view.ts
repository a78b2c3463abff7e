import { html, type SafeHtml } from '../console/html';
import { pageHeader } from '../console/views/layout.view';
import { retentionWords, supportContact, uninstallNoticeWords, type PublicPagesSettings } from './public-pages.settings';

/**
 * The setup guide HubSpot's listing requires: install, configure, data modes, disconnect and
 * uninstall, what is deleted and when, and exporting the audit log first. Every statement
 * follows the code it describes (install-portal.ts, uninstall-portal.ts, createPortalPurge,
 * audit retention, data-mode.ts); figures come from this deployment's configuration.
 */
export function renderSetupGuide(settings: PublicPagesSettings): SafeHtml {
  const base = settings.publicBaseUrl;
  return html`${pageHeader('Setup guide', 'From installing CareQual in HubSpot to removing it, and what happens to your data at each step.')}
  <div class="card">
    <h2>1. Install</h2>
    <p>A HubSpot <strong>Super Admin</strong> (or a user with Marketplace Access) installs CareQual, either with
      <strong>Install</strong> on CareQual's listing in the HubSpot App Marketplace or from
      <a href="${base}/oauth/install">${base}/oauth/install</a>. HubSpot shows the permissions CareQual asks for:
      reading and writing contacts, and creating CareQual's own contact properties. The Sensitive Data permissions and
      the user-list permission are optional.</p>
    <p>When you approve, CareQual creates the <span class="mono">carequal</span> property group and its
      <span class="mono">carequal_*</span> contact properties (score, band, outcome, route, reasons, respond-by and
      others), starts your account on the built-in criteria template and opens the CareQual console.</p>
    <p>If you installed from the marketplace, you land back in HubSpot (or on CareQual's <em>Installed</em> page) and are
      not signed in to CareQual yet: open the console and choose <strong>Sign in with HubSpot</strong>. The installer is the
      console's first admin.</p>
  </div>
  <div class="card">
    <h2>2. Configure your criteria</h2>
    <ol>
      <li>Open the console (<a href="${base}/console">${base}/console</a>) and go to <strong>Criteria</strong>.</li>
      <li>Set your practice locations and service radius, service lines, accepted payers, which of your HubSpot
        contact properties feed each signal (your form fields may be named differently from the template's), the
        points per rule, the band thresholds, response times and business hours.</li>
      <li><strong>Save</strong> creates a new draft version; nothing changes for contacts yet. Use
        <strong>Simulate</strong> to see how a sample of your recent contacts would move, and
        <strong>Try a lead</strong> to score an example without writing anything.</li>
      <li><strong>Publish</strong> (admins) makes the version live for new and changed contacts. To apply it to
        contacts scored before, use <strong>Re-score all</strong> on the Health page. Rolling back is publishing an
        older version.</li>
    </ol>
    <p>When you publish, CareQual asks HubSpot to tell it about changes to exactly the contact properties your
      criteria read, so a change to one of your own fields re-qualifies the contact.</p>
  </div>
  <div class="card">
    <h2>3. Data modes</h2>
    <p>CareQual picks the mode from the permissions HubSpot granted; you can see it on the Health page.</p>
    <ul>
      <li><strong>Standard</strong> (every account without HubSpot's Sensitive Data feature): CareQual's properties are
        created as non-sensitive and it writes nothing health-revealing into HubSpot: codes and neutral words only.</li>
      <li><strong>Sensitive</strong> (Enterprise accounts with Sensitive Data turned on, under HubSpot's BAA, that grant
        both optional sensitive contact permissions): CareQual's properties are created as sensitive, it may read
        inquiry fields you marked sensitive, and reasons may name what your criteria name.</li>
    </ul>
    <p>To move from standard to sensitive, turn on Sensitive Data in HubSpot, then install CareQual again with the
      same link and approve the sensitive permissions. CareQual re-creates its own properties as sensitive; run
      <strong>Re-score all</strong> afterwards to write the results again.</p>
  </div>
  <div class="card">
    <h2>4. Before you remove CareQual: export the audit log</h2>
    <p>Removing CareQual ends every console user's access at once, so export first. A console <strong>admin</strong> or
      <strong>compliance</strong> user opens <strong>Audit log</strong>, sets the date range, and chooses
      <strong>Export CSV</strong> or <strong>Export JSONL</strong>; <strong>Verify integrity</strong> confirms that nothing
      in the log was altered. After removal, ask ${supportContact(settings)} for an export.</p>
  </div>
  <div class="card">
    <h2>5. Disconnect and uninstall</h2>
    <p>In HubSpot, a Super Admin goes to <strong>Settings → Integrations → Connected apps</strong>, chooses CareQual
      and <strong>Uninstall</strong>. HubSpot revokes CareQual's access at once. CareQual learns of it from HubSpot
      ${uninstallNoticeWords(settings.journalPollMs)} and then deletes your account's data as listed below. There is no
      separate "disconnect": uninstalling is how CareQual is disconnected. The operator can also uninstall CareQual
      from your account on request; the result is the same.</p>
  </div>
  ${renderDeletionTable(settings)}`;
}

function renderDeletionTable(settings: PublicPagesSettings): SafeHtml {
  const retention = retentionWords(settings.auditRetentionMonths);
  return html`<div class="card">
    <h2>6. What is deleted, and when</h2>
    <div class="table-wrap" tabindex="0" role="region" aria-label="What is deleted"><table>
      <thead><tr><th scope="col">Data</th><th scope="col">Where</th><th scope="col">What happens at uninstall</th></tr></thead>
      <tbody>
        <tr><td>HubSpot access and refresh tokens (encrypted)</td><td>CareQual</td><td>Deleted at once</td></tr>
        <tr><td>Every criteria version</td><td>CareQual</td><td>Deleted at once</td></tr>
        <tr><td>Console users, passkeys, invitations and open sessions</td><td>CareQual</td><td>Deleted at once; nobody can sign in</td></tr>
        <tr><td>Qualification jobs still waiting</td><td>CareQual's queue</td><td>Dropped at once</td></tr>
        <tr><td>Audit log (ids, property names and outcomes; never contact values)</td><td>CareQual</td><td>Kept ${retention}
          (${settings.auditRetentionMonths} months, as HIPAA asks for documentation), then removed month by month</td></tr>
        <tr><td>Follow-up task bookkeeping (contact and task ids) and effectiveness counts (numbers per band and week)</td>
          <td>CareQual</td><td>Deleted at once</td></tr>
        <tr><td>The <span class="mono">carequal_*</span> property values and CareQual's tasks</td><td>Your HubSpot account</td>
          <td>Stay: they are your data. A Super Admin can delete the <span class="mono">carequal</span> property group in HubSpot.</td></tr>
        <tr><td>Contact property values (names, e-mails, messages)</td><td>Your HubSpot account only</td>
          <td>CareQual never stores them: it reads them for scoring and forgets them</td></tr>
      </tbody>
    </table></div>
  </div>`;
}
