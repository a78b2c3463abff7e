import { describeSafetyCategory, SAFETY_CATEGORIES, type ContactSafety, type PracticeSafetyPhrases, type SafetyLexicon, type SafetyMatch } from '../../../../core';
import { html, type SafeHtml } from '../html';
import { chip, csrfField, pageHeader } from './layout.view';

type LanguageLexicon = SafetyLexicon['languages'][number];

/** What the Safety page shows. */
export interface SafetyPageView {
  readonly lexicon: SafetyLexicon;
  /** The newest criteria version (whose phrases are shown and tested), null before the first save. */
  readonly version: number | null;
  readonly published: number | null;
  readonly grouped: PracticeSafetyPhrases;
  readonly flat: readonly string[];
  readonly canEdit: boolean;
  readonly csrfToken: string;
  /** The text just tested (echoed into its box only; never stored or logged) and what the screen found. */
  readonly test?: { readonly text: string; readonly result: ContactSafety };
  /** A refused change: the message for the admin and the values to put back in the form. */
  readonly problem?: { readonly message: string; readonly category: string; readonly language: string; readonly phrase: string };
}

const matchList = (ms: readonly SafetyMatch[]) => html`<ul class="result-list">${ms.map((m) => html`<li>${describeSafetyCategory(m.category)} <span class="muted">(${m.languageName})</span></li>`)}</ul>`;

function versionLabel(v: SafetyPageView): string {
  if (v.version === null) return 'the template (nothing saved yet)';
  return `v${v.version}${v.version === v.published ? ' (live)' : ' (draft — publish it on the Criteria page to make it live)'}`;
}

function renderTest(v: SafetyPageView): SafeHtml {
  const r = v.test?.result;
  return html`<form class="card" method="post" action="/console/safety/test" aria-labelledby="safety-test-title">
    <h2 id="safety-test-title">Test a text</h2>${csrfField(v.csrfToken)}
    <p class="hint">Screened with the built-in list ${v.lexicon.version} and the practice phrases of ${versionLabel(v)}. Nothing is saved, sent or logged.</p>
    <div class="field"><label for="safety-text">Text</label><textarea id="safety-text" name="text" rows="5" maxlength="20000">${v.test?.text ?? ''}</textarea></div>
    <button type="submit" class="btn btn-primary">Screen this text</button>
    ${r === undefined ? '' : r.flagged
      ? html`<div class="notice notice-error" role="alert"><p><strong>Possible emergency.</strong> Matched:</p>${matchList(r.matches)}</div>`
      : r.hedged.length
        ? html`<div class="notice notice-info"><p>Only negated or past mentions (reviewed, not flagged):</p>${matchList(r.hedged)}</div>`
        : html`<p class="notice notice-success">Not flagged: no emergency phrase found.</p>`}
    ${r?.detectedLanguage ? html`<p class="hint">Language read as ${r.detectedLanguage} (only picks word-form analysers; every language's phrases are always tried).</p>` : ''}
  </form>`;
}

function languageName(lexicon: SafetyLexicon, code: string): string {
  return code === 'xx' ? 'any language' : (lexicon.languages.find((l) => l.language === code)?.name ?? code);
}

function removeButton(v: SafetyPageView, category: string, language: string, phrase: string): SafeHtml | string {
  if (!v.canEdit) return '';
  return html`<form class="inline-form" method="post" action="/console/safety/phrases">${csrfField(v.csrfToken)}<input type="hidden" name="op" value="remove"><input type="hidden" name="category" value="${category}"><input type="hidden" name="language" value="${language}"><input type="hidden" name="phrase" value="${phrase}"><button type="submit" class="btn btn-small" aria-label="Remove ${phrase}">Remove</button></form>`;
}

function renderPractice(v: SafetyPageView): SafeHtml {
  const p = v.problem;
  const rows = v.grouped.flatMap((g) => g.phrases.map((phrase) => html`<tr><td data-label="Category">${describeSafetyCategory(g.category)}</td><td data-label="Language">${languageName(v.lexicon, g.language)}</td><td data-label="Phrase">${phrase}</td><td>${removeButton(v, g.category, g.language, phrase)}</td></tr>`));
  return html`<section class="card" aria-labelledby="practice-title">
    <h2 id="practice-title">Your practice's phrases</h2>
    <p class="hint">From ${versionLabel(v)}. Added on top of the built-in list; a phrase the built-in list already flags in its category adds nothing.</p>
    ${rows.length ? html`<div class="table-wrap"><table class="stackable"><thead><tr><th scope="col">Category</th><th scope="col">Language</th><th scope="col">Phrase</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">No phrases per category yet.</p>`}
    ${v.flat.length ? html`<p class="small">Also screened, as “emergency stated” in any language (the criteria's safety phrases): <span class="muted">${v.flat.join(' · ')}</span></p>` : ''}
    ${v.canEdit ? html`<form method="post" action="/console/safety/phrases" aria-labelledby="add-title">
      <h3 id="add-title">Add a phrase</h3>${csrfField(v.csrfToken)}<input type="hidden" name="op" value="add">
      ${p ? html`<p class="notice notice-error" role="alert">Nothing was saved: ${p.message}</p>` : ''}
      <div class="grid grid-3">
        <div class="field"><label for="add-category">Category</label><select id="add-category" name="category">${SAFETY_CATEGORIES.map((c) => html`<option value="${c}"${p?.category === c ? html` selected` : ''}>${describeSafetyCategory(c)}</option>`)}</select></div>
        <div class="field"><label for="add-language">Language</label><select id="add-language" name="language">${v.lexicon.languages.map((l) => html`<option value="${l.language}"${p?.language === l.language ? html` selected` : ''}>${l.name}</option>`)}</select></div>
        <div class="field"><label for="add-phrase">Phrase</label><input id="add-phrase" name="phrase" type="text" maxlength="80" value="${p?.phrase ?? ''}"${p ? html` aria-invalid="true"` : ''}></div>
      </div>
      <p class="hint">Saved as a new draft version of the criteria; it screens inquiries once that version is published.</p>
      <button type="submit" class="btn btn-primary">Add phrase</button>
    </form>` : html`<p class="hint">Only editors can add phrases.</p>`}
  </section>`;
}

function renderBuiltInLanguage(lang: LanguageLexicon): SafeHtml {
  const categories = SAFETY_CATEGORIES.filter((c) => lang.categories[c] !== undefined);
  const count = categories.reduce((n, c) => n + (lang.categories[c]?.phrases.length ?? 0) + (lang.categories[c]?.near.length ?? 0), 0);
  const unit = lang.mode === 'words' ? 'words' : 'characters';
  return html`<details><summary>${lang.name} <span class="muted">(${count} phrases and patterns${lang.stemmer ? ', with word forms and misspellings' : ''})</span></summary>
    ${categories.map((c) => {
      const entry = lang.categories[c]!;
      return html`<h4>${describeSafetyCategory(c)}</h4><p class="small">${entry.phrases.join(' · ')}</p>
        ${entry.near.map((n) => html`<p class="small muted">any of ${n.words.join(', ')} within ${n.within} ${unit} of any of ${n.with.join(', ')}</p>`)}`;
    })}
  </details>`;
}

/** The clinical-safety page: test a text, the practice's phrases (add, remove), the built-in list. */
export function renderSafetyPage(v: SafetyPageView): SafeHtml {
  return html`${pageHeader('Clinical safety', 'An inquiry that mentions an emergency goes to clinical review first, with an urgent task — never disqualified or nurtured. Test a text, add your practice’s own phrases, and read the built-in list.')}
  <div class="grid grid-2">${renderTest(v)}${renderPractice(v)}</div>
  <section class="card" aria-labelledby="builtin-title"><h2 id="builtin-title">Built-in list ${chip(v.lexicon.version, 'neutral')}</h2>
    <p class="hint">Reviewed by clinicians as data (config/safety/). Case, accents and apostrophes never matter; “not …” or “history of …” before a mention sends it to review instead of flagging it, never lower.</p>
    ${v.lexicon.languages.map(renderBuiltInLanguage)}
  </section>`;
}
