import { html, type SafeHtml } from '../html';
import type { ConsoleRole } from '../console.ports';
import { CONSOLE_ASSETS } from '../console-assets';
import { mayOpen } from '../access-table';

export type ConsoleNav = 'criteria' | 'try' | 'safety' | 'simulate' | 'audit' | 'health' | 'access' | 'effectiveness';

export interface PageFrame {
  title: string;
  nav?: ConsoleNav;
  /** Absent on the sign-in and error pages. */
  user?: { userId: number; portalId: number; role: ConsoleRole; csrfToken: string; idleMs: number; sessionEndsAt?: Date; displayName?: string };
  notice?: { kind: 'success' | 'info' | 'error'; text: string; actions?: SafeHtml };
  /** Extra scripts (asset URLs), e.g. the passkey ceremony on the sign-in and invitation pages. */
  scripts?: readonly string[];
  /** Replaces the console footer (the public pages link to one another and record nothing). */
  footer?: SafeHtml;
}

const NAV: Array<{ id: ConsoleNav; href: string; label: string; adminOnly?: boolean }> = [
  { id: 'criteria', href: '/console/criteria', label: 'Criteria' },
  { id: 'try', href: '/console/try', label: 'Try a lead' },
  { id: 'safety', href: '/console/safety', label: 'Safety' },
  { id: 'simulate', href: '/console/simulate', label: 'Simulate' },
  { id: 'audit', href: '/console/audit', label: 'Audit log' },
  { id: 'effectiveness', href: '/console/effectiveness', label: 'Effectiveness' },
  { id: 'health', href: '/console/health', label: 'Health' },
  { id: 'access', href: '/console/access', label: 'Users' },
];

export const ROLE_LABEL: Record<ConsoleRole, string> = { admin: 'Admin', editor: 'Editor', compliance: 'Compliance', viewer: 'Viewer' };

/** The page shell: skip link, header with navigation and the user, main content, footer. */
export function renderPage(frame: PageFrame, body: SafeHtml): string {
  const user = frame.user;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · CareQual</title>
<link rel="stylesheet" href="${CONSOLE_ASSETS.css.url}">
<link rel="icon" href="${CONSOLE_ASSETS.icon.url}" type="image/svg+xml">
<script src="${CONSOLE_ASSETS.js.url}" defer></script>
${user ? html`<script src="${CONSOLE_ASSETS.session.url}" defer></script>` : ''}
${(frame.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body${user ? html` data-idle-ms="${user.idleMs}"${user.sessionEndsAt ? html` data-session-ends-at="${user.sessionEndsAt.toISOString()}"` : ''}` : ''}>
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="/console">
      <span class="brand-mark" aria-hidden="true">CQ</span><span class="brand-name">CareQual</span>
    </a>
    ${user ? html`<nav class="mainnav" aria-label="Console">
      <ul>${NAV.filter((n) => mayOpen(user.role, n.href)).map((n) => html`<li><a href="${n.href}"${n.id === frame.nav ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul>
    </nav>
    <div class="whoami">
      <span class="whoami-text">${user.displayName ?? `HubSpot user ${user.userId}`} · Portal ${user.portalId}</span>
      <span class="chip chip-${user.role}">${ROLE_LABEL[user.role]}</span>
      <form method="post" action="/console/sign-out" class="inline-form">
        <input type="hidden" name="_csrf" value="${user.csrfToken}">
        <button type="submit" class="btn btn-quiet btn-small">Sign out</button>
      </form>
    </div>` : ''}
  </div>
</header>
<main id="main" class="page" tabindex="-1">
  ${frame.notice ? html`<div class="notice notice-${frame.notice.kind}" role="${frame.notice.kind === 'error' ? 'alert' : 'status'}">${frame.notice.text}${frame.notice.actions ?? ''}</div>` : ''}
  ${body}
</main>
<footer class="footer">${frame.footer ?? html`<p>CareQual · lead qualification for medical practices · every sign-in, view and change here is recorded in the audit log</p>`}</footer>
</body>
</html>`.value;
}

/** Page heading with an optional lead paragraph and actions on the right. */
export function pageHeader(title: string, lead?: string, actions?: SafeHtml): SafeHtml {
  return html`<div class="page-header">
    <div><h1>${title}</h1>${lead ? html`<p class="lead">${lead}</p>` : ''}</div>
    ${actions ? html`<div class="page-actions">${actions}</div>` : ''}
  </div>`;
}

/** A status chip: calm colours, text always says the status (colour is never the only cue). */
export function chip(text: string, tone: 'ok' | 'warn' | 'bad' | 'neutral' | 'info'): SafeHtml {
  return html`<span class="chip chip-${tone}">${text}</span>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function formatDateTime(d: Date | undefined): string {
  if (!d) return '—';
  return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
