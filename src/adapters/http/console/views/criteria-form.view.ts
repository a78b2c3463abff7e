import { html, type SafeHtml } from '../html';
import type { ContactPropertyOption, PortalOwnerOption } from '../../../../app/ports/crm-gateway.port';
import { NEW_ROWS } from '../criteria-form';
import { refChoicesOf, renderBuilderCatalog, type RefChoices } from './condition-builder.view';
import { general, hours, locationRow, locations, owners, payerRow, payers, serviceRow, services, type Doc } from './criteria-basics.view';
import { mapping, safetyAndTiming, weights } from './criteria-advanced.view';
import { bands, hardStopRow, hardStops, ruleRow, rules } from './criteria-scoring.view';
import { hasErrorsUnder, type FormContext } from './form-fields.view';

/** The editor's parts: Basics first, then Scoring, then the collapsed Advanced settings. */
export const CRITERIA_SECTIONS: Array<{ id: string; title: string; paths: string[]; part: 'basics' | 'scoring' | 'advanced' }> = [
  { id: 'general', title: 'Practice', paths: ['name', 'servedStates'], part: 'basics' },
  { id: 'locations', title: 'Locations', paths: ['locations'], part: 'basics' },
  { id: 'services', title: 'Service lines', paths: ['serviceLines'], part: 'basics' },
  { id: 'payers', title: 'Payers', paths: ['payers'], part: 'basics' },
  { id: 'hours', title: 'Business hours', paths: ['businessHours'], part: 'basics' },
  { id: 'owners', title: 'Follow-up owners', paths: ['followUp'], part: 'basics' },
  { id: 'rules', title: 'Points', paths: ['rules'], part: 'scoring' },
  { id: 'hardstops', title: 'Hard stops', paths: ['hardStops'], part: 'scoring' },
  { id: 'bands', title: 'Bands & response times', paths: ['bands', 'safety.slaMinutes', 'missingInfo'], part: 'scoring' },
  { id: 'mapping', title: 'Field mapping', paths: ['propertyMap'], part: 'advanced' },
  { id: 'weights', title: 'Weights', paths: ['scoring'], part: 'advanced' },
  { id: 'safety', title: 'Emergency phrases', paths: ['safety', 'recheckAfterDays'], part: 'advanced' },
];

/** What the portal's HubSpot account offers the pickers; `owners` undefined: the owner list could not be read. */
export interface PortalChoices {
  properties: readonly ContactPropertyOption[];
  owners?: readonly PortalOwnerOption[] | undefined;
}

const SENTINEL = 9999;

/** Blank rows for the editor's script to copy on "+ Add" (rendered at index 9999, renumbered by the script). */
function rowTemplates(ctx: FormContext, refs: RefChoices): SafeHtml {
  const blank: FormContext = { errors: new Map(), readonly: false };
  const make = (list: string) => NEW_ROWS[list]!() as Doc;
  const rows: Array<[string, SafeHtml]> = [
    ['locations', locationRow(blank, make('locations'), SENTINEL)],
    ['serviceLines', serviceRow(blank, make('serviceLines'), SENTINEL)],
    ['payers.accepted', payerRow(blank, make('payers.accepted'), SENTINEL)],
    ...(['fit', 'intent', 'readiness'] as const).map((dim): [string, SafeHtml] => [`rules.${dim}`, ruleRow(blank, dim, make(`rules.${dim}`), SENTINEL, refs)]),
    ['hardStops', hardStopRow(blank, make('hardStops'), SENTINEL, refs)],
  ];
  return ctx.readonly ? html`` : html`${rows.map(([list, row]) => html`<template data-row-template="${list}" data-sentinel="${SENTINEL}">${row}</template>`)}${renderBuilderCatalog(refs)}`;
}

const partOf = (ctx: FormContext, part: string) => hasErrorsUnder(ctx, CRITERIA_SECTIONS.filter((s) => s.part === part).flatMap((s) => s.paths));

/** Every part of the editor, in the order an admin thinks about a practice. */
export function renderCriteriaSections(ctx: FormContext, doc: Doc, properties: readonly ContactPropertyOption[], owned?: readonly PortalOwnerOption[]): SafeHtml {
  const refs = refChoicesOf(doc);
  return html`<div class="editor-part" id="part-basics"><h2>Basics</h2><p class="muted small">Enough to start: where you see patients, what you offer, which insurance you take, when you are open and who calls new leads.</p>
    ${general(ctx, doc)}${locations(ctx, doc)}${services(ctx, doc)}${payers(ctx, doc)}${hours(ctx, doc)}${owners(ctx, doc, owned)}</div>
  <div class="editor-part" id="part-scoring"><h2>Scoring</h2><p class="muted small">The playbook's rules work as they are; change them when your practice decides differently.</p>
    ${rules(ctx, doc, refs)}${hardStops(ctx, doc, refs)}${bands(ctx, doc)}</div>
  <details class="editor-part editor-advanced" id="part-advanced"${partOf(ctx, 'advanced') ? html` open` : ''}><summary><h2>Advanced</h2><span class="muted small">Field mapping, weights, emergency phrases</span></summary>
    ${mapping(ctx, doc, properties)}${weights(ctx, doc)}${safetyAndTiming(ctx, doc)}</details>
  ${rowTemplates(ctx, refs)}`;
}
