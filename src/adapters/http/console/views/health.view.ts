import { describeActor } from '../../../../app/actor-label';
import type { RescoreProgress, RescoreSummary } from '../../../../app/criteria/rescore';
import type { Installation } from '../../../../app/ports/tenancy.port';
import { html, type SafeHtml } from '../html';
import type { QueueFigures } from '../../../../app/ports/operations.port';
import { chip, csrfField, formatDateTime, pageHeader } from './layout.view';

export interface WebhookFigures {
  accepted: number;
  rejected: number;
  capped: boolean;
}

export interface HealthView {
  installation: Installation;
  /** People's names by user id (listActorNames): who installed CareQual. */
  names: ReadonlyMap<string, string>;
  queue: QueueFigures | undefined;
  rateLimit: { used: number; budget: number; windowMs: number } | undefined;
  webhooks: WebhookFigures;
  rescore: RescoreProgress | undefined;
  /** What the latest re-score changed, once it ended. */
  rescoreSummary: RescoreSummary | undefined;
  now: Date;
  canEdit: boolean;
  csrfToken: string;
}

const kpi = (label: string, value: string | number, sub?: string | SafeHtml) => html`<div class="kpi"><div class="kpi-label">${label}</div><div class="kpi-value">${value}</div>${sub ? html`<div class="kpi-sub">${sub}</div>` : ''}</div>`;

function tokenCard(i: Installation, now: Date, names: ReadonlyMap<string, string>): SafeHtml {
  const status = i.status === 'active' ? chip('Connected', 'ok') : i.status === 'needs_reauth' ? chip('Needs re-authorisation', 'bad') : chip('Uninstalled', 'neutral');
  const expires = i.accessTokenExpiresAt;
  const minutes = expires ? Math.round((expires.getTime() - now.getTime()) / 60_000) : undefined;
  return html`<section class="card" aria-labelledby="h-token"><div class="card-head"><h2 id="h-token">HubSpot connection</h2>${status}</div>
    <dl class="facts"><dt>Access token</dt><dd>${minutes === undefined ? '—' : minutes > 0 ? `valid for ${minutes} more min (refreshed automatically)` : 'expired; refreshed on next use'}</dd>
    <dt>Expires</dt><dd>${formatDateTime(expires)}</dd>
    <dt>Scopes</dt><dd class="small">${i.scopes.length ? i.scopes.join(', ') : '—'}</dd>
    <dt>Installed</dt><dd>${formatDateTime(i.installedAt)}${i.installedByUserId ? ` by ${describeActor({ kind: 'user', hubspotUserId: String(i.installedByUserId) }, names)}` : ''}</dd>
    ${i.statusReason ? html`<dt>Why</dt><dd>${i.statusReason}</dd>` : ''}</dl>
    ${i.status === 'needs_reauth' ? html`<p class="notice notice-error small">HubSpot refused CareQual's access. A super admin must reinstall CareQual from the HubSpot marketplace.</p>` : ''}</section>`;
}

/** What each data mode means for the practice (docs/hipaa.md has the whole story). */
const DATA_MODE_TEXT = {
  sensitive: 'HubSpot Sensitive Data is on and CareQual holds the sensitive scopes: its properties are Sensitive Data, and reasons and tasks use your criteria\'s words.',
  standard: 'This HubSpot account does not give CareQual Sensitive Data access: its properties are ordinary ones, so reasons and tasks carry scores, codes and neutral words only — no service line or condition.',
} as const;

function propertiesCard(i: Installation): SafeHtml {
  return html`<section class="card" aria-labelledby="h-props"><div class="card-head"><h2 id="h-props">CareQual properties</h2>${i.propertiesVersion ? chip('Created', 'ok') : chip('Not created yet', 'warn')}</div>
    <dl class="facts"><dt>Data mode</dt><dd data-data-mode="${i.dataMode}">${i.dataMode === 'sensitive' ? chip('Sensitive', 'ok') : chip('Standard', 'info')} <span class="small">${DATA_MODE_TEXT[i.dataMode]}</span></dd>
    <dt>Definitions version</dt><dd class="mono">${i.propertiesVersion ?? '—'}</dd><dt>Last bootstrapped</dt><dd>${formatDateTime(i.propertiesBootstrappedAt)}</dd></dl></section>`;
}

const RUN_STATUS: Record<RescoreProgress['status'], { text: string; tone: 'ok' | 'info' | 'bad' | 'neutral' }> = {
  running: { text: 'Running', tone: 'info' }, finished: { text: 'Finished', tone: 'ok' }, failed: { text: 'Stopped by an error', tone: 'bad' }, cancelled: { text: 'Cancelled', tone: 'neutral' },
};

/** A re-score in words: the page and its polling script (rescore.json) show the same sentences. */
export function rescoreWords(run: RescoreProgress, summary: RescoreSummary | undefined): { status: string; tone: string; progress: string; times: string; summary: string } {
  const { text, tone } = RUN_STATUS[run.status];
  const atLeast = summary?.capped ? 'at least ' : '';
  const changed = summary && (summary.changed === 0 ? 'none got a new result' : `${atLeast}${summary.changed} got a new result in HubSpot, the others were unchanged`);
  const failed = summary?.failed ? ` HubSpot refused ${atLeast}${summary.failed} ${summary.failed === 1 ? 'write' : 'writes'}: see Last errors.` : '';
  return {
    status: text, tone, progress: `${run.contactsDone} of ${run.contactsEnqueued} contacts re-scored`,
    times: `Started ${formatDateTime(run.startedAt)}${run.finishedAt ? `, finished ${formatDateTime(run.finishedAt)}` : ''}`,
    summary: summary ? `${run.contactsDone} ${run.contactsDone === 1 ? 'contact' : 'contacts'} re-scored: ${changed}.${failed}` : '',
  };
}

function rescoreCard(v: HealthView): SafeHtml {
  const run = v.rescore;
  const running = run?.status === 'running';
  const words = run && rescoreWords(run, v.rescoreSummary);
  return html`<section class="card" id="rescore" aria-labelledby="h-rescore"><div class="card-head"><h2 id="h-rescore">Re-score all contacts</h2>
    ${v.canEdit ? html`<form class="inline-form" method="post" action="/console/health/rescore" data-confirm="Re-score every contact with the live criteria? This uses part of your HubSpot API limit for a while.">
      ${csrfField(v.csrfToken)}<button class="btn btn-primary" type="submit" data-rescore-button${running ? html` disabled` : ''}>Re-score all</button></form>` : ''}</div>
    <p class="muted small">Applies the live criteria to every existing contact. New contacts are always scored as they arrive.</p>
    <div data-rescore-url="/console/health/rescore.json" data-running="${running ? 'true' : 'false'}" aria-live="polite">
      ${run && words ? html`<p><span class="chip chip-${words.tone}" data-rescore-status>${words.status}</span> <span data-rescore-progress>${words.progress}</span></p>
        <progress max="${Math.max(run.contactsEnqueued, 1)}" value="${run.contactsDone}" aria-label="Re-score progress"></progress>
        <p class="small muted" data-rescore-times>${words.times}</p>
        <p data-rescore-summary>${words.summary}</p>`
      : html`<p class="muted" data-rescore-progress>No re-score has run yet.</p>`}
    </div></section>`;
}

export function renderHealth(v: HealthView): SafeHtml {
  const q = v.queue;
  const rl = v.rateLimit;
  const pct = rl ? Math.round((100 * rl.used) / Math.max(1, rl.budget)) : undefined;
  return html`${pageHeader('Health', 'Is CareQual connected, keeping up, and within HubSpot\'s limits?')}
  <div class="grid grid-4 kpis-5">
    ${kpi('Webhooks accepted (24 h)', `${v.webhooks.accepted}${v.webhooks.capped ? '+' : ''}`, v.webhooks.rejected ? html`${chip(`${v.webhooks.rejected} rejected`, 'bad')}` : 'none rejected')}
    ${kpi('Waiting to score', q ? q.waiting + q.active : '—', q ? `${q.active} being scored now` : 'queue figures unavailable')}
    ${kpi('Scheduled re-checks', q ? q.delayed : '—', q ? 'contacts CareQual looks at again later, as your criteria ask' : 'queue figures unavailable')}
    ${kpi('Failed jobs', q ? q.failed : '—', q && q.failed > 0 ? 'see last errors below' : 'all clear')}
    ${kpi('API limit in use', pct === undefined ? '—' : `${pct}%`, rl ? `${rl.used} of ${rl.budget} calls per ${Math.round(rl.windowMs / 1000)} s` : 'unavailable')}
  </div>
  <div class="grid grid-2">${tokenCard(v.installation, v.now, v.names)}${propertiesCard(v.installation)}</div>
  ${rescoreCard(v)}
  <section class="card" aria-labelledby="h-errors"><h2 id="h-errors">Last errors</h2>
    ${q && q.recentFailureCodes.length ? html`<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">When</th><th scope="col">Error code</th></tr></thead><tbody>
      ${q.recentFailureCodes.map((f) => html`<tr><td data-label="When">${formatDateTime(f.at)}</td><td class="mono" data-label="Error code">${f.code}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">No failed jobs for your account.</p>`}
  </section>`;
}
