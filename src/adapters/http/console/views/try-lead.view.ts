import { CODE_LABELS, describeSafetyCategory, formatContribution, type PropertyMap, type QualificationResult } from '../../../../core';
import { html, type SafeHtml } from '../html';
import { versionLabel, type ChosenCriteria, type CriteriaChoices } from '../../../../app/criteria/choose-criteria';
import { scoreRing } from './charts.view';
import { chip, csrfField, pageHeader } from './layout.view';

/**
 * The sample inquiry's fields. Examples are shown as hint text under the field, never as
 * placeholders: a grey "Yes" in an empty box reads as a filled-in value (issue 19).
 */
export const TRY_INPUTS: ReadonlyArray<{ key: keyof PropertyMap; label: string; textarea?: boolean; example: string }> = [
  { key: 'message', label: 'Inquiry message', textarea: true, example: 'I would like to book a consultation for knee pain next week. Do you take Aetna?' },
  { key: 'serviceLine', label: 'Service of interest', example: 'Physical therapy' },
  { key: 'zip', label: 'ZIP code', example: '10018' },
  { key: 'state', label: 'State', example: 'NY' },
  { key: 'payer', label: 'Insurance', example: 'Aetna PPO' },
  { key: 'phone', label: 'Phone', example: '+1 212 555 0148' },
  { key: 'email', label: 'Email', example: 'pat@example.com' },
  { key: 'timeline', label: 'Timeline', example: 'As soon as possible' },
  { key: 'referral', label: 'Referral source', example: 'My doctor' },
  { key: 'decisionMaker', label: 'Decides on their own care', example: 'Yes or No' },
  { key: 'documents', label: 'Has their documents ready', example: 'Yes or No' },
  { key: 'consent', label: 'Consent to contact', example: 'Yes or No' },
];

export interface TryLeadView {
  choices: CriteriaChoices;
  chosen: ChosenCriteria | undefined;
  values: Readonly<Record<string, string>>;
  result: QualificationResult | undefined;
  /** The form was sent with every field empty: say so instead of scoring nothing. */
  emptyForm?: boolean;
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

function tryInput(v: TryLeadView, input: (typeof TRY_INPUTS)[number]): SafeHtml {
  const property = v.chosen?.criteria.propertyMap[input.key]?.[0];
  const id = `try-${input.key}`;
  const hint = property ? `e.g. ${input.example}` : 'Not used: this version maps no HubSpot property to it.';
  const common = html`id="${id}" name="in:${input.key}" aria-describedby="${id}-hint"`;
  return html`<div class="field"><label for="${id}"${property ? html` title="HubSpot property: ${property}"` : ''}>${input.label}</label>
    ${input.textarea ? html`<textarea ${common} rows="4">${v.values[input.key] ?? ''}</textarea>`
      : html`<input ${common} type="text" value="${v.values[input.key] ?? ''}"${property ? '' : html` disabled`}>`}
    <span class="hint" id="${id}-hint">${hint}</span></div>`;
}

function resultCard(v: TryLeadView): SafeHtml {
  if (v.result && v.chosen) return renderResult(v.result, v.chosen);
  if (v.emptyForm) {
    return html`<div class="card" role="alert"><h2>Nothing to score yet</h2><p>Every field was empty. Type at least one thing a patient might send — the inquiry message, a ZIP code or their insurance — and press “Score this lead”.</p></div>`;
  }
  return html`<div class="card"><h2>Result</h2><p class="muted">Fill in a few fields and press “Score this lead”. Scores appear here instantly.</p></div>`;
}

export function renderTryLead(v: TryLeadView): SafeHtml {
  const selected = v.chosen?.version;
  return html`${pageHeader('Try a lead', 'Type what a patient might send and see how CareQual would score and route it. Nothing is sent to HubSpot or saved.')}
  ${v.chosen ? '' : html`<p class="notice notice-info">Save criteria first: there is nothing to score with yet.</p>`}
  <div class="grid grid-2">
  <form class="card" method="post" action="/console/try" aria-labelledby="try-form-title">
    <h2 id="try-form-title">Sample inquiry</h2>${csrfField(v.csrfToken)}
    <div class="field"><label for="try-criteria">Criteria version</label><select id="try-criteria" name="criteria">
      ${v.choices.versions.map((ver) => html`<option value="${ver.version}"${ver.version === selected ? html` selected` : ''}>${versionLabel(ver.version, v.choices)}${ver.note ? ` — ${ver.note}` : ''}</option>`)}
    </select></div>
    ${TRY_INPUTS.map((input) => tryInput(v, input))}
    <button type="submit" class="btn btn-primary">Score this lead</button>
  </form>
  <div>${resultCard(v)}</div>
  </div>`;
}
