import type { Response } from 'express';
import { html, type SafeHtml } from './html';
import type { ConsoleDeps } from './console.ports';
import { sessionOf, type ConsoleSession } from './console-session';
import { mayUse } from '../../../app/console-access/console-permissions';
import { csrfField, renderPage, type PageFrame } from './views/layout.view';

/** Notices a redirect may ask for by code (never free text from the URL, so nothing is reflected). */
const NOTICES: Record<string, PageFrame['notice']> = {
  saved: { kind: 'success', text: 'Draft saved as a new version. It is not live until you publish it.' },
  // A publish offers the re-score (DESIGN.md §2): contacts scored before keep their result until re-scored.
  published: { kind: 'success', text: 'Published. New and re-scored contacts now use this version. Contacts scored before keep their result until you re-score them.' },
  rolled_back: { kind: 'success', text: 'Rolled back: the chosen version is live again. Contacts scored meanwhile keep their result until you re-score them.' },
  published_rescore_started: { kind: 'success', text: 'Published, and re-scoring of every contact started. Progress is on the Health page.' },
  published_rescore_already_running: { kind: 'info', text: 'Published. A re-score was already running; contacts it has not reached yet use this version.' },
  unchanged: { kind: 'info', text: 'Nothing changed since the last version, so no new version was saved.' },
  granted: { kind: 'success', text: 'Role changed.' },
  revoked: { kind: 'success', text: 'Access taken back: the user is a viewer now.' },
  removed: { kind: 'success', text: 'User removed. Their passkeys no longer work and their open sessions have ended.' },
  passkey_removed: { kind: 'success', text: 'Passkey removed.' },
  rescore_started: { kind: 'success', text: 'Re-scoring started. Progress updates below.' },
  rescore_running: { kind: 'info', text: 'A re-score is already running; showing its progress.' },
};

/** Notices after which the next steps are offered: simulate what changed, re-score everyone (issue 19). */
const AFTER_PUBLISH = new Set(['published', 'rolled_back']);

function nextStepsAfterPublish(session: ConsoleSession): SafeHtml {
  return html`<p class="notice-actions"><strong>Next steps:</strong>
    <a class="btn btn-small" href="/console/simulate">Simulate on recent contacts</a>
    ${mayUse(session.role, 'criteria.rescore') ? html`<form class="inline-form" method="post" action="/console/health/rescore" data-confirm="Re-score every contact with the live criteria? This uses part of your HubSpot API limit for a while.">
      ${csrfField(session.csrfToken)}<button class="btn btn-small btn-primary" type="submit">Re-score all contacts</button></form>` : ''}</p>`;
}

/** The signed-in user as the page frame shows them (header, idle limits). */
export function pageUserOf(deps: Pick<ConsoleDeps, 'settings'>, session: ConsoleSession): NonNullable<PageFrame['user']> {
  return {
    userId: session.userId, portalId: session.portalId, role: session.role, csrfToken: session.csrfToken,
    idleMs: deps.settings.idleTimeoutMs, sessionEndsAt: session.expiresAt, displayName: session.displayName,
  };
}

/** Sends a console page for the signed-in user. */
export function sendPage(deps: ConsoleDeps, res: Response, frame: Omit<PageFrame, 'user'>, body: SafeHtml, status = 200): void {
  const session = sessionOf(res);
  const noticeCode = typeof res.req.query.notice === 'string' ? res.req.query.notice : undefined;
  const coded = noticeCode ? NOTICES[noticeCode] : undefined;
  const notice = frame.notice ?? (coded && noticeCode && AFTER_PUBLISH.has(noticeCode) ? { ...coded, actions: nextStepsAfterPublish(session) } : coded);
  res.status(status).type('html').send(renderPage({
    ...frame, notice,
    user: pageUserOf(deps, session),
  }, body));
}
