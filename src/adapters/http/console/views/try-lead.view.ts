import { CODE_LABELS, describeSafetyCategory, formatContribution, type PropertyMap, type QualificationResult } from '../../../../core';
import { html, type SafeHtml } from '../html';
import type { ChosenCriteria, CriteriaChoices } from '../../../../app/criteria/choose-criteria';
import { scoreRing } from './charts.view';
import { chip, csrfField, pageHeader } from './layout.view';

export const TRY_INPUTS: ReadonlyArray<{ key: keyof PropertyMap; label: string; textarea?: boolean; placeholder?: string }> = [
  { key: 'message', label: 'Inquiry message', textarea: true, placeholder: 'I would like to book a consultation for knee pain next week. Do you take Aetna?' },
  { key: 'serviceLine', label: 'Service of interest', placeholder: 'Physical therapy' },
  { key: 'zip', label: 'ZIP code', placeholder: '10018' },
  { key: 'state', label: 'State', placeholder: 'NY' },
  { key: 'payer', label: 'Insurance', placeholder: 'Aetna PPO' },
  { key: 'phone', label: 'Phone', placeholder: '+1 212 555 0148' },
  { key: 'email', label: 'Email', placeholder: 'pat@example.com' },
  { key: 'timeline', label: 'Timeline', placeholder: 'As soon as possible' },
  { key: 'referral', label: 'Referral source', placeholder: 'My doctor' },
  { key: 'decisionMaker', label: 'Decision maker', placeholder: 'Yes' },
  { key: 'documents', label: 'Documents', placeholder: 'Yes' },
  { key: 'consent', label: 'Consent to contact', placeholder: 'true' },
];

export interface TryLeadView {
  choices: CriteriaChoices;
  chosen: ChosenCriteria | undefined;
  values: Readonly<Record<string, string>>;
  result: QualificationResult | undefined;
  csrfToken: string;
}

const OUTCOME_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'info'> = { care_ready: 'ok', nurture: 'info', needs_review: 'warn', disqualified: 'bad' };
const label = (code: string) => CODE_LABELS[code] ?? code;

function respondBy(result: QualificationResult, timeZone: string): string {
  if (!result.respondBy) return 'No deadline';
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(result.respondBy));
}

/** Which categories matched and in which language, so an admin can see why (never the matched words). */
function safetyNotice(result: QualificationResult): SafeHtml | string {
  const list = (ms: QualificationResult['safety']['matches']) => html`<ul class="result-list">${ms.map((m) => html`<li>${describeSafetyCategory(m.category)} <span class="muted">(${m.languageName})</span></li>`)}</ul>`;
  if (result.safetyFlag) {
    return html`<div class="notice notice-error" role="alert"><p><strong>Possible emergency.</strong> This inquiry goes to clinical review with the shortest response time and an urgent task. Matched:</p>${list(result.safety.matches)}</div>`;
  }
  if (result.safety.hedged.length) {
    return html`<div class="notice notice-info"><p>Emergency words appear only negated or as history; not flagged, never disqualified or nurtured unless the criteria say so. Found:</p>${list(result.safety.hedged)}</div>`;
  }
  return '';
}

function renderResult(result: QualificationResult, chosen: ChosenCriteria): SafeHtml {
  return html`<section class="card" aria-labelledby="result-title" aria-live="polite">
    <div class="card-head"><h2 id="result-title">Result</h2><p>Scored with ${chosen.label}</p></div>
    <div class="score-ring">${scoreRing(result.score, result.band)}
      <dl class="facts">
        <dt>Band</dt><dd>${chip(label(result.band), result.band === 'high' ? 'ok' : result.band === 'medium' ? 'warn' : 'neutral')}</dd>
        <dt>Outcome</dt><dd>${chip(label(result.outcome), OUTCOME_TONE[result.outcome] ?? 'neutral')}</dd>
        <dt>Next step</dt><dd>${label(result.route)}</dd>
        <dt>Respond by</dt><dd>${respondBy(result, chosen.criteria.businessHours.timeZone)}</dd>
        <dt>Fit · intent · readiness</dt><dd>${result.fitScore} · ${result.intentScore} · ${result.readinessScore}</dd>
        <dt>Safety lexicon</dt><dd>${result.safety.lexiconVersion}${result.safety.detectedLanguage ? html` <span class="muted">(language read as ${result.safety.detectedLanguage})</span>` : ''}</dd>
      </dl></div>
    ${safetyNotice(result)}
    <div class="grid grid-3">
      <div><h3>Reasons</h3>${result.contributions.length ? html`<ul class="result-list">${result.contributions.map((c) => html`<li>${formatContribution(c.points, c.reason)}</li>`)}</ul>` : html`<p class="muted">No rule matched.</p>`}</div>
      <div><h3>Disqualified because</h3>${result.disqualificationReasons.length ? html`<ul class="result-list">${result.disqualificationReasons.map((r) => html`<li>${label(r)}</li>`)}</ul>` : html`<p class="muted">Not disqualified.</p>`}</div>
      <div><h3>Intake still needs to ask</h3>${result.missingInfo.length ? html`<ul class="result-list">${result.missingInfo.map((m) => html`<li>${label(m)}</li>`)}</ul>` : html`<p class="muted">Nothing missing.</p>`}</div>
    </div></section>`;
}

export function renderTryLead(v: TryLeadView): SafeHtml {
  const selected = v.chosen?.version;
  return html`${pageHeader('Try a lead', 'Type what a patient might send and see how CareQual would score and route it. Nothing is sent to HubSpot or saved.')}
  ${v.chosen ? '' : html`<p class="notice notice-info">Save criteria first: there is nothing to score with yet.</p>`}
  <div class="grid grid-2">
  <form class="card" method="post" action="/console/try" aria-labelledby="try-form-title">
    <h2 id="try-form-title">Sample inquiry</h2>${csrfField(v.csrfToken)}
    <div class="field"><label for="try-criteria">Criteria version</label><select id="try-criteria" name="criteria">
      ${v.choices.versions.map((ver) => html`<option value="${ver.version}"${ver.version === selected ? html` selected` : ''}>v${ver.version}${ver.version === v.choices.publishedVersion ? ' (live)' : ver.version === v.choices.latestVersion ? ' (draft)' : ''}</option>`)}
    </select></div>
    ${TRY_INPUTS.map((input) => {
      const property = v.chosen?.criteria.propertyMap[input.key]?.[0];
      const id = `try-${input.key}`;
      return html`<div class="field"><label for="${id}">${input.label}${property ? html` <span class="hint mono">${property}</span>` : html` <span class="hint">not mapped</span>`}</label>
        ${input.textarea ? html`<textarea id="${id}" name="in:${input.key}" rows="4" placeholder="${input.placeholder ?? ''}">${v.values[input.key] ?? ''}</textarea>`
          : html`<input id="${id}" name="in:${input.key}" type="text" value="${v.values[input.key] ?? ''}" placeholder="${input.placeholder ?? ''}"${property ? '' : html` disabled`}>`}</div>`;
    })}
    <button type="submit" class="btn btn-primary">Score this lead</button>
  </form>
  <div>${v.result && v.chosen ? renderResult(v.result, v.chosen) : html`<div class="card"><h2>Result</h2><p class="muted">Fill in a few fields and press “Score this lead”. Scores appear here instantly.</p></div>`}</div>
  </div>`;
}
