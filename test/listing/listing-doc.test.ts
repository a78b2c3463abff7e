import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL_APP_SCOPES } from '../../src/adapters/hubspot/app-token.provider';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { buildDefaultCriteria, requiredContactProperties } from '../../src/core';
import { DEFAULT_OUTCOME_SIGNALS, outcomeSignalProperties } from '../../src/core/effectiveness/outcome-signals';
import { CAREQUAL_PROPERTY_DEFINITIONS } from '../../src/adapters/hubspot/carequal-properties';
import { CAREQUAL_PROPERTIES as CARD_PROPERTIES } from '../../hubspot-project/src/app/cards/carequal-result';

/**
 * docs/listing.md is what HubSpot's marketplace review reads as CareQual's shared-data table and
 * scope justification; these tests keep it equal to what the code uses.
 */
const ROOT = path.resolve(__dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs/listing.md'), 'utf8');

/** The backticked names in the table rows of one `## ` section of the page. */
function namesInSection(heading: string): Set<string> {
  const start = doc.indexOf(`## ${heading}\n`);
  if (start < 0) throw new Error(`docs/listing.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  const rows = doc.slice(start, end < 0 ? undefined : end).split('\n').filter((line) => line.startsWith('|'));
  return new Set(rows.flatMap((row) => [...row.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));
}

/** Files that name HubSpot properties only to refuse them (the analytics counters never subscribed to): not shared data. */
const NAMES_ONLY_TO_REFUSE = new Set(['subscribed-properties.ts']);

/** HubSpot-defined property names (`hs_…`) the code that talks to HubSpot names: string literals and object keys. */
function hubSpotPropertyLiterals(dir: string): string[] {
  const found = new Set<string>();
  for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts') || NAMES_ONLY_TO_REFUSE.has(path.basename(entry))) continue;
    const source = readFileSync(path.join(ROOT, dir, entry), 'utf8');
    for (const m of source.matchAll(/['"`](hs_[a-z0-9_]+)['"`]|\b(hs_[a-z0-9_]+)\s*:/g)) found.add((m[1] ?? m[2])!);
  }
  return [...found];
}

describe('docs/listing.md, the marketplace listing\'s shared-data table', () => {
  const shared = namesInSection('Shared data');

  it.each([
    ['the default criteria read', () => requiredContactProperties(buildDefaultCriteria())],
    ['the effectiveness job reads', () => outcomeSignalProperties(DEFAULT_OUTCOME_SIGNALS)],
    ['CareQual creates and writes', () => CAREQUAL_PROPERTY_DEFINITIONS.map((d) => d.name)],
    ['the contact card reads', () => [...CARD_PROPERTIES]],
    ['the HubSpot adapters and use cases name', () => [...hubSpotPropertyLiterals('src/adapters/hubspot'), ...hubSpotPropertyLiterals('src/app')]],
  ])('when %s a property, then the table lists it', (_what, used) => {
    const names = used();
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !shared.has(name))).toEqual([]);
  });

  it('when a property is subscribed to in the project file, then the table lists it too', () => {
    const webhooks = JSON.parse(readFileSync(path.join(ROOT, 'hubspot-project/src/app/webhooks/webhooks-hsmeta.json'), 'utf8')) as {
      config: { subscriptions: { crmObjects: Array<{ propertyName?: string }> } };
    };
    const subscribed = webhooks.config.subscriptions.crmObjects.flatMap((s) => (s.propertyName ? [s.propertyName] : []));
    expect(subscribed.filter((name) => !shared.has(name))).toEqual([]);
  });
});

describe('docs/listing.md, the scope justifications', () => {
  const documented = [...namesInSection('Scopes')].filter((name) => /^[a-z]+(\.[a-z0-9_]+)*$/.test(name) && !name.startsWith('carequal'));
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'hubspot-project/src/app/app-hsmeta.json'), 'utf8')) as {
    config: { auth: { requiredScopes: string[]; optionalScopes: string[] } };
  };
  const used = [...new Set([...REQUIRED_SCOPES, ...OPTIONAL_SCOPES, ...JOURNAL_APP_SCOPES, ...manifest.config.auth.requiredScopes, ...manifest.config.auth.optionalScopes])];

  it('when CareQual asks HubSpot for a scope (install, manifest or app token), then the table says why', () => {
    expect(used.filter((scope) => !documented.includes(scope))).toEqual([]);
  });

  it('when the table justifies a scope, then CareQual really asks for it (no stale rows)', () => {
    expect(documented.filter((scope) => !used.includes(scope))).toEqual([]);
  });
});
