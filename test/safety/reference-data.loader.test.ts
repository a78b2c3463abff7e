import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIG_DIR, installReferenceData, loadCriteriaTemplates, loadPayerNames, ReferenceDataError } from '../../src/adapters/reference/reference-data.loader';
import { SafetyLexiconError } from '../../src/adapters/safety/safety-lexicon.loader';
import { buildDefaultCriteria, buildSimplePointModelCriteria, criteriaHash, getBuiltInSafetyScreen, tryGetInstalledSafetyLexicon } from '../../src/core';

function brokenCopy(file: string, edit: (doc: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reference-data-'));
  cpSync(CONFIG_DIR, dir, { recursive: true });
  const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  edit(doc);
  writeFileSync(path.join(dir, file), JSON.stringify(doc));
  return dir;
}

describe('loading config/templates and config/payers', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('when the shipped templates are installed, then every call returns a fresh copy of the file as written', () => {
    const a = buildDefaultCriteria();
    a.name = 'changed by a caller';
    expect(buildDefaultCriteria().name).toBe('CareQual default (practice playbooks)');
    expect(criteriaHash(buildDefaultCriteria())).toBe(criteriaHash(loadCriteriaTemplates().defaultCriteria));
    expect(buildSimplePointModelCriteria().bands.map((b) => b.minScore)).toEqual([30, 0]);
  });

  it('when a template breaks the criteria schema, then loading stops and names the file and the field', () => {
    const dir = brokenCopy('templates/default-criteria.json', (doc) => {
      doc.bands = [];
    });
    dirs.push(dir);
    expect(() => loadCriteriaTemplates(dir)).toThrow(ReferenceDataError);
    expect(() => loadCriteriaTemplates(dir)).toThrow(/templates\/default-criteria\.json is invalid: bands/);
  });

  it('when a payer list names a Medicare Advantage carrier that is not a carrier, then loading stops and names it', () => {
    const dir = brokenCopy('payers/payer-names.json', (doc) => {
      doc.medicareAdvantageOnlyCarriers = ['notacarrier'];
    });
    dirs.push(dir);
    expect(() => loadPayerNames(dir)).toThrow(/notacarrier is not one of the carriers/);
  });

  it('when a marker is not written the way answers are normalised, then loading stops', () => {
    const dir = brokenCopy('payers/payer-names.json', (doc) => {
      doc.selfPay = ['Self-Pay'];
    });
    dirs.push(dir);
    expect(() => loadPayerNames(dir)).toThrow(/payers\/payer-names\.json is invalid/);
  });
});

describe('installing config/ at start, as the web role does (safety screen checked, compiled on first use)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('when the lexicon does not compile, then the start stops and the broken lexicon is not installed', () => {
    const installedBefore = tryGetInstalledSafetyLexicon();
    const dir = brokenCopy('safety/en.json', (doc) => {
      doc.spellings = { brethe: 'respiration' };
    });
    dirs.push(dir);
    expect(() => installReferenceData(dir, { safetyScreen: 'check' })).toThrow(SafetyLexiconError);
    expect(tryGetInstalledSafetyLexicon()).toBe(installedBefore);
  });

  it('when the shipped lexicon is only checked at start, then the first screening compiles it and flags a breathing emergency', () => {
    const { safetyVersion } = installReferenceData(undefined, { safetyScreen: 'check' });
    const builtIn = getBuiltInSafetyScreen();
    expect(builtIn.version).toBe(safetyVersion);
    expect(builtIn.screen.screen(['cnt breathe']).flagged).toBe(true);
  });
});
