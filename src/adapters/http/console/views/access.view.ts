import type { ConsoleInvitation, ConsolePasskey, ConsoleUser } from '../../../../app/console-access/console-access.port';
import { ROLE_CHOICES } from '../../../../app/console-access/manage-console-users';
import { describeActor } from '../../../../app/actor-label';
import { html, type SafeHtml } from '../html';
import { ROLE_LABEL, csrfField, formatDateTime, pageHeader } from './layout.view';

export interface UsersView {
  users: ConsoleUser[];
  passkeys: ConsolePasskey[];
  invitations: ConsoleInvitation[];
  csrfToken: string;
  me: number;
  /** People's names by user id (listActorNames): the admin's labels, else HubSpot's. */
  names: ReadonlyMap<string, string>;
  /** The link of an invitation just made: shown this once, to copy. */
  newInvitation?: { link: string; invitation: ConsoleInvitation };
}

const ROLE_HINT = 'Admin: users, criteria and publishing · Editor: criteria drafts, simulate, try a lead · Compliance: audit log and export, criteria read-only · Viewer: health and criteria read-only';

const roleOptions = (selected?: string): SafeHtml[] => ROLE_CHOICES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${ROLE_LABEL[r]}</option>`);

const nameOf = (view: UsersView, u: ConsoleUser): string => describeActor({ kind: 'user', hubspotUserId: String(u.userId) }, view.names);

function userRow(view: UsersView, u: ConsoleUser): SafeHtml {
  const keys = view.passkeys.filter((p) => p.userId === u.userId);
  const csrf = csrfField(view.csrfToken);
  return html`<tr data-user-id="${u.userId}">
    <th scope="row" data-label="User">${nameOf(view, u)}${u.userId === view.me ? html` <span class="muted small">(you)</span>` : ''}<div class="muted small mono">${u.userId}</div></th>
    <td data-label="Signs in with">${u.kind === 'hubspot' ? 'Sign in with HubSpot' : 'Passkey'}
      ${keys.length > 0 ? html`<ul class="plain small">${keys.map((k) => html`<li>Passkey added ${formatDateTime(k.createdAt)}, last used ${formatDateTime(k.lastUsedAt)}
        <form class="inline-form" method="post" action="/console/access/passkeys/remove" data-confirm="Remove this passkey? It stops working at once.">${csrf}<input type="hidden" name="credentialId" value="${k.credentialId}">
        <button class="btn btn-small btn-quiet" type="submit">Remove passkey</button></form></li>`)}</ul>` : ''}</td>
    <td data-label="Role"><form class="inline-form" method="post" action="/console/access/grant">${csrf}<input type="hidden" name="userId" value="${u.userId}">
      <label class="visually-hidden" for="role-${u.userId}">Role of ${nameOf(view, u)}</label>
      <select id="role-${u.userId}" name="role">${roleOptions(u.role)}</select>
      <button class="btn btn-small" type="submit">Change role</button></form></td>
    <td data-label="Actions">${u.role !== 'viewer' ? html`<form class="inline-form" method="post" action="/console/access/revoke">${csrf}<input type="hidden" name="userId" value="${u.userId}">
        <button class="btn btn-small btn-quiet" type="submit">Make viewer<span class="visually-hidden">: ${nameOf(view, u)}</span></button></form>` : ''}
      <form class="inline-form" method="post" action="/console/access/remove" data-confirm="Remove ${nameOf(view, u)}? Their passkeys stop working and open sessions end at once.">${csrf}<input type="hidden" name="userId" value="${u.userId}">
        <button class="btn btn-small btn-danger" type="submit">Remove<span class="visually-hidden"> ${nameOf(view, u)}</span></button></form></td>
  </tr>`;
}

/** The admin's users page: who may use the console, their roles and passkeys, invitations. */
export function renderUsers(view: UsersView): SafeHtml {
  const csrf = csrfField(view.csrfToken);
  return html`${pageHeader('Users', 'Who may use this console and what they may do. Changes take effect at once; every change is in the audit log.')}
  ${view.newInvitation ? html`<section class="card" aria-labelledby="new-invite">
    <h2 id="new-invite">Invitation for ${view.newInvitation.invitation.label}</h2>
    <p>Copy this link and give it to ${view.newInvitation.invitation.label} yourself (CareQual sends no e-mail). It works once, until ${formatDateTime(view.newInvitation.invitation.expiresAt)}, and is not shown again.</p>
    <p><label for="invite-link">Invitation link</label><input id="invite-link" class="mono" type="text" readonly value="${view.newInvitation.link}" data-invite-link></p>
  </section>` : ''}
  <section class="card" aria-labelledby="users-h"><h2 id="users-h">Who has access</h2>
    <p class="muted small">${ROLE_HINT}</p>
    <div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">User</th><th scope="col">Signs in with</th><th scope="col">Role</th><th scope="col">Actions</th></tr></thead>
    <tbody>${view.users.map((u) => userRow(view, u))}</tbody></table></div>
  </section>
  <section class="card" aria-labelledby="invite-h"><h2 id="invite-h">Invite someone</h2>
    <p>For staff who cannot sign in with HubSpot (HubSpot lets only Super Admins and users with Marketplace Access do that). They sign in with a passkey.</p>
    <form method="post" action="/console/access/invite" class="filters">${csrf}
      <div class="field"><label for="invite-label">Name (for this list)</label><input id="invite-label" name="label" type="text" maxlength="80" required></div>
      <div class="field"><label for="invite-role">Role</label><select id="invite-role" name="role">${roleOptions('viewer')}</select></div>
      <div class="field"><button class="btn btn-primary" type="submit">Create invitation link</button></div>
    </form>
    ${view.invitations.length > 0 ? html`<h3>Open invitations</h3><ul class="plain">${view.invitations.map((i) => html`<li>${i.label} · ${ROLE_LABEL[i.role]} · expires ${formatDateTime(i.expiresAt)}</li>`)}</ul>` : ''}
  </section>`;
}
