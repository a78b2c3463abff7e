import type { OpenInvitation } from '../../../../app/console-access/manage-console-users';
import { CONSOLE_ASSETS } from '../console-assets';
import { html } from '../html';
import { ROLE_LABEL, renderPage } from './layout.view';

const CLOSED: Record<Exclude<OpenInvitation['kind'], 'open'>, string> = {
  used: 'This invitation was already used. If that was you, sign in with your passkey. Otherwise ask your CareQual admin for a new invitation.',
  expired: 'This invitation has expired. Ask your CareQual admin for a new one.',
  unknown: 'This invitation link is not valid. Check that you copied all of it, or ask your CareQual admin for a new one.',
};

/** The page an invitation link opens: create a passkey (or why the link no longer works). */
export function renderInvitationPage(opened: OpenInvitation, token: string): string {
  if (opened.kind !== 'open') {
    return renderPage({ title: 'Invitation' }, html`<div class="signin"><div class="card">
      <span class="brand-mark" aria-hidden="true">CQ</span>
      <h1>Invitation not usable</h1>
      <p>${CLOSED[opened.kind]}</p>
      <p><a class="btn" href="/console/sign-in">Go to sign-in</a></p>
    </div></div>`);
  }
  const { invitation } = opened;
  const base = `/console/invite/${encodeURIComponent(token)}`;
  return renderPage({ title: 'Accept invitation', scripts: [CONSOLE_ASSETS.webauthn.url, CONSOLE_ASSETS.passkey.url] }, html`<div class="signin"><div class="card">
    <span class="brand-mark" aria-hidden="true">CQ</span>
    <h1>Welcome to CareQual, ${invitation.label}</h1>
    <p>Your practice's admin invited you to its CareQual console as <strong>${ROLE_LABEL[invitation.role]}</strong>.</p>
    <p>You sign in with a <strong>passkey</strong>: your device's screen lock (fingerprint, face or PIN) or a security key. There is no password to remember or leak.</p>
    <div class="notice notice-error" role="alert" data-passkey-error hidden></div>
    <button class="btn btn-primary" type="button" data-passkey="register" data-options-url="${base}/options.json" data-verify-url="${base}/register.json">Create my passkey</button>
    <p class="small muted">This link works once and expires ${invitation.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.</p>
  </div></div>`);
}
